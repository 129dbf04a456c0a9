package iis_test

import (
	"context"
	"encoding/json"
	"net"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/httpsys/wire"
	"github.com/iisemu/iisemu/iis"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

type beginOnly struct{}

func (beginOnly) Dispose() {}
func (beginOnly) OnBeginRequest(iis.IHttpContext, iis.IHttpEventProvider) iis.RequestNotificationStatus {
	return iis.StatusContinue
}

func registerFor(mask, post iis.RequestNotification) iis.RegisterModuleFunc {
	return func(_ uint32, info iis.IHttpModuleRegistrationInfo, _ iis.IHttpServer) iis.HRESULT {
		return info.SetRequestNotifications(iis.NewModuleFactory(func() beginOnly { return beginOnly{} }), mask, post)
	}
}

func load(mods ...iis.ModuleEntry) error {
	sys := httpsys.NewServer(httpsys.SystemClock{}, httpsys.Config{})
	_, err := iis.NewServer(sys, &iis.Site{Name: "T", Applications: []*iis.Application{{Path: "/a", Modules: mods}}}, iis.Options{})
	return err
}

func TestRegistrationRefusesNotificationsWithoutHandlers(t *testing.T) {
	cases := []struct {
		mask, post iis.RequestNotification
		want       string
	}{
		{iis.RQ_AUTHORIZE_REQUEST, 0, "registered for RQ_AUTHORIZE_REQUEST but the module has no OnAuthorizeRequest method"},
		{0, iis.RQ_BEGIN_REQUEST, "no OnPostBeginRequest method"},
		{iis.RQ_BEGIN_REQUEST, iis.RQ_SEND_RESPONSE, "RQ_SEND_RESPONSE has no post-notification"},
	}
	for _, c := range cases {
		err := load(iis.ModuleEntry{Name: "Bad", Register: registerFor(c.mask, c.post)})
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "module Bad") {
			t.Errorf("mask %v post %v: got %v, want an error naming the module and %q", c.mask, c.post, err, c.want)
		}
	}
	if err := load(iis.ModuleEntry{Name: "Good", Register: registerFor(iis.RQ_BEGIN_REQUEST, 0)}); err != nil {
		t.Fatalf("a module with its handler was refused: %v", err)
	}
}

func TestSiteErrors(t *testing.T) {
	good := iis.ModuleEntry{Name: "M", Register: registerFor(iis.RQ_BEGIN_REQUEST, 0)}
	if err := load(good, good); err == nil || !strings.Contains(err.Error(), "listed twice") {
		t.Errorf("duplicate module: %v", err)
	}
	failing := iis.ModuleEntry{Name: "F", Register: func(uint32, iis.IHttpModuleRegistrationInfo, iis.IHttpServer) iis.HRESULT { return iis.E_FAIL }}
	if err := load(failing); err == nil || !strings.Contains(err.Error(), "RegisterModule returned E_FAIL") {
		t.Errorf("failing RegisterModule: %v", err)
	}
}

func TestHRESULT(t *testing.T) {
	hr := iis.HRESULT_FROM_WIN32(httpsys.ErrorArithmeticOverflow)
	if uint32(hr) != 0x80070216 || hr.String() != "HRESULT_FROM_WIN32(ERROR_ARITHMETIC_OVERFLOW)" || !hr.Failed() {
		t.Fatalf("%08X %s", uint32(hr), hr)
	}
	if iis.S_OK.String() != "S_OK" || iis.S_OK.Failed() || iis.HRESULT_FROM_WIN32(0) != iis.S_OK {
		t.Fatal("S_OK")
	}
}

func TestNamesRoundTrip(t *testing.T) {
	for _, n := range append(iis.OrderedNotifications(), iis.RQ_SEND_RESPONSE, iis.RQ_MAP_PATH) {
		if got, ok := iis.ParseNotification(n.String()); !ok || got != n {
			t.Errorf("%v does not round-trip", n)
		}
	}
	if s := (iis.RQ_BEGIN_REQUEST | iis.RQ_END_REQUEST).String(); s != "RQ_BEGIN_REQUEST|RQ_END_REQUEST" {
		t.Errorf("mask string %q", s)
	}
	for _, p := range []string{"FIRST", "HIGH", "MEDIUM", "LOW", "LAST"} {
		if got, ok := iis.ParsePriority(p); !ok || got.String() != p {
			t.Errorf("priority %s", p)
		}
	}
	if _, ok := iis.ParseStatus("RQ_NOTIFICATION_PENDING"); !ok {
		t.Error("status")
	}
}

