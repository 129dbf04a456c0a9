package explore

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/iisemu/iisemu/fixtures"
	"github.com/iisemu/iisemu/iis"
)

// Options shape what a Generator draws.
type Options struct {
	// Unsupported are methods never drawn: what a target's capabilities
	// file declares it does not support.
	Unsupported map[string]bool
	// NoPriority: no module sets a priority (the capabilities file's
	// `priority: true`).
	NoPriority bool
	// Host is the requests' Host header; "" is "localhost". Against a
	// target it is the target's, so that what echoes it (Redirect's
	// Location) is the same on both sides.
	Host string
}

// Generator draws scenarios from the scripted-method registry: every
// method fixtures.MethodSignatures lists is drawn, with arguments made
// from its kinds, unless a rule below keeps it to a place where it cannot
// hang the request or recurse.
type Generator struct {
	seed        uint64
	opts        Options
	free        []fixtures.MethodSignature // drawn in any step
	completions []fixtures.MethodSignature // drawn to resume a PENDING step
}

// leaverName is the module the generator puts first when the client is to
// leave: it flushes a first line, then holds the request until the client
// has gone, so that what happens next does not race the client.
const leaverName = "Leaver"

// held are the methods that wait for the client to leave; only the
// Leaver calls them, since with no client leaving they wait 5 s.
var held = map[string]bool{"WatchDisconnect": true, "WaitForDisconnect": true}

// undrawn are the methods the generator never draws, because whether they
// post a completion depends on what it does not track: ReadEntityBodyAsync
// posts one only while entity is left to read, and the
// …CompletionExpected methods only when their argument asks for an
// asynchronous call. A PENDING step resting on a completion that never
// comes, or a PostCompletion made behind one nobody waits for, would hold
// the server for good.
var undrawn = map[string]bool{"ReadEntityBodyAsync": true, "WriteEntityChunksCompletionExpected": true, "FlushCompletionExpected": true}

// raises gives the notification a method raises itself. A step for any
// of these notifications calls none of them: in its own, it would recurse
// without end, and two of them could call each other (MapPath in
// RQ_READ_ENTITY, ReadEntityBody in RQ_MAP_PATH) for as long.
var raises = map[string]string{
	"MapPath":                  "RQ_MAP_PATH",
	"NotifyCustomNotification": "RQ_CUSTOM_NOTIFICATION",
	"ReadEntityBody":           "RQ_READ_ENTITY",
	"EchoEntityBody":           "RQ_READ_ENTITY",
}

// raised are the notifications of raises.
var raised = func() map[string]bool {
	out := map[string]bool{}
	for _, n := range raises {
		out[n] = true
	}
	return out
}()

// completes says whether a method resumes a step that returns
// RQ_NOTIFICATION_PENDING: IndicateCompletion, PostCompletion and the
// asynchronous forms (…Async). It is drawn only there, as the step's last
// call, and every PENDING step has one. An asynchronous call made
// elsewhere would leave its completion waiting, and the next
// PostCompletion would wait behind it for good.
func completes(method string) bool {
	return method == "IndicateCompletion" || method == "PostCompletion" || strings.HasSuffix(method, "Async")
}

// unbuffered is the call after which an asynchronous write sends at once,
// and may fail: a failed asynchronous call posts no completion, so a
// PENDING step resting on it would stay pending for good, as it would in
// IIS, and hold the server. A scenario that makes it completes its
// PENDING steps with PostCompletion instead.
const unbuffered = "DisableBuffering"

// NewGenerator returns the generator of seed's stream.
func NewGenerator(seed uint64, opts Options) *Generator {
	g := &Generator{seed: seed, opts: opts}
	for _, m := range fixtures.MethodSignatures() {
		switch {
		case opts.Unsupported[m.Name] || held[m.Name] || undrawn[m.Name]:
		case completes(m.Name):
			g.completions = append(g.completions, m)
		default:
			g.free = append(g.free, m)
		}
	}
	return g
}

// Seed is the generator's seed.
func (g *Generator) Seed() uint64 { return g.seed }

// Scenario draws scenario i of the stream. It depends on the seed and i
// alone.
func (g *Generator) Scenario(i int) *fixtures.Scenario {
	d := &draw{r: rand.New(rand.NewPCG(g.seed, uint64(i))), g: g}
	return d.scenario(fmt.Sprintf("explore-%d-%d", g.seed, i))
}

// draw is one scenario being drawn.
type draw struct {
	r *rand.Rand
	g *Generator
}

// chance is true with probability p.
func (d *draw) chance(p float64) bool { return d.r.Float64() < p }

// pick returns one of xs.
func pick[T any](d *draw, xs ...T) T { return xs[d.r.IntN(len(xs))] }

// notifications a step may handle: the 12 ordered ones (and their
// post-notifications), then the unordered ones.
var unordered = []iis.RequestNotification{iis.RQ_CUSTOM_NOTIFICATION, iis.RQ_SEND_RESPONSE, iis.RQ_READ_ENTITY, iis.RQ_MAP_PATH}

