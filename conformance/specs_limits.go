package conformance

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/iisemu/iisemu/conformance/report"
	"github.com/iisemu/iisemu/fixtures"
	"github.com/iisemu/iisemu/fixtures/protocol"
	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/httpsys/wire"
)

// socketTimer is the length on sockets of the timer a spec expires; the
// model keeps the documented defaults and advances its clock.
const socketTimer = 60 * time.Millisecond

// connTimers are the timers of a connection; RequestQueue, the
// application's, keeps its default (the pipeline takes requests at once).
var connTimers = []string{"EntityBody", "DrainEntityBody", "IdleConnection", "HeaderWait"}

// onlyTimer makes every connection timer but which an hour long: on the
// model, so that which is the only one due at its documented 120 s and
// Fire cannot catch another; on sockets, so that only which is small (a
// small timer the spec does not mean to expire can expire on a loaded
// machine before the server reads what is already there: Go checks a
// read deadline before it reads).
func onlyTimer(which string) func(bool) httpsys.Config {
	return func(model bool) httpsys.Config {
		due := httpsys.DefaultTimer
		if !model {
			due = socketTimer
		}
		var t httpsys.Timeouts
		for _, name := range connTimers {
			*t.Timer(name) = time.Hour
		}
		*t.Timer(which) = due
		return httpsys.Config{Timeouts: t}
	}
}

// limitCase sends raw ({path}: the hello scenario's) with HTTP.sys at
// its defaults; it needs no scripted module (SysCase).
func limitCase(id, raw string) Case { return SysCase(id, raw, 1) }

// timerCase is c where the HTTP.sys timer which (onlyTimer) expires once
// the request is sent.
func timerCase(c Case, which string) Case {
	c.Timer = which
	return c
}

func limits(l httpsys.Limits) func(bool) httpsys.Config {
	return func(bool) httpsys.Config { return httpsys.Config{Limits: l} }
}

// rejected checks HTTP.sys's own answer: on the wire its status, heading
// and orderly close; on the server no trace, and the error-log reason.
func rejected(status int, heading string, reason httpsys.LogReason) Checks {
	return Checks{Wire: func(o *Observation) {
		Expect(o).To(HaveResponses(1))
		r := o.Response(0)
		Expect(r).To(HaveStatus(status))
		Expect(r).To(HaveHeader("Server", "Microsoft-HTTPAPI/2.0"))
		Expect(r).To(HaveBodyContaining("<h2>" + heading + "</h2>"))
		Expect(o).To(BeClosedGracefully())
	}, Server: func(o *Observation) {
		Expect(o.ServerTraces()).To(BeEmpty(), "the pipeline must never see it")
		Expect(o.ErrorReasons()).To(Equal([]httpsys.LogReason{reason}))
	}}
}

var _ = Area("HTTP.sys limits", func() {
	// SYS-LIM-1 [DOC] HTTP.sys enforces its registry limits; each violation
	// is answered by HTTP.sys itself (SYS-ERR-1/2), logged (SYS-LOG-1), and
	// closed in an orderly way.
	// Source: learn.microsoft.com/troubleshoot/developer/webapps/iis/iisadmin-service-inetinfo/httpsys-registry-windows
	//
	// The requests below break the limits at their defaults, so that they
	// run on any target as configured out of the box. A header line over
	// MaxFieldLength also takes the head over MaxRequestBytes (both 16,384
	// by default); that the line is reported (FieldLength) is INFER: the
	// line is checked as it is read, before the head's total.
	Behaviour("refuses a header line over MaxFieldLength", []string{"SYS-LIM-1", "SYS-ERR-2", "SYS-LOG-1"},
		limitCase("max-field-length", "GET {path} HTTP/1.1\r\nHost: x\r\nX-Long: "+strings.Repeat("v", httpsys.DefaultMaxFieldLength)+"\r\n\r\n"), rejected(400, "Bad Request - Request Too Long", httpsys.ReasonFieldLength))
	Behaviour("refuses a head over MaxRequestBytes", []string{"SYS-LIM-1", "SYS-LOG-1"},
		limitCase("max-request-bytes", "GET {path} HTTP/1.1\r\nHost: x\r\n"+
			strings.Repeat("X-H: "+strings.Repeat("0123456789", 100)+"\r\n", httpsys.DefaultMaxRequestBytes/1000+1)+"\r\n"), rejected(400, "Bad Request - Request Too Long", httpsys.ReasonRequestLength))
	Behaviour("refuses a URL segment over UrlSegmentMaxLength", []string{"SYS-LIM-1", "SYS-LOG-1"},
		limitCase("url-segment-length", "GET {path}/"+strings.Repeat("s", httpsys.DefaultUrlSegmentMaxLength+1)+" HTTP/1.1\r\nHost: x\r\n\r\n"),
		rejected(400, "Bad Request - Invalid URL", httpsys.ReasonURL))
	Behaviour("refuses more path segments than UrlSegmentMaxCount", []string{"SYS-LIM-1"},
		limitCase("url-segment-count", "GET "+strings.Repeat("/s", httpsys.DefaultUrlSegmentMaxCount+1)+" HTTP/1.1\r\nHost: x\r\n\r\n"), rejected(400, "Bad Request - Invalid URL", httpsys.ReasonURL))
	Behaviour("refuses restricted characters unless AllowRestrictedChars", []string{"SYS-LIM-1"},
		limitCase("restricted-chars", "GET {path}%01 HTTP/1.1\r\nHost: x\r\n\r\n"), rejected(400, "Bad Request - Invalid URL", httpsys.ReasonURL))
	Behaviour("answers an unsupported version with 505", []string{"SYS-ERR-2", "SYS-LOG-1"},
		limitCase("version-505", "GET {path} HTTP/1.2\r\nHost: x\r\n\r\n"), rejected(505, "HTTP Version Not Supported", httpsys.ReasonVersion))
	Behaviour("answers a request line over MaxFieldLength with 414", []string{"SYS-LIM-1", "SYS-ERR-2"},
		limitCase("url-too-long", "GET /"+strings.Repeat("a/", httpsys.DefaultMaxFieldLength/2)+" HTTP/1.1\r\nHost: x\r\n\r\n"), rejected(414, "Request URL Too Long", httpsys.ReasonURLLength))
})