func TestEventJSONHasTheFieldsOfItsKind(t *testing.T) {
	cases := []struct {
		e    iis.Event
		want []string
	}{
		{iis.Event{Seq: 1, Kind: iis.EventNotification, Notification: iis.RQ_SEND_RESPONSE, Module: "M", Status: iis.StatusFinishRequest},
			[]string{`"event":"notification"`, `"notification":"RQ_SEND_RESPONSE"`, `"post":false`, `"status":"RQ_NOTIFICATION_FINISH_REQUEST"`}},
		{iis.Event{Seq: 2, Kind: iis.EventCall, Method: "WriteEntityChunks", Result: iis.S_OK},
			[]string{`"method":"WriteEntityChunks"`, `"result":"S_OK"`}},
		{iis.Event{Seq: 3, Kind: iis.EventClose, CloseKind: httpsys.Reset}, []string{`"kind":"reset"`, `"seq":3`}},
	}
	for _, c := range cases {
		b, err := json.Marshal(c.e)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range c.want {
			if !strings.Contains(string(b), w) {
				t.Errorf("%s lacks %s", b, w)
			}
		}
	}
}

// pendingModule returns PENDING from OnBeginRequest and hands its context
// to the test, which resumes it.
type pendingModule struct{ held chan<- iis.IHttpContext }

func (m *pendingModule) Dispose() {}
func (m *pendingModule) OnBeginRequest(c iis.IHttpContext, _ iis.IHttpEventProvider) iis.RequestNotificationStatus {
	if c.GetRequest().GetRawHttpRequest().AbsPath != "/pending" {
		return iis.StatusContinue
	}
	m.held <- c
	return iis.StatusPending
}
func (m *pendingModule) OnAsyncCompletion(c iis.IHttpContext, _ iis.RequestNotification, _ bool, _ iis.IHttpEventProvider, info iis.IHttpCompletionInfo) iis.RequestNotificationStatus {
	c.GetResponse().WriteEntityChunks([]iis.DataChunk{iis.ChunkFromMemory([]byte("completed\n"))}, false, false)
	return iis.StatusContinue
}

func startHost(t *testing.T, site *iis.Site) (*iis.Host, *wire.Client) {
	t.Helper()
	return startHostWith(t, site, iis.Options{})
}