var priorities = []string{"FIRST", "HIGH", "MEDIUM", "LOW", "LAST"}

func (d *draw) scenario(id string) *fixtures.Scenario {
	sc := &fixtures.Scenario{ID: id}
	raw, n := d.request()
	if raw != "" {
		sc.Request, sc.Requests = raw, n
	}
	if n == 1 && d.chance(0.15) && d.g.canLeave() {
		sc.Leave = pick(d, "reset", "close")
		sc.Modules = append(sc.Modules, leaver())
	}
	for i := range 1 + d.r.IntN(4) {
		sc.Modules = append(sc.Modules, d.module(fmt.Sprintf("M%d", i+1), sc.Leave != ""))
	}
	if d.chance(0.7) {
		sc.HandlerBody = "handler body\n"
	}
	safeCompletions(sc)
	return sc
}

// safeCompletions replaces the asynchronous completions of a scenario
// that calls unbuffered with PostCompletion.
func safeCompletions(sc *fixtures.Scenario) {
	if !calls(sc, unbuffered) {
		return
	}
	for i := range sc.Modules {
		for j := range sc.Modules[i].Steps {
			for k, c := range sc.Modules[i].Steps[j].Calls {
				if strings.HasSuffix(c.Method, "Async") {
					sc.Modules[i].Steps[j].Calls[k] = fixtures.Call{Method: "PostCompletion", Args: fixtures.Args{"0"}}
				}
			}
		}
	}
}

// calls says whether a step of sc calls method.
func calls(sc *fixtures.Scenario, method string) bool {
	for _, m := range sc.Modules {
		for _, st := range m.Steps {
			for _, c := range st.Calls {
				if c.Method == method {
					return true
				}
			}
		}
	}
	return false
}

// leaver is the first module of a scenario whose client leaves: it
// flushes a line and waits for NotifyDisconnect, as the suite's
// client-resets scenario does.
func leaver() fixtures.ModuleScript {
	return fixtures.ModuleScript{Name: leaverName, Steps: []fixtures.Step{{Notification: "RQ_BEGIN_REQUEST", Calls: []fixtures.Call{
		{Method: "WatchDisconnect"}, {Method: "WriteEntityChunks", Args: fixtures.Args{"holding\n"}}, {Method: "Flush"}, {Method: "WaitForDisconnect"},
	}}}}
}

// canLeave says whether a client may leave: the Leaver's methods are all
// supported.
func (g *Generator) canLeave() bool {
	for _, c := range leaver().Steps[0].Calls {
		if g.opts.Unsupported[c.Method] {
			return false
		}
	}
	return true
}

// module draws a module of 1 to 3 steps, each for a different
// notification. When the client leaves, no priority names
// RQ_BEGIN_REQUEST, so the Leaver runs first, and no step is for
// RQ_SEND_RESPONSE, which the Leaver's Flush raises before the client
// has seen a byte.
func (d *draw) module(name string, leaving bool) fixtures.ModuleScript {
	m := fixtures.ModuleScript{Name: name, Steps: []fixtures.Step{}}
	used := map[string]bool{}
	for want := 1 + d.r.IntN(3); len(m.Steps) < want; {
		var n iis.RequestNotification
		post := false
		if d.chance(0.8) {
			n = pick(d, iis.OrderedNotifications()...)
			post = d.chance(0.25)
		} else {
			n = pick(d, unordered...)
		}
		key := n.String() + strconv.FormatBool(post)
		if used[key] || (leaving && n == iis.RQ_SEND_RESPONSE) {
			continue
		}
		used[key] = true
		m.Steps = append(m.Steps, d.step(n, post))
		if !d.g.opts.NoPriority && !post && d.chance(0.15) && !(leaving && n == iis.RQ_BEGIN_REQUEST) {
			if m.Priority == nil {
				m.Priority = map[string]string{}
			}
			m.Priority[n.String()] = pick(d, priorities...)
		}
	}
	return m
}

// step draws 0 to 4 calls and a return status; a PENDING step ends with
// a call that completes it.
func (d *draw) step(n iis.RequestNotification, post bool) fixtures.Step {
	st := fixtures.Step{Notification: n.String(), Post: post}
	for range d.r.IntN(5) {
		m := pick(d, d.g.free...)
		if raises[m.Name] != "" && raised[st.Notification] {
			continue
		}
		st.Calls = append(st.Calls, fixtures.Call{Method: m.Name, Args: d.args(m, false)})
	}
	switch x := d.r.Float64(); {
	case x < 0.1 && len(d.g.completions) > 0:
		m := pick(d, d.g.completions...)
		st.Calls = append(st.Calls, fixtures.Call{Method: m.Name, Args: d.args(m, true)})
		st.Return = "RQ_NOTIFICATION_PENDING"
	case x < 0.3:
		st.Return = "RQ_NOTIFICATION_FINISH_REQUEST"
	}
	return st
}

