package httpsys

import (
	"errors"
	"net"
	"syscall"
	"time"
)

// The accept loop's back-off after a temporary error, as net/http's
// Server.Serve does it: 5 ms, doubling, at most 1 s.
const (
	acceptBackoffMin = 5 * time.Millisecond
	acceptBackoffMax = time.Second
)

// temporaryAcceptError reports whether err is a failure the next Accept may
// not share: the process or the system is out of descriptors (EMFILE,
// ENFILE) or buffers (ENOBUFS, ENOMEM), or a connection was aborted before
// it could be taken (ECONNABORTED). A closed listener is never temporary.
func temporaryAcceptError(err error) bool {
	if errors.Is(err, net.ErrClosed) {
		return false
	}
	for _, e := range [...]syscall.Errno{syscall.EMFILE, syscall.ENFILE, syscall.ENOBUFS, syscall.ENOMEM, syscall.ECONNABORTED} {
		if errors.Is(err, e) {
			return true
		}
	}
	var t interface{ Temporary() bool }
	return errors.As(err, &t) && t.Temporary()
}

// acceptBackoff is the accept loop's state across a burst of temporary
// errors: the next wait, and how many errors the burst has had. The burst
// is reported once when it begins and once when Accept succeeds again.
type acceptBackoff struct {
	s      *Server
	l      Listener
	delay  time.Duration
	errors int
}

// failed records a temporary error and waits before the next Accept, on
// the server's clock. It returns false when the server closed meanwhile.
func (b *acceptBackoff) failed(err error) bool {
	if b.delay == 0 {
		b.delay = acceptBackoffMin
		b.s.logf("httpsys: accept on %s: %v; retrying with back-off up to %v", b.l.Addr(), err, acceptBackoffMax)
	} else {
		b.delay = min(2*b.delay, acceptBackoffMax)
	}
	b.errors++
	wake := make(chan struct{})
	t := b.s.clock.AfterFunc(b.delay, func() { close(wake) })
	select {
	case <-wake:
		return true
	case <-b.s.done:
		t.Stop()
		return false
	}
}

// accepted ends a burst, if one was under way.
func (b *acceptBackoff) accepted() {
	if b.errors > 0 {
		b.s.logf("httpsys: accept on %s: accepting again after %d failed attempts", b.l.Addr(), b.errors)
	}
	b.delay, b.errors = 0, 0
}
