package iis

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/internal/fault"
)

// Options tune a Server.
type Options struct {
	// Decisions are the answers to what the docs leave open; nil means
	// DefaultDecisions.
	Decisions *Decisions
	// OnTrace, when set, turns tracing on and receives each request's
	// trace once the request is over (modules disposed).
	OnTrace func(*Trace)
	// TraceTag, when set, names each trace from the request's headers
	// (Trace.Tag), so a client can ask for the trace of its own request.
	TraceTag func(header func(name string) (string, bool)) string
	// TraceTaggedOnly, with OnTrace and TraceTag set, traces only the
	// requests TraceTag names: the others build no event and format no
	// argument, and OnTrace does not hear of them.
	TraceTaggedOnly bool
	// RequestLog, when set, receives IIS's W3C log entry of each request
	// once it is over (SYS-LOG-2).
	RequestLog func(RequestLogEntry)
	// OnRequestBegin, when set, is told the client address of each request
	// as it enters the pipeline; RequestLog hears of its end.
	OnRequestBegin func(clientAddr string)
	// Clock times requests for time-taken; nil means the system clock.
	Clock httpsys.Clock

	// faults are deliberate errors for the suite's self-check, set with
	// fault.With; no other module can reach them.
	faults fault.Set
}

// init installs the one way to set Options.faults: fault.Apply, which
// only packages of this module can import.
func init() {
	fault.Apply = func(opts any, s fault.Set) {
		o, ok := opts.(*Options)
		if !ok {
			panic(fmt.Sprintf("fault.Apply: %T is not *iis.Options", opts))
		}
		o.faults = s
	}
}

// Server is the integrated pipeline: it takes requests from HTTP.sys,
// routes each to its application, and runs the modules. It has no Serve
// loop: NewServer makes HTTP.sys hand each request to the pipeline on its
// connection's goroutine, which plays IIS's worker thread, so a pending or
// slow request never holds up another connection. httpsys.Server.Serve
// accepts the connections; Close stops the pipeline.
type Server struct {
	sys     *httpsys.Server
	globals globalModules
	apps    []*appRuntime // longest path first
	opts    Options
	resolve func(path string, header func(name string) (string, bool)) (*Application, error)
	dec     Decisions

	stop          chan struct{}
	stopOnce      sync.Once
	pendingOnce   sync.Once // closes stop
	stopListening sync.Once
	running       sync.WaitGroup // pipelines under way
}

// NewServer loads the site's applications, calling each module's
// RegisterModule; a refused registration is an error naming the module.
func NewServer(sys *httpsys.Server, site *Site, opts Options) (*Server, error) {
	s := &Server{sys: sys, opts: opts, dec: DefaultDecisions, stop: make(chan struct{}), resolve: site.Resolve}
	if opts.Decisions != nil {
		s.dec = *opts.Decisions
	}
	for i, m := range site.GlobalModules {
		reg := &registration{name: m.Name, order: i, id: nextModuleID()}
		if m.Register == nil {
			return nil, fmt.Errorf("site %s: global module %q has no RegisterModule", site.Name, m.Name)
		}
		hr := m.Register(ServerVersion, reg, httpServer{})
		switch {
		case reg.err != nil:
			return nil, fmt.Errorf("site %s: global module %s: %v", site.Name, m.Name, reg.err)
		case hr.Failed():
			return nil, fmt.Errorf("site %s: global module %s: RegisterModule returned %s", site.Name, m.Name, hr.String())
		case reg.factory != nil:
			return nil, fmt.Errorf("site %s: global module %s registered request notifications; list it in an application", site.Name, m.Name)
		case reg.global == nil:
			return nil, fmt.Errorf("site %s: global module %s registered no global notification", site.Name, m.Name)
		}
		s.addGlobal(reg)
	}
	seen := map[string]bool{}
	hasRoot := false
	for _, app := range site.Applications {
		if seen[app.Path] {
			return nil, fmt.Errorf("site %s: application %s defined twice", site.Name, app.Path)
		}
		seen[app.Path] = true
		hasRoot = hasRoot || app.Path == "/"
		rt, err := loadApplication(app, &s.dec)
		if err != nil {
			return nil, fmt.Errorf("site %s: %w", site.Name, err)
		}
		for _, reg := range rt.regs {
			if reg.global != nil {
				s.addGlobal(reg)
			}
		}
		s.apps = append(s.apps, rt)
	}
	if !hasRoot {
		rt, _ := loadApplication(&Application{Path: "/", Handler: notFoundHandler}, &s.dec)
		s.apps = append(s.apps, rt)
	}
	sort.SliceStable(s.apps, func(i, j int) bool { return len(s.apps[i].app.Path) > len(s.apps[j].app.Path) })
	sys.SetDispatcher(s.handle)
	for _, a := range s.apps {
		s.raiseApplication(GL_APPLICATION_START, a)
	}
	return s, nil
}

