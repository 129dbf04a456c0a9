package iis_test

import (
	"context"
	"net"
	"testing"

	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/httpsys/wire"
	"github.com/iisemu/iisemu/iis"
)

// TestNeedDisconnectDecision runs SetNeedDisconnect under both readings of
// ND-2: the client gets the whole response either way, then FIN by default
// and RST when Decisions.NeedDisconnectClosesOrderly is FALSE, on the
// in-memory transport and on loopback sockets.
func TestNeedDisconnectDecision(t *testing.T) {
	t.Run("model", func(t *testing.T) { needDisconnectDecision(t, startHostWith) })
	t.Run("sockets", func(t *testing.T) { needDisconnectDecision(t, startSocketHost) })
}

// startSocketHost is startHostWith on loopback TCP.
func startSocketHost(t *testing.T, site *iis.Site, opts iis.Options) (*iis.Host, *wire.Client) {
	t.Helper()
	h, err := iis.StartHost(httpsys.TCPTransport{}, "127.0.0.1:0", site, httpsys.Config{Track: true}, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return h, &wire.Client{
		Dial: func(ctx context.Context) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "tcp", h.Addr)
		},
		Settle: wire.ServerSettler(h.Sys),
	}
}

func needDisconnectDecision(t *testing.T, start func(*testing.T, *iis.Site, iis.Options) (*iis.Host, *wire.Client)) {
	for _, tc := range []struct {
		orderly bool
		want    httpsys.CloseKind
	}{{true, httpsys.Closed}, {false, httpsys.Reset}} {
		dec := iis.DefaultDecisions
		dec.NeedDisconnectClosesOrderly = tc.orderly
		site := &iis.Site{Name: "ND", Applications: []*iis.Application{{Path: "/nd", Handler: &iis.Handler{Name: "H",
			Execute: func(c iis.IHttpContext) iis.RequestNotificationStatus {
				r := c.GetResponse()
				r.SetNeedDisconnect()
				r.WriteEntityChunks([]iis.DataChunk{iis.ChunkFromMemory([]byte("whole body\n"))}, false, false)
				return iis.StatusContinue
			}}}}}
		_, client := start(t, site, iis.Options{Decisions: &dec})
		res, err := client.Do(context.Background(), []byte("GET /nd HTTP/1.1\r\nHost: h\r\n\r\n"), 1)
		if err != nil {
			t.Fatal(err)
		}
		if res.Close != tc.want {
			t.Errorf("orderly=%t: connection ended %v, want %v", tc.orderly, res.Close, tc.want)
		}
		if f := res.Final(); len(f) != 1 || string(f[0].Body) != "whole body\n" || !f[0].Complete() {
			t.Errorf("orderly=%t: client got %q, want the whole response", tc.orderly, res.Received)
		}
	}
}