func startHostWith(t *testing.T, site *iis.Site, opts iis.Options) (*iis.Host, *wire.Client) {
	t.Helper()
	tr := httpsys.NewMemTransport()
	h, err := iis.StartHost(tr, "127.0.0.1:80", site, httpsys.Config{Track: true}, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return h, &wire.Client{
		Dial:   func(ctx context.Context) (net.Conn, error) { return tr.Dial(ctx, h.Addr) },
		Clock:  tr.Clock(),
		Settle: wire.ServerSettler(h.Sys),
	}
}

func text(body string) *iis.Handler {
	chunks := []iis.DataChunk{iis.ChunkFromMemory([]byte(body))} // once: WriteEntityChunks copies them
	return &iis.Handler{Name: "H", Execute: func(c iis.IHttpContext) iis.RequestNotificationStatus {
		c.GetResponse().WriteEntityChunks(chunks, false, false)
		return iis.StatusContinue
	}}
}

func TestPendingRequestResumes(t *testing.T) {
	held := make(chan iis.IHttpContext, 1)
	register := func(_ uint32, info iis.IHttpModuleRegistrationInfo, _ iis.IHttpServer) iis.HRESULT {
		return info.SetRequestNotifications(iis.NewModuleFactory(func() *pendingModule { return &pendingModule{held} }), iis.RQ_BEGIN_REQUEST, 0)
	}
	site := &iis.Site{Name: "P", Applications: []*iis.Application{{Path: "/", Handler: text("handler\n"),
		Modules: []iis.ModuleEntry{{Name: "Pender", Register: register}}}}}
	_, client := startHost(t, site)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	for _, resume := range []struct {
		name string
		do   func(iis.IHttpContext)
		body string
	}{
		{"IndicateCompletion", func(c iis.IHttpContext) { c.IndicateCompletion(iis.StatusContinue) }, "handler\n"},
		{"PostCompletion", func(c iis.IHttpContext) { c.PostCompletion(0) }, "completed\nhandler\n"},
	} {
		var wg sync.WaitGroup
		var pending *wire.Result
		wg.Add(1)
		go func() {
			defer wg.Done()
			pending, _ = client.Do(ctx, []byte("GET /pending HTTP/1.1\r\nHost: x\r\n\r\n"), 1)
		}()
		c := <-held
		// While that request is pending, another connection is served.
		other, err := client.Do(ctx, []byte("GET /other HTTP/1.1\r\nHost: x\r\n\r\n"), 1)
		if err != nil || len(other.Final()) != 1 || string(other.Final()[0].Body) != "handler\n" {
			t.Fatalf("%s: a request on another connection was held up: %v %q", resume.name, err, other.Received)
		}
		resume.do(c)
		wg.Wait()
		if pending == nil || len(pending.Final()) != 1 || string(pending.Final()[0].Body) != resume.body {
			t.Fatalf("%s: resumed request: %+v", resume.name, pending)
		}
	}
}

func TestRoutingAndNotFound(t *testing.T) {
	site := &iis.Site{Name: "R", Applications: []*iis.Application{
		{Path: "/app", Handler: text("app\n")},
		{Path: "/app/sub", Handler: text("sub\n")},
	}}
	_, client := startHost(t, site)
	for path, want := range map[string]string{
		"/app": "app\n", "/app/x": "app\n", "/app/sub/y": "sub\n", "/application": "404 Not Found\n", "/": "404 Not Found\n",
	} {
		res, err := client.Do(context.Background(), []byte("GET "+path+" HTTP/1.1\r\nHost: x\r\n\r\n"), 1)
		if err != nil || len(res.Final()) != 1 || string(res.Final()[0].Body) != want {
			t.Errorf("%s: %v %q", path, err, res.Received)
		}
	}
}

func TestRawRequestAndResponse(t *testing.T) {
	var req *iis.RawHttpRequest
	var resp *iis.RawHttpResponse
	site := &iis.Site{Name: "Raw", Applications: []*iis.Application{{Path: "/raw", Handler: &iis.Handler{Name: "H",
		Execute: func(c iis.IHttpContext) iis.RequestNotificationStatus {
			r := c.GetResponse()
			r.SetStatus(201, "Created")
			r.SetHeader("X-A", "1", true)
			r.WriteEntityChunks([]iis.DataChunk{iis.ChunkFromMemory([]byte("body"))}, false, false)
			req, resp = c.GetRequest().GetRawHttpRequest(), r.GetRawHttpResponse()
			resp.Entity[0][0] = 'B' // a copy: the response is unchanged
			return iis.StatusContinue
		}}}}}
	_, client := startHost(t, site)
	res, err := client.Do(context.Background(), []byte("GET /raw/x?q=1 HTTP/1.1\r\nHost: h\r\nX-In: v\r\n\r\n"), 1)
	if err != nil {
		t.Fatal(err)
	}
	if req.Verb != "GET" || req.AbsPath != "/raw/x" || req.QueryString != "?q=1" || req.Version != "HTTP/1.1" || len(req.Headers) != 2 || req.Headers[1].Value != "v" {
		t.Errorf("raw request %+v", req)
	}
	// IIS's Server value joins the headers only at the send (HD-3).
	if resp.StatusCode != 201 || resp.Reason != "Created" || len(resp.Entity) != 1 || len(resp.Headers) != 1 || resp.Headers[0].Name != "X-A" {
		t.Errorf("raw response %+v", resp)
	}
	if got := string(res.Final()[0].Body); got != "body" {
		t.Errorf("client got %q: changing the raw copy must not change the response", got)
	}
}

// TestRequestChangesLeaveTheRawRequest: SetHeader and DeleteHeader change
// what GetHeader sees (RQ-SET-1); GetRawHttpRequest keeps what the client
// sent.
func TestRequestChangesLeaveTheRawRequest(t *testing.T) {
	var raw *iis.RawHttpRequest
	var agent, accept string
	site := &iis.Site{Name: "Change", Applications: []*iis.Application{{Path: "/c", Handler: &iis.Handler{Name: "H",
		Execute: func(c iis.IHttpContext) iis.RequestNotificationStatus {
			r := c.GetRequest()
			r.SetHeader("User-Agent", "module", true)
			r.DeleteHeader("Accept")
			agent, accept = r.GetHeader("User-Agent"), r.GetHeader("Accept")
			raw = r.GetRawHttpRequest()
			return iis.StatusContinue
		}}}}}
	_, client := startHost(t, site)
	if _, err := client.Do(context.Background(), []byte("GET /c HTTP/1.1\r\nAccept: a\r\nUser-Agent: client\r\nHost: h\r\n\r\n"), 1); err != nil {
		t.Fatal(err)
	}
	if agent != "module" || accept != "" {
		t.Errorf("after the changes GetHeader gives User-Agent %q, Accept %q", agent, accept)
	}
	want := []httpsys.Header{{Name: "Accept", Value: "a"}, {Name: "User-Agent", Value: "client"}, {Name: "Host", Value: "h"}}
	if !slices.Equal(raw.Headers, want) {
		t.Errorf("GetRawHttpRequest's headers %+v, want what the client sent %+v", raw.Headers, want)
	}
}