func (s *Server) addGlobal(reg *registration) {
	reg.global.order = len(s.globals.regs)
	s.globals.regs = append(s.globals.regs, reg.global)
}

// raiseApplication raises GL_APPLICATION_START or _STOP for one
// application (INFER, PIPE-GL-2: applications start when the site loads
// and stop when the server closes).
func (s *Server) raiseApplication(g GlobalNotification, a *appRuntime) {
	p := &globalProvider{app: httpApplication{a.app.Path}}
	s.globals.raise(g, func(m CGlobalModule) GlobalNotificationStatus {
		if g == GL_APPLICATION_START {
			return m.(GlobalApplicationStartHandler).OnGlobalApplicationStart(p)
		}
		return m.(GlobalApplicationStopHandler).OnGlobalApplicationStop(p)
	}, func(e Event) { e.Args = a.app.Path; s.globals.logEvent(e) })
}

// StopListening raises GL_STOP_LISTENING; graceful tells the modules
// whether requests under way are drained (DrainRequestsGracefully). The
// Host calls it when it stops accepting connections.
func (s *Server) StopListening(graceful bool) {
	s.stopListening.Do(func() {
		p := &globalProvider{graceful: graceful}
		s.globals.raise(GL_STOP_LISTENING, func(m CGlobalModule) GlobalNotificationStatus {
			return m.(GlobalStopListeningHandler).OnGlobalStopListening(p)
		}, s.globals.logEvent)
	})
}

// GlobalEvents returns the global notifications raised outside requests
// (application start and stop, stop listening), in order.
func (s *Server) GlobalEvents() []Event {
	s.globals.mu.Lock()
	defer s.globals.mu.Unlock()
	return append([]Event(nil), s.globals.log...)
}

// notFoundHandler answers URLs no application serves.
var notFoundHandler = &Handler{Name: "NotFound", Execute: func(c IHttpContext) RequestNotificationStatus {
	r := c.GetResponse()
	r.SetStatus(404, "Not Found")
	r.SetHeader("Content-Type", "text/plain", true)
	r.WriteEntityChunks([]DataChunk{ChunkFromMemory([]byte("404 Not Found\n"))}, false, false)
	return StatusContinue
}}

// appServes reports whether the application at appPath serves path: its
// path prefixes path on a segment boundary.
func appServes(appPath, path string) bool {
	if appPath == "/" || path == appPath {
		return true
	}
	// path starts with base + "/", tested without building that string
	// (route asks once per application per request).
	base := strings.TrimSuffix(appPath, "/")
	return len(path) > len(base) && path[len(base)] == '/' && path[:len(base)] == base
}

// route picks the application with the longest path that prefixes path on
// a segment boundary.
func (s *Server) route(path string) *appRuntime {
	for _, a := range s.apps {
		if appServes(a.app.Path, path) {
			return a
		}
	}
	return s.apps[len(s.apps)-1]
}

// resolveApp asks Site.Resolve for an application of this request's own
// and loads it; nil means the routed one stands. A refused application is
// answered 400 with the reason as the body.
func (s *Server) resolveApp(req *httpsys.Request, path string) *appRuntime {
	app, err := s.resolve(path, req.HeaderFunc())
	if app == nil && err == nil {
		return nil
	}
	var rt *appRuntime
	if err == nil {
		rt, err = loadApplication(app, &s.dec)
	}
	if err != nil {
		msg := err.Error() + "\n"
		rt, _ = loadApplication(&Application{Path: path, Handler: &Handler{Name: "ResolveError",
			Execute: func(c IHttpContext) RequestNotificationStatus {
				r := c.GetResponse()
				r.SetStatus(400, "Bad Request")
				r.SetHeader("Content-Type", "text/plain", true)
				r.WriteEntityChunks([]DataChunk{ChunkFromMemory([]byte(msg))}, false, false)
				return StatusFinishRequest
			}}}, &s.dec)
	}
	return rt
}

