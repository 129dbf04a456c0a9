package conformance

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net"
	"os"
	"syscall"
	"time"

	"github.com/iisemu/iisemu/fixtures"
	"github.com/iisemu/iisemu/httpsys/wire"
)

// preflightTimeout bounds the whole preflight.
const preflightTimeout = 10 * time.Second

// Preflight checks, before any spec runs, that a target can be run
// against, and says in one sentence what is wrong when it cannot: that
// nothing answers at its address; or, unless it is wire-only, that it does
// not run the hello scenario as fixtures/PROTOCOL.md says, or does not
// serve that request's trace when it serves traces at all. It also reads
// each endpoint's index, once for the run (see Discover). A backend that
// is not a target passes.
func Preflight(ctx context.Context, b Backend) error {
	t, ok := b.(*targetBackend)
	if !ok {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, preflightTimeout)
	defer cancel()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", t.addr)
	if err != nil {
		return fmt.Errorf("cannot reach %s: %s; is the server running?", t.addr, dialCause(err))
	}
	conn.Close()
	if t.opts.WireOnly {
		return nil
	}
	t.Discover(ctx)
	if g := t.Gone(); g != nil { // it went away between the two
		return fmt.Errorf("cannot reach %s: %s; is the server running?", t.addr, dialCause(g))
	}
	return t.runsHello(ctx)
}

// runsHello sends the hello scenario (no module; the handler answers
// fixtures.HandlerBody) and checks the answer and, when the target serves
// traces, the request's trace.
func (t *targetBackend) runsHello(ctx context.Context) error {
	raw, ids, err := t.tag(hello, []byte("GET "+hello.Path()+" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
	if err != nil {
		return err
	}
	res, err := t.Client().Do(ctx, raw, 1)
	if err != nil {
		return fmt.Errorf("cannot reach %s: %s; is the server running?", t.addr, dialCause(err))
	}
	final := res.Final()
	switch {
	case len(final) == 0 || !final[0].Complete():
		return fmt.Errorf("%s gave no complete answer to the hello scenario (%d bytes, then the connection ended %v); it does not run scenarios (see fixtures/PROTOCOL.md), or give --wire-only",
			t.addr, len(res.Received), res.Close)
	case final[0].StatusCode != 200 || string(final[0].Body) != fixtures.HandlerBody:
		return fmt.Errorf("%s answered the hello scenario with %s; it does not run scenarios (see fixtures/PROTOCOL.md), or give --wire-only",
			t.addr, describeAnswer(final[0]))
	}
	if t.noTraces != "" {
		return nil
	}
	tr, err := t.trace(ctx, ids[0])
	switch {
	case err != nil:
		return fmt.Errorf("%s ran the hello scenario but its trace endpoint failed: %v (see fixtures/PROTOCOL.md)", t.addr, err)
	case tr == nil:
		return fmt.Errorf("%s ran the hello scenario but has no trace for its request ID %s (see fixtures/PROTOCOL.md)", t.addr, ids[0])
	case tr.Tag != ids[0]:
		return fmt.Errorf("%s answered the trace of request ID %s with the trace of %q (see fixtures/PROTOCOL.md)", t.addr, ids[0], tr.Tag)
	}
	return nil
}

// describeAnswer says in a few words what a response was: its status and
// the size and type of its body.
func describeAnswer(r wire.Response) string {
	s := fmt.Sprintf("%d %s and %d bytes", r.StatusCode, r.Reason, len(r.Body))
	if ct := r.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err == nil {
			ct = mt
		}
		s += " of " + ct
	}
	if r.StatusCode == 200 && len(r.Body) > 0 {
		s += fmt.Sprintf(", not the scenario's %q", fixtures.HandlerBody)
	}
	return s
}

// dialCause is the reason a connection attempt failed, in a few words:
// the system's ("connection refused"), the resolver's, or the timeout.
func dialCause(err error) string {
	var errno syscall.Errno
	var dns *net.DNSError
	switch {
	case errors.As(err, &errno):
		return errno.Error()
	case errors.As(err, &dns):
		return dns.Err
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded):
		return fmt.Sprintf("no answer within %v", preflightTimeout)
	}
	return err.Error()
}
