package httpsys

import (
	"context"
	"sync"
	"sync/atomic"
)

// connWatch keeps the latest state of each connection by client address,
// so that an in-process observer (a test, the conformance driver) can wait
// for a connection to settle without any timer.
type connWatch struct {
	waiters atomic.Int32 // goroutines in changed(); record skips the lock when none wait and nothing is tracked
	mu      sync.Mutex
	track   bool                 // keep latest (Config.Track)
	latest  map[string]ConnEvent // by client address
	ended   []string             // addresses whose connection ended, oldest first; some since reused
	ch      chan struct{}        // made on demand, closed on the next change
}

// maxWatched bounds the memory of a long-running server: past it, the
// entry of the connection that ended longest ago is dropped. Connections
// still open are never dropped, however many there are, and a change
// costs the same however many connections are open.
const maxWatched = 4096

func (w *connWatch) init(track bool) {
	w.track = track
	w.latest = make(map[string]ConnEvent)
}

func (w *connWatch) record(ev ConnEvent) {
	if !w.track && w.waiters.Load() == 0 {
		return
	}
	w.mu.Lock()
	if w.track {
		w.latest[ev.Remote] = ev
		for len(w.latest) > maxWatched {
			if !w.dropOldestEnded(ev.Remote) {
				break
			}
		}
		if ev.State.Terminal() {
			w.ended = append(w.ended, ev.Remote)
			if len(w.ended) > 2*maxWatched {
				w.compactEnded()
			}
		}
	}
	w.wakeLocked()
	w.mu.Unlock()
}

// dropOldestEnded forgets the connection that ended longest ago, other
// than keep's, and reports whether there was one. An address in ended
// whose entry is a later connection still open, or already gone, is
// passed over; each address is looked at once, so a drop costs O(1)
// amortized. The caller holds w.mu.
func (w *connWatch) dropOldestEnded(keep string) bool {
	for len(w.ended) > 0 {
		k := w.ended[0]
		w.ended = w.ended[1:]
		if e, ok := w.latest[k]; ok && e.State.Terminal() && k != keep {
			delete(w.latest, k)
			return true
		}
	}
	return false
}

// compactEnded keeps in ended only the addresses whose entry is still an
// ended connection, once each, so that it stays within a few times the
// map's size. Run once per maxWatched ends, it costs O(1) per end. The
// caller holds w.mu.
func (w *connWatch) compactEnded() {
	seen := make(map[string]bool, len(w.ended))
	kept := w.ended[:0:0]
	for _, k := range w.ended {
		if e, ok := w.latest[k]; ok && e.State.Terminal() && !seen[k] {
			seen[k] = true
			kept = append(kept, k)
		}
	}
	w.ended = kept
}

// wake tells waiters something changed without recording an event.
func (w *connWatch) wake() {
	if w.waiters.Load() == 0 {
		return
	}
	w.mu.Lock()
	w.wakeLocked()
	w.mu.Unlock()
}

func (w *connWatch) wakeLocked() {
	if w.ch != nil {
		close(w.ch)
		w.ch = nil
	}
}

// changedLocked returns a channel closed at the next recorded event. The
// caller counts itself in waiters while it waits.
func (w *connWatch) changedLocked() <-chan struct{} {
	if w.ch == nil {
		w.ch = make(chan struct{})
	}
	return w.ch
}

func (w *connWatch) changed() <-chan struct{} {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.changedLocked()
}

// WaitSettled needs Config.Track. It blocks until the server's connection from client address
// remote has either ended (Closed or Reset) or gone idle having answered at
// least served requests. It returns the event it settled on. A connection
// in Closing counts as ended: its FIN is already on the wire.
func (s *Server) WaitSettled(ctx context.Context, remote string, served int) (ConnEvent, error) {
	w := &s.watch
	w.waiters.Add(1)
	defer w.waiters.Add(-1)
	for {
		w.mu.Lock()
		ev, ok := w.latest[remote]
		ch := w.changedLocked()
		w.mu.Unlock()
		if ok {
			switch {
			case ev.State.Terminal(), ev.State == StateClosing:
				return ev, nil
			case ev.State == StateIdle && ev.Served >= served:
				return ev, nil
			}
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ev, ctx.Err()
		}
	}
}
