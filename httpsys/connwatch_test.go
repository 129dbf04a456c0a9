package httpsys

import (
	"fmt"
	"testing"
	"time"
)

// watchWithOpen is a tracking connWatch holding open connections from
// that many addresses, past maxWatched when open is large.
func watchWithOpen(open int) *connWatch {
	w := &connWatch{}
	w.init(true)
	for i := range open {
		w.record(ConnEvent{Remote: fmt.Sprintf("10.0.%d.%d:1", i/250, i%250), State: StateIdle})
	}
	return w
}

// churn records n changes of one client's connections, as a keep-alive
// request and a new connection do: active, idle, then closed and a new one.
func churn(w *connWatch, n int) {
	for i := range n {
		remote := fmt.Sprintf("127.0.0.1:%d", 1024+i%4)
		for _, st := range []ConnState{StateNew, StateActive, StateIdle, StateClosed} {
			w.record(ConnEvent{Remote: remote, State: st})
		}
	}
}

// TestConnWatchChangeIndependentOfOpenConnections: a change costs the same
// with 10,000 connections open as with 10 (it walked every entry past
// maxWatched, which made a server quadratic in its open connections).
func TestConnWatchChangeIndependentOfOpenConnections(t *testing.T) {
	const changes = 2000
	cost := func(open int) time.Duration {
		w := watchWithOpen(open)
		best := time.Duration(1 << 62)
		for range 3 { // the least of three runs: the machine is shared
			start := time.Now()
			churn(w, changes)
			best = min(best, time.Since(start))
		}
		return best
	}
	few, many := cost(10), cost(10_000)
	if many > 10*few+5*time.Millisecond {
		t.Errorf("%d changes took %v with 10,000 connections open, %v with 10: a change walks the open connections", changes, many, few)
	}
}

// TestConnWatchKeepsOpenConnections: past maxWatched, the connections that
// ended longest ago are dropped, never one still open, and the map stays
// within maxWatched once enough have ended.
func TestConnWatchKeepsOpenConnections(t *testing.T) {
	w := watchWithOpen(maxWatched + 100)
	churn(w, 50)
	for i := range maxWatched + 100 {
		if _, ok := w.latest[fmt.Sprintf("10.0.%d.%d:1", i/250, i%250)]; !ok {
			t.Fatalf("open connection %d was dropped", i)
		}
	}
	for i := range maxWatched + 100 {
		w.record(ConnEvent{Remote: fmt.Sprintf("10.0.%d.%d:1", i/250, i%250), State: StateClosed})
	}
	churn(w, 3*maxWatched)
	if len(w.latest) > maxWatched {
		t.Errorf("%d entries kept, want at most %d once the connections ended", len(w.latest), maxWatched)
	}
	if len(w.ended) > 2*maxWatched {
		t.Errorf("%d ended addresses queued, want at most %d", len(w.ended), 2*maxWatched)
	}
}

// BenchmarkConnWatchChange reports the cost of one connection change with
// 10 and with 10,000 connections open: flat.
func BenchmarkConnWatchChange(b *testing.B) {
	for _, open := range []int{10, 10_000} {
		b.Run(fmt.Sprintf("open=%d", open), func(b *testing.B) {
			w := watchWithOpen(open)
			b.ResetTimer()
			churn(w, b.N)
		})
	}
}
