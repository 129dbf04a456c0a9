package conformance

import (
	"context"
	"strings"
)

// runPlain sends a wire-only target c's requests as they are, each asking
// for the target's own path, with no scenario or request-ID header: what
// the client sees is all there is to observe.
func (t *targetBackend) runPlain(ctx context.Context, c Case) (*Observation, error) {
	raw := c.Request
	if c.Template != "" {
		raw = []byte(strings.ReplaceAll(c.Template, "{path}", t.opts.Path))
	}
	conn, err := t.Client().Open(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	conn.Send(withHost(raw, t.opts.Host))
	res, err := finishOrLeave(ctx, conn, c.requests(), c.leave())
	if err != nil {
		return nil, err
	}
	if c.FireAfterResponses {
		res = awaitEnd(ctx, conn, c.requests())
	}
	return &Observation{Backend: "target", Client: res, Plain: true, lacks: t.Discover(ctx)}, nil
}