func (s *Server) handle(req *httpsys.Request) {
	s.running.Add(1)
	defer s.running.Done()
	c := &httpContext{sys: req, decisions: &s.dec, faults: s.opts.faults, stop: s.stop, curIndex: -1}
	cs := stateOf(req)
	c.connectionPart = httpConnection{ctx: c, state: cs}
	c.connection = &c.connectionPart
	if cs.hasConnectionContexts() {
		cs.watch()
	}
	c.request = &c.requestPart
	c.request.init(c, req)
	header := req.HeaderFunc()
	c.app = s.route(c.request.raw.AbsPath)
	if s.resolve != nil {
		if rt := s.resolveApp(req, c.request.raw.AbsPath); rt != nil {
			c.app = rt
		}
	}
	c.response = &c.responsePart
	c.response.init(c)
	if s.opts.OnRequestBegin != nil {
		s.opts.OnRequestBegin(c.request.raw.RemoteAddr)
	}
	if s.opts.OnTrace != nil {
		c.trace = s.newTracer(c, header)
	}
	start := s.now()
	req.SetOnDone(c)
	// GL_PRE_BEGIN_REQUEST runs before the request pipeline (PIPE-GL-1).
	if s.globals.subscribed(GL_PRE_BEGIN_REQUEST) {
		pre := &globalProvider{ctx: c}
		s.globals.raise(GL_PRE_BEGIN_REQUEST, func(m CGlobalModule) GlobalNotificationStatus {
			return m.(GlobalPreBeginRequestHandler).OnGlobalPreBeginRequest(pre)
		}, c.trace.add)
	}
	if n := len(c.app.regs); n <= len(c.moduleSlots) {
		c.modules = c.moduleSlots[:n]
	} else {
		c.modules = make([]HttpModule, n)
	}
	for i, reg := range c.app.regs {
		if reg.factory == nil {
			continue
		}
		m, hr := reg.factory.GetHttpModule()
		if hr.Failed() || m == nil {
			c.response.SetStatus(500, "Internal Server Error")
			continue
		}
		c.modules[i] = m
	}
	c.run()
	c.response.release()
	c.container.cleanup()
	for _, m := range c.modules {
		if m != nil {
			m.Dispose() // PIPE-4
		}
	}
	if s.opts.RequestLog != nil {
		s.opts.RequestLog(c.logEntry(start, s.now(), c.bytesIn, c.bytesOut))
	}
	if c.trace != nil {
		s.opts.OnTrace(&c.trace.t)
	}
}

// newTracer is the request's tracer, or nil when Options.TraceTaggedOnly
// leaves it untraced.
func (s *Server) newTracer(c *httpContext, header func(string) (string, bool)) *tracer {
	var tag string
	if s.opts.TraceTag != nil {
		tag = s.opts.TraceTag(header)
	}
	if tag == "" && s.opts.TraceTaggedOnly && s.opts.TraceTag != nil {
		return nil
	}
	return &tracer{t: Trace{RequestID: c.sys.ID, Remote: c.request.raw.RemoteAddr,
		Method: c.request.raw.Verb, URL: c.request.raw.RawURL, App: c.app.app.Path, Tag: tag}}
}

func (s *Server) now() time.Time {
	if s.opts.Clock != nil {
		return s.opts.Clock.Now()
	}
	return time.Now()
}

// resumePending closes the stop channel, which resumes every pending
// request with FINISH_REQUEST and any it pends later at once.
func (s *Server) resumePending() {
	s.pendingOnce.Do(func() { close(s.stop) })
}

// Close stops taking requests, resumes any pending ones with
// FINISH_REQUEST, waits for running pipelines, and calls Terminate on every
// module factory (PIPE-4). HTTP.sys must be closed first or alongside.
func (s *Server) Close() {
	s.StopListening(false)
	s.stopOnce.Do(func() {
		s.resumePending()
		s.running.Wait()
		for _, a := range s.apps {
			s.raiseApplication(GL_APPLICATION_STOP, a)
		}
		for _, a := range s.apps {
			for _, r := range a.regs {
				if r.factory != nil {
					r.factory.Terminate()
				}
			}
		}
		for _, g := range s.globals.regs {
			g.module.Terminate()
		}
	})
}