var _ = Area("HTTP.sys timers", func() {
	// SYS-TIME-1 [DOC] HeaderWait drops a client that sends its head too
	// slowly (a slowloris); IdleConnection closes a connection that sends
	// nothing. HTTP.sys closes in an orderly way, answers nothing, and logs
	// the timer (SYS-LOG-1).
	// Source: win:ns-http-http_timeout_limit_info
	Behaviour("drops a slowloris client when HeaderWait expires", []string{"SYS-TIME-1", "SYS-LOG-1"},
		timerCase(SysCase("header-wait", "GET {path} HTTP/1.1\r\nHost: x\r\nX-Slow: a", 1), "HeaderWait"),
		Checks{Wire: func(o *Observation) {
			Expect(o).To(ReceiveNothing())
			Expect(o).To(BeClosedGracefully())
		}, Server: func(o *Observation) {
			Expect(o.ErrorReasons()).To(Equal([]httpsys.LogReason{httpsys.ReasonTimerHeaderWait}))
		}})
	Behaviour("closes an idle connection when IdleConnection expires", []string{"SYS-TIME-1", "SYS-LOG-1"},
		timerCase(SysCase("idle-connection", "", 1), "IdleConnection"), Checks{Wire: func(o *Observation) {
			Expect(o).To(ReceiveNothing())
			Expect(o).To(BeClosedGracefully())
		}, Server: func(o *Observation) {
			Expect(o.ErrorReasons()).To(Equal([]httpsys.LogReason{httpsys.ReasonTimerConnectionIdle}))
		}})
	idleAfter := timerCase(SysCase("idle-after-request", "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n", 1), "IdleConnection")
	idleAfter.FireAfterResponses = true
	Behaviour("closes a kept-alive connection once it has idled after a response", []string{"SYS-TIME-1", "SYS-KA-1", "SYS-LOG-1"},
		idleAfter, Checks{Wire: func(o *Observation) {
			expectServed(o, fixtures.HandlerBody)
			Expect(o).To(BeClosedGracefully())
		}, Server: func(o *Observation) {
			Expect(o.ErrorReasons()).To(Equal([]httpsys.LogReason{httpsys.ReasonTimerConnectionIdle}))
		}})
})

// stallingBody reads a body that never comes; EntityBody must end it.
var stallingBody = &fixtures.Scenario{ID: "entity-body-timer",
	Request: "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nfive!",
	Modules: []fixtures.ModuleScript{Mod("Reader", At("RQ_BEGIN_REQUEST", "", Do("ReadEntityBody")))}}

var _ = Area("HTTP.sys body timer", func() {
	// SYS-TIME-1 [DOC] EntityBody bounds the wait for a request body:
	// ReadEntityBody fails, the connection is dropped, and HTTP.sys logs
	// Timer_EntityBody.
	// Source: win:ns-http-http_timeout_limit_info
	c := timerCase(ScenarioCase(stallingBody), "EntityBody")
	Behaviour("drops a request whose body stalls past EntityBody", []string{"SYS-TIME-1", "SYS-LOG-1", "RB-1"},
		c, Checks{Wire: func(o *Observation) {
			Expect(o).To(ReceiveNothing())
			Expect(o).To(BeReset())
		}, Server: func(o *Observation) {
			Expect(o).To(HaveEventsInOrder("call ReadEntityBody =S_OK", "call ReadEntityBody =HRESULT_FROM_WIN32(ERROR_CONNECTION_INVALID)"))
			Expect(o.ErrorReasons()).To(ContainElement(httpsys.ReasonTimerEntityBody))
		}})
})

