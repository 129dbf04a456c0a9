package conformance

import (
	"context"
	"time"

	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/httpsys/wire"
)

// exchangeTimeout bounds one exchange; the model never needs it, it only
// turns a hang into a failure.
const exchangeTimeout = 10 * time.Second

// Exchange sends raw on a new connection to in and observes the result:
// what the client saw, the server-side traces and the error log.
func Exchange(ctx context.Context, backend string, in Instance, raw []byte, requests int) (*Observation, error) {
	return exchange(ctx, backend, in, Case{Request: raw, Requests: requests})
}

// exchange is Exchange for c's request, which also lets c's timer expire
// (Timer, FireAfterResponses) and leaves as c's scenario says.
func exchange(ctx context.Context, backend string, in Instance, c Case) (*Observation, error) {
	ctx, cancel := context.WithTimeout(ctx, exchangeTimeout)
	defer cancel()
	conn, err := in.Client().Open(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	conn.Send(c.Request)
	// An instance on its own clock is told to let the timer expire; on the
	// wall clock the server's short timer expires by itself.
	firer, ownClock := in.(TimerFirer)
	fired := make(chan error, 1)
	if c.Timer != "" && !c.FireAfterResponses && ownClock {
		go func() { fired <- firer.Fire(ctx, httpsys.DefaultTimer) }()
	} else {
		fired <- nil
	}
	res, err := finishOrLeave(ctx, conn, c.requests(), c.leave())
	if err != nil {
		return nil, err
	}
	if err := <-fired; err != nil {
		return nil, err
	}
	if c.FireAfterResponses {
		if ownClock {
			if err := firer.Fire(ctx, httpsys.DefaultTimer); err != nil {
				return nil, err
			}
		}
		res = awaitEnd(ctx, conn, c.requests())
	}
	traces, err := in.Traces(ctx, conn.LocalAddr())
	if err != nil {
		return nil, err
	}
	return &Observation{Backend: backend, Client: res, Traces: traces, ErrorLog: in.ErrorLog(conn.LocalAddr()),
		RequestLog: in.RequestLog(conn.LocalAddr())}, nil
}

// awaitEnd waits for the server to end a connection it has answered (or
// for ctx), and returns all that was observed.
func awaitEnd(ctx context.Context, conn *wire.Conn, requests int) *wire.Result {
	conn.ReadSome(ctx) // its error is the end being waited for
	return conn.Finish(ctx, requests)
}

// finishOrLeave reads the responses to the end, or, with leave set, waits
// for the first bytes and then leaves: "reset" or "close".
func finishOrLeave(ctx context.Context, conn *wire.Conn, requests int, leave string) (*wire.Result, error) {
	if leave == "" {
		return conn.Finish(ctx, requests), nil
	}
	if err := conn.ReadSome(ctx); err != nil {
		return nil, err
	}
	return conn.Leave(leave == "reset"), nil
}
