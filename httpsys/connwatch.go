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
	ch      chan struct{}        // made on demand, closed on the next change
}

// maxWatched bounds the memory of a long-running server: the oldest
// terminal entries are dropped past it.
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
		if len(w.latest) >= maxWatched {
			for k, e := range w.latest {
				if e.State.Terminal() {
					delete(w.latest, k)
				}
			}
		}
		w.latest[ev.Remote] = ev
	}
	w.wakeLocked()
	w.mu.Unlock()
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
