package iis_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/httpsys/wire"
	"github.com/iisemu/iisemu/iis"
)

// pendingSite holds every request to /pending in a module that returns
// PENDING; the test resumes it, or never does.
func pendingSite(held chan iis.IHttpContext) *iis.Site {
	register := func(_ uint32, info iis.IHttpModuleRegistrationInfo, _ iis.IHttpServer) iis.HRESULT {
		return info.SetRequestNotifications(iis.NewModuleFactory(func() *pendingModule { return &pendingModule{held} }), iis.RQ_BEGIN_REQUEST, 0)
	}
	return &iis.Site{Name: "P", Applications: []*iis.Application{{Path: "/", Handler: text("handler\n"),
		Modules: []iis.ModuleEntry{{Name: "Pender", Register: register}}}}}
}

// TestCloseEndsAPendingRequest: a request its module leaves PENDING for
// good does not hold up Close or an expired Shutdown; it is resumed with
// FINISH_REQUEST (PIPE-4), on both transports.
func TestCloseEndsAPendingRequest(t *testing.T) {
	for _, tc := range []struct {
		name  string
		start func(*testing.T, *iis.Site, iis.Options) (*iis.Host, *wire.Client)
		stop  func(*iis.Host)
	}{
		{"model/Close", startHostWith, func(h *iis.Host) { h.Close() }},
		{"sockets/Close", startSocketHost, func(h *iis.Host) { h.Close() }},
		{"sockets/Shutdown", startSocketHost, func(h *iis.Host) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel() // already over: Shutdown falls back to Close at once
			h.Shutdown(ctx)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			held := make(chan iis.IHttpContext, 1)
			h, client := tc.start(t, pendingSite(held), iis.Options{})
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			var wg sync.WaitGroup
			wg.Add(1)
			go func() {
				defer wg.Done()
				client.Do(ctx, []byte("GET /pending HTTP/1.1\r\nHost: x\r\n\r\n"), 1)
			}()
			<-held
			stopped := make(chan struct{})
			go func() { tc.stop(h); close(stopped) }()
			select {
			case <-stopped:
			case <-ctx.Done():
				t.Fatal("the host did not stop while a request was pending")
			}
			wg.Wait()
		})
	}
}

// twicePoster posts two completions before it returns PENDING: the first
// waits to be taken when it returns, so the second comes while it waits.
type twicePoster struct{ results chan<- [2]iis.HRESULT }

func (m *twicePoster) Dispose() {}
func (m *twicePoster) OnBeginRequest(c iis.IHttpContext, _ iis.IHttpEventProvider) iis.RequestNotificationStatus {
	m.results <- [2]iis.HRESULT{c.PostCompletion(1), c.PostCompletion(2)}
	return iis.StatusPending
}
func (m *twicePoster) OnAsyncCompletion(c iis.IHttpContext, _ iis.RequestNotification, _ bool, _ iis.IHttpEventProvider, info iis.IHttpCompletionInfo) iis.RequestNotificationStatus {
	c.GetResponse().WriteEntityChunks([]iis.DataChunk{iis.ChunkFromMemory([]byte(fmt.Sprintf("completed %d\n", info.GetCompletionBytes())))}, false, false)
	return iis.StatusContinue
}

// TestSecondCompletionIsRefused: a module that posts a second completion
// before the first was taken gets ERROR_INVALID_STATE at once instead of
// blocking for good, and the request resumes once, with the first
// (PIPE-PEND-2).
func TestSecondCompletionIsRefused(t *testing.T) {
	results := make(chan [2]iis.HRESULT, 1)
	register := func(_ uint32, info iis.IHttpModuleRegistrationInfo, _ iis.IHttpServer) iis.HRESULT {
		return info.SetRequestNotifications(iis.NewModuleFactory(func() *twicePoster { return &twicePoster{results} }), iis.RQ_BEGIN_REQUEST, 0)
	}
	site := &iis.Site{Name: "P", Applications: []*iis.Application{{Path: "/", Handler: text("handler\n"),
		Modules: []iis.ModuleEntry{{Name: "Poster", Register: register}}}}}
	_, client := startHost(t, site)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res, err := client.Do(ctx, []byte("GET /p HTTP/1.1\r\nHost: x\r\n\r\n"), 1)
	if err != nil {
		t.Fatalf("the request did not end: %v", err)
	}
	if got := <-results; got != [2]iis.HRESULT{iis.S_OK, iis.HRESULT_FROM_WIN32(httpsys.ErrorInvalidState)} {
		t.Errorf("PostCompletion twice: %v, want S_OK then ERROR_INVALID_STATE", got)
	}
	if len(res.Final()) != 1 || string(res.Final()[0].Body) != "completed 1\nhandler\n" {
		t.Errorf("the request was not resumed once, with the first completion: %q", res.Received)
	}
}
