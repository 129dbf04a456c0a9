package iis

import (
	"context"
	"sync"

	"github.com/iisemu/iisemu/httpsys"
)

// Host is a running emulator: a transport listener, HTTP.sys and the
// pipeline, wired together. The same Host serves the in-memory model and
// real sockets; only the Transport differs.
type Host struct {
	Transport httpsys.Transport
	Sys       *httpsys.Server
	IIS       *Server
	// Addr is where clients connect (host:port).
	Addr string

	wg      sync.WaitGroup
	once    sync.Once
	stopped chan struct{} // closed when the accept loop returns
	err     error         // why it returned, set before stopped closes
}

// StartHost loads site and serves it on tr at addr ("127.0.0.1:0" picks a
// port). The accept loop's own notices (an Accept failing for want of
// descriptors, and recovering) go to sysCfg.Logger.
func StartHost(tr httpsys.Transport, addr string, site *Site, sysCfg httpsys.Config, opts Options) (*Host, error) {
	sys := httpsys.NewServer(tr.Clock(), sysCfg)
	if opts.Clock == nil {
		opts.Clock = tr.Clock()
	}
	srv, err := NewServer(sys, site, opts)
	if err != nil {
		return nil, err
	}
	l, err := tr.Listen(addr)
	if err != nil {
		return nil, err
	}
	h := &Host{Transport: tr, Sys: sys, IIS: srv, Addr: l.Addr().String(), stopped: make(chan struct{})}
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		h.err = sys.Serve(l)
		close(h.stopped)
	}()
	return h, nil
}

// Stopped is closed when the host no longer accepts connections: after
// Close or Shutdown, or when the listener failed for good (Err says why).
// Temporary failures such as running out of descriptors do not stop it.
func (h *Host) Stopped() <-chan struct{} { return h.stopped }

// Err is why the host stopped accepting, once Stopped is closed:
// httpsys.ErrServerClosed after Close or Shutdown, else the listener's error.
func (h *Host) Err() error {
	select {
	case <-h.stopped:
		return h.err
	default:
		return nil
	}
}

// Close stops everything abortively and waits; it is idempotent.
func (h *Host) Close() error {
	h.once.Do(func() {
		// A pending request holds its connection's goroutine, which
		// HTTP.sys's Close waits for: resume it first.
		h.IIS.resumePending()
		h.Sys.Close()
		h.IIS.Close()
		h.wg.Wait()
	})
	return nil
}

// Shutdown stops gracefully: requests under way finish, then Close.
func (h *Host) Shutdown(ctx context.Context) error {
	h.IIS.StopListening(true)
	// When ctx ends first, HTTP.sys falls back to Close, which waits for
	// every connection's goroutine: a pending request must be resumed
	// for its goroutine to end.
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-ctx.Done():
			h.IIS.resumePending()
		case <-done:
		}
	}()
	err := h.Sys.Shutdown(ctx)
	h.Close()
	return err
}