// connLimited is the request the MaxConnections spec sends: a scenario
// whose handler answers, so that it runs on any target.
var connLimited = &fixtures.Scenario{ID: "conn-limit", HandlerBody: "counted\n"}

// connLimitServer is a server checkConnLimit holds connections to.
type connLimitServer interface {
	// open dials a connection, closed when the spec ends; held says the
	// connection is one to hold, which the server must keep open.
	open(held bool) *wire.Conn
	// end ends the held connections and returns once the server has seen
	// them end, so that the specs after this one find it below its limit;
	// it returns the error-log reasons of each refused client address.
	end(kept []*wire.Conn, refused []string) [][]httpsys.LogReason
}

// checkConnLimit holds limit connections open, checks that five more are
// each answered 503 and closed while the held ones keep working (each held
// one answers a request after each refused one, which also keeps a
// target's IdleConnection timer from ending it), then ends the held ones
// (srv.end) and checks that each refused one was logged as ConnLimit.
func checkConnLimit(ctx context.Context, limit int, raw []byte, srv connLimitServer) {
	var kept []*wire.Conn
	for range limit {
		conn := srv.open(true)
		conn.Send(raw)
		res := conn.Finish(ctx, 1)
		Expect(res.Final()).To(HaveLen(1))
		Expect(res.Final()[0].StatusCode).To(Equal(200), "a connection within the limit")
		kept = append(kept, conn)
	}
	var refused []string
	for i := range 5 {
		conn := srv.open(false)
		conn.Send(raw)
		res := conn.Finish(ctx, 1)
		Expect(res.Final()).To(HaveLen(1))
		Expect(res.Final()[0].StatusCode).To(Equal(503), "connection %d past the limit", i+1)
		Expect(res.Final()[0].Reason).To(Equal("Service Unavailable"), "the status line of connection %d past the limit", i+1)
		Expect(res).To(BeClosedGracefully())
		refused = append(refused, conn.LocalAddr())
		conn.Close()
		for _, held := range kept {
			held.Send(raw)
			res := held.Finish(ctx, i+2)
			Expect(res.Final()).To(HaveLen(i+2), "an open connection stopped working")
			Expect(res.Final()[i+1].StatusCode).To(Equal(200))
		}
	}
	for i, r := range srv.end(kept, refused) {
		Expect(r).To(Equal([]httpsys.LogReason{httpsys.ReasonConnLimit}), "the error log of refused connection %d", i+1)
	}
}

var _ = Describe("HTTP.sys MaxConnections", func() {
	// SYS-LIM-1 [DOC] MaxConnections: a flood past the limit is answered
	// 503 (ConnLimit) while the connections already open keep working.
	// Source: learn.microsoft.com/troubleshoot/developer/webapps/iis/iisadmin-service-inetinfo/httpsys-registry-windows
	// The 503's status line has RFC 9110's reason phrase (section 15.6.4),
	// "Service Unavailable", as HTTP.sys's 400 has "Bad Request" (SYS-ERR-2's
	// evidence, Wine's test_v1_bad_request).
	Spec("answers connections past MaxConnections with 503 while existing ones keep working",
		Needs{Behaviours: []string{"SYS-LIM-1", "SYS-LOG-1", "SYS-ERR-2"}, Scenario: connLimited, MaxConnections: true, PlainRequest: true},
		func(ctx SpecContext, b Backend) {
			if _, ok := b.(SiteHost); ok {
				connLimitOnHost(ctx, b)
				return
			}
			s, ok := b.(ScenarioServer)
			Expect(ok).To(BeTrue(), "%s can neither host a site nor be held connections to", b.Info().Name)
			connLimitOnServer(ctx, s)
		})
})

// hostLimit is a host of this process, started for the spec with
// MaxConnections 2: its error log is read directly.
type hostLimit struct {
	ctx context.Context
	in  Instance
}

func (h hostLimit) open(bool) *wire.Conn { return openOn(h.ctx, h.in) }

// end closes the held connections; the host is the spec's own, so no later
// spec meets them.
func (h hostLimit) end(kept []*wire.Conn, refused []string) [][]httpsys.LogReason {
	for _, conn := range kept {
		conn.Close()
	}
	var out [][]httpsys.LogReason
	for _, a := range refused {
		o := &Observation{ErrorLog: h.in.ErrorLog(a)}
		out = append(out, o.ErrorReasons())
	}
	return out
}