// args draws a call's arguments from their kinds, and for the kind
// string from the argument's name. An optional argument is left out now
// and then. resuming: the call completes a PENDING step, so a status it
// is given is never PENDING again.
func (d *draw) args(m fixtures.MethodSignature, resuming bool) fixtures.Args {
	var out fixtures.Args
	for _, p := range m.Params {
		if p.Optional && d.chance(0.4) {
			break
		}
		out = append(out, d.arg(p, resuming))
	}
	return out
}

func (d *draw) arg(p fixtures.ParamSignature, resuming bool) string {
	switch p.Kind {
	case "number":
		switch p.Name {
		case "code":
			return pick(d, "200", "201", "204", "301", "302", "304", "400", "404", "500", "503")
		case "id":
			return strconv.Itoa(d.r.IntN(41))
		}
		return strconv.Itoa(d.r.IntN(6))
	case "position":
		return pick(d, "0", "-1")
	case "status":
		if resuming {
			return pick(d, "RQ_NOTIFICATION_CONTINUE", "RQ_NOTIFICATION_FINISH_REQUEST")
		}
		return pick(d, "RQ_NOTIFICATION_CONTINUE", "RQ_NOTIFICATION_PENDING", "RQ_NOTIFICATION_FINISH_REQUEST")
	case "mask":
		return pick(d, "0", "RQ_SEND_RESPONSE", "RQ_END_REQUEST", "RQ_LOG_REQUEST|RQ_END_REQUEST", pick(d, iis.OrderedNotifications()...).String())
	case "bool", "opt-in bool":
		return pick(d, "true", "false")
	}
	return d.text(p.Name)
}

// text draws a string argument, plausible for its name; a text to write
// comes in several sizes, the long ones a run of one letter (which a
// scenario file writes in its short repeat form).
func (d *draw) text(name string) string {
	switch name {
	case "text":
		switch x := d.r.Float64(); {
		case x < 0.6:
			return d.word(1 + d.r.IntN(20))
		case x < 0.8:
			return strings.Repeat("a", 100)
		case x < 0.95:
			return strings.Repeat("b", 5000)
		default:
			return strings.Repeat("c", 70000)
		}
	case "name":
		return pick(d, "X-Explore", "Content-Type", "Server", "Location", "Cache-Control", "Connection", "Content-Length", "Set-Cookie")
	case "value":
		return pick(d, "v", "1", "text/html", "close", "", d.word(8))
	case "reason":
		return pick(d, "OK", "Teapot", "")
	case "substatus":
		return pick(d, "0", "3")
	case "url":
		return pick(d, "/elsewhere", "http://example.com/x", "/scenarios/other?q=1")
	case "verb":
		return pick(d, "GET", "POST", "PUT")
	case "field":
		return pick(d, "cs-uri-stem", "cs-method", "cs(User-Agent)", "s-sitename")
	case "path":
		return `C:\inetpub\explore`
	}
	return d.word(1 + d.r.IntN(8))
}

// word is n letters.
func (d *draw) word(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('a' + d.r.IntN(26))
	}
	return string(b)
}

// request draws the raw request and how many it holds: GET, or POST with
// a Content-Length or a chunked body; HTTP/1.0 or 1.1; 1 to 3 of the same,
// pipelined. A single GET over HTTP/1.1 is left "" (the scenario's
// default request).
func (d *draw) request() (string, int) {
	n := 1
	if d.chance(0.25) {
		n = 2 + d.r.IntN(2)
	}
	version := "HTTP/1.1"
	if d.chance(0.2) {
		version = "HTTP/1.0"
	}
	host := d.g.opts.Host
	if host == "" {
		host = "localhost"
	}
	one := "GET {path} " + version + "\r\nHost: " + host + "\r\n\r\n"
	if d.chance(0.4) {
		// A body has no line end of its own, so a pipelined request
		// after it starts mid-line, as a client may send it.
		body := pick(d, "", "hello", strings.Repeat("p", 100))
		if d.chance(0.5) {
			one = fmt.Sprintf("POST {path} %s\r\nHost: %s\r\nContent-Length: %d\r\n\r\n%s", version, host, len(body), body)
		} else {
			chunked := "0\r\n\r\n"
			if body != "" {
				chunked = fmt.Sprintf("%x\r\n%s\r\n0\r\n\r\n", len(body), body)
			}
			one = fmt.Sprintf("POST {path} %s\r\nHost: %s\r\nTransfer-Encoding: chunked\r\n\r\n%s", version, host, chunked)
		}
	}
	if n == 1 && version == "HTTP/1.1" && strings.HasPrefix(one, "GET") && d.g.opts.Host == "" {
		return "", 1
	}
	return strings.Repeat(one, n), n
}
