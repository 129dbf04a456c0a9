package iis_test

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/httpsys/wire"
	"github.com/iisemu/iisemu/iis"
)

// TestTimeTakenFromFirstByte: time-taken runs from the request's first
// byte, before HTTP.sys has the whole head, to the last send (LOG-TT-1).
// The model's clock moves 5 s between the head's two halves and 3 s in the
// handler: 8000 ms, where timing the pipeline alone would give 3000.
func TestTimeTakenFromFirstByte(t *testing.T) {
	tr := httpsys.NewMemTransport()
	clock := tr.ManualClock()
	site := &iis.Site{Name: "Timed", Applications: []*iis.Application{{Path: "/", Handler: &iis.Handler{Name: "H",
		Execute: func(c iis.IHttpContext) iis.RequestNotificationStatus {
			clock.Advance(3 * time.Second)
			c.GetResponse().WriteEntityChunks([]iis.DataChunk{iis.ChunkFromMemory([]byte("x"))}, false, false)
			return iis.StatusContinue
		}}}}}
	var logs logLines
	h, err := iis.StartHost(tr, "127.0.0.1:80", site, httpsys.Config{Track: true}, iis.Options{RequestLog: logs.add})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	client := &wire.Client{Dial: func(ctx context.Context) (net.Conn, error) { return tr.Dial(ctx, h.Addr) }, Clock: tr.Clock()}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := client.Open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.Send([]byte("GET / HTTP/1.1\r\nHost: x\r\n"))
	clock.WaitArmed(clock.Now().Add(httpsys.DefaultTimer), ctx.Done()) // HeaderWait: the first byte is in
	clock.Advance(5 * time.Second)
	conn.Send([]byte("Connection: close\r\n\r\n"))
	if res := conn.Finish(ctx, 1); len(res.Final()) != 1 {
		t.Fatalf("received %q", res.Received)
	}
	h.Close() // the request is logged once the host has stopped
	got := logs.all()
	if len(got) != 1 || got[0].TimeTakenMs != 8000 {
		t.Fatalf("log entries %+v, want one with time-taken 8000", got)
	}
}