// connLimitOnHost runs checkConnLimit on a host given MaxConnections 2.
func connLimitOnHost(ctx context.Context, b Backend) {
	site, err := fixtures.ScenarioSite(connLimited)
	Expect(err).NotTo(HaveOccurred())
	in := startOn(b, site, limits(httpsys.Limits{MaxConnections: 2}))
	checkConnLimit(ctx, 2, connLimited.RawRequest(), hostLimit{ctx: ctx, in: in})
}

// serverLimit is a server that serves the scenario already (a target),
// whose limit holds across specs: the spec must leave it below its limit.
type serverLimit struct {
	ctx context.Context
	s   ScenarioServer
}

// heldQuiet is how long a held connection to a target must stay silent
// after its answer: the server is to keep it open, so the client need not
// wait to see it stay so (a later request would find it closed).
const heldQuiet = 5 * time.Millisecond

func (t serverLimit) open(held bool) *wire.Conn {
	client := t.s.Client()
	if held {
		client.Quiet = heldQuiet
	}
	conn, err := client.Open(t.ctx)
	Expect(err).NotTo(HaveOccurred(), "connecting to the target")
	DeferCleanup(func() { conn.Close() })
	return conn
}

// end waits, through the log endpoint, for the server to see each held
// connection end: it answers about a connection only once the server has
// ended it (PROTOCOL.md, section 4). While every connection the limit
// allows is held, a new one would be refused, so the first held
// connection asks about the others and about the refused ones; once it
// has closed too, a new connection asks about it.
func (t serverLimit) end(kept []*wire.Conn, refused []string) [][]httpsys.LogReason {
	asker, others := kept[0], kept[1:]
	var addrs []string
	for _, conn := range others {
		addrs = append(addrs, conn.LocalAddr())
		conn.Close()
	}
	why, noLogs := t.lacks()[ServesLogs]
	var out [][]httpsys.LogReason
	if noLogs {
		// The connections' checks passed; the refusals' log entries cannot
		// be read: the verdict says so, as a Behaviour's does.
		AddReportEntry(report.EntryWireOnly, "the wire checks passed; the refused connections' error-log entries went unchecked: "+why,
			ReportEntryVisibilityAlways)
	} else {
		// The asker has answered a request before the refused connections
		// and one after each of them.
		docs := askLogs(t.ctx, asker, 1+len(refused), append(addrs, refused...))
		for _, d := range docs[len(addrs):] {
			o := &Observation{ErrorLog: d.Errors}
			out = append(out, o.ErrorReasons())
		}
	}
	first := asker.LocalAddr()
	asker.Close()
	// Only the wait matters here: the answer comes once the target has
	// seen the asker end. A target without logs has no refused reasons
	// to return (out is empty): the spec is PASS (wire only), above.
	_, err := t.s.ClientLogs(t.ctx, first)
	Expect(err).NotTo(HaveOccurred(), "asking the target about %s", first)
	return out
}

// lacks is what the server found it lacks, if it can tell.
func (t serverLimit) lacks() map[Capability]string {
	if d, ok := t.s.(Discoverer); ok {
		return d.Discover(t.ctx)
	}
	return nil
}

// askLogs asks, on conn, which has had answered responses already, for
// the logs of each client address, pipelined, and returns the documents in
// order.
func askLogs(ctx context.Context, conn *wire.Conn, answered int, addrs []string) []protocol.ClientLogs {
	var raw []byte
	for _, a := range addrs {
		ip, port, err := net.SplitHostPort(a)
		Expect(err).NotTo(HaveOccurred())
		raw = fmt.Appendf(raw, "GET %s%s/%s HTTP/1.1\r\nHost: iisemu\r\n\r\n", protocol.LogPath, ip, port)
	}
	conn.Send(raw)
	res := conn.Finish(ctx, answered+len(addrs))
	final := res.Final()
	Expect(final).To(HaveLen(answered+len(addrs)), "the log endpoint's answers on a held connection")
	docs := make([]protocol.ClientLogs, len(addrs))
	for i, r := range final[answered:] {
		Expect(r.StatusCode).To(Equal(200), "GET %s%s", protocol.LogPath, addrs[i])
		Expect(json.Unmarshal(r.Body, &docs[i])).To(Succeed(), "GET %s%s", protocol.LogPath, addrs[i])
	}
	return docs
}

// connLimitOnServer runs checkConnLimit on a server that serves the
// scenario already, at the MaxConnections it declares.
func connLimitOnServer(ctx context.Context, s ScenarioServer) {
	srv := serverLimit{ctx: ctx, s: s}
	srv.lacks() // before the connections are held
	raw, err := s.Tag(suite.res.scenarios.fileForm(connLimited), connLimited.RawRequest())
	Expect(err).NotTo(HaveOccurred())
	checkConnLimit(ctx, declaredMaxConnections(s.Info().Settings), raw, srv)
}
