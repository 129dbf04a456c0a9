package conformance

import (
	"fmt"
	"strings"

	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/types"

	"github.com/iisemu/iisemu/httpsys/wire"
)

// The matchers of what a response carried. Each takes an *Observation or
// a *wire.Result (the responses), or a wire.Response or *wire.Response (a
// response), and says on failure what was expected and what the client
// got, in HTTP's words.

// responseOf accepts a wire.Response or *wire.Response.
func responseOf(actual any) (*wire.Response, error) {
	switch a := actual.(type) {
	case *wire.Response:
		return a, nil
	case wire.Response:
		return &a, nil
	}
	return nil, fmt.Errorf("expected a wire.Response, got %T", actual)
}

// statusLine renders a response's status line, or says why it has none.
func statusLine(r *wire.Response) string {
	if r.StatusCode == 0 || r.Cut == wire.CutHead {
		return fmt.Sprintf("a response cut off in its status line or headers after %d bytes: %s", len(r.Raw), Window(r.Raw, 0, 120))
	}
	return fmt.Sprintf("%d %s", r.StatusCode, r.Reason)
}

// count says n of a noun, in words.
func count(n int, noun string) string {
	switch n {
	case 0:
		return "no " + noun
	case 1:
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// HaveResponses succeeds when the client received exactly n final
// (non-1xx) responses.
func HaveResponses(n int) types.GomegaMatcher { return &responsesMatcher{n: n, exact: true} }

// haveResponse succeeds when the client received a final response i
// (from 0), for Observation.Response.
func haveResponse(i int) types.GomegaMatcher { return &responsesMatcher{n: i + 1} }

type responsesMatcher struct {
	n     int
	exact bool
}

func (m *responsesMatcher) Match(actual any) (bool, error) {
	r, err := clientOf(actual)
	if err != nil {
		return false, err
	}
	got := len(r.Final())
	return got == m.n || !m.exact && got > m.n, nil
}

func (m *responsesMatcher) FailureMessage(actual any) string {
	r, _ := clientOf(actual)
	want := count(m.n, "response")
	if !m.exact {
		want = fmt.Sprintf("at least %s", want)
	}
	final := r.Final()
	got := count(len(final), "response")
	if len(final) == 0 {
		got = "no response"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "expected %s; got %s: %s after %d bytes", want, got, strings.TrimPrefix(endWords(r), "the connection "), len(r.Received))
	if len(final) == 0 && len(r.Received) > 0 {
		b.WriteString(", which are no complete response")
	}
	for i, resp := range final {
		fmt.Fprintf(&b, "\nresponse %d: %s", i+1, statusLine(&resp))
	}
	if len(r.Received) > 0 {
		b.WriteString("\nreceived: " + Window(r.Received, 0, 160))
	}
	return strings.Replace(b.String(), "ended with ", "the connection ended with ", 1)
}

func (m *responsesMatcher) NegatedFailureMessage(actual any) string {
	return fmt.Sprintf("expected anything but %s; got that many", count(m.n, "response"))
}

// HaveStatus succeeds when the response's status code is code.
func HaveStatus(code int) types.GomegaMatcher { return &statusMatcher{code} }

type statusMatcher struct{ code int }

func (m *statusMatcher) Match(actual any) (bool, error) {
	r, err := responseOf(actual)
	if err != nil {
		return false, err
	}
	return r.StatusCode == m.code && r.Cut != wire.CutHead, nil
}

func (m *statusMatcher) FailureMessage(actual any) string {
	r, _ := responseOf(actual)
	return fmt.Sprintf("expected status %d; got %s", m.code, statusLine(r))
}

func (m *statusMatcher) NegatedFailureMessage(actual any) string {
	return fmt.Sprintf("expected a status other than %d; got it", m.code)
}

// HaveHeader succeeds when the response's first name header is value.
func HaveHeader(name, value string) types.GomegaMatcher {
	return &headerMatcher{name: name, value: value}
}

// HaveNoHeader succeeds when the response has no name header, or an
// empty one.
func HaveNoHeader(name string) types.GomegaMatcher { return &headerMatcher{name: name, absent: true} }

type headerMatcher struct {
	name, value string
	absent      bool
}

func (m *headerMatcher) Match(actual any) (bool, error) {
	r, err := responseOf(actual)
	if err != nil {
		return false, err
	}
	return r.Get(m.name) == m.value, nil
}

func (m *headerMatcher) FailureMessage(actual any) string {
	r, _ := responseOf(actual)
	had := "the response had no " + m.name + " header"
	if v, ok := r.Header(m.name); ok {
		had = fmt.Sprintf("the response had %s: %s", m.name, v)
	}
	if m.absent {
		return fmt.Sprintf("expected no %s header; %s", m.name, had)
	}
	return fmt.Sprintf("expected %s: %s; %s", m.name, m.value, had)
}

func (m *headerMatcher) NegatedFailureMessage(actual any) string {
	if m.absent {
		return fmt.Sprintf("expected a %s header; the response had none", m.name)
	}
	return fmt.Sprintf("expected anything but %s: %s; the response had it", m.name, m.value)
}

// HaveBody succeeds when the response's entity (its framing removed) is
// body.
func HaveBody(body string) types.GomegaMatcher { return &bodyMatcher{want: body} }

// HaveBodyContaining succeeds when the response's entity contains part.
func HaveBodyContaining(part string) types.GomegaMatcher { return &bodyMatcher{want: part, part: true} }

// HaveBodyStarting succeeds when the response's entity starts with
// prefix.
func HaveBodyStarting(prefix string) types.GomegaMatcher {
	return &bodyMatcher{want: prefix, prefix: true}
}

type bodyMatcher struct {
	want         string
	part, prefix bool
}

func (m *bodyMatcher) Match(actual any) (bool, error) {
	r, err := responseOf(actual)
	if err != nil {
		return false, err
	}
	switch {
	case m.part:
		return strings.Contains(string(r.Body), m.want), nil
	case m.prefix:
		return strings.HasPrefix(string(r.Body), m.want), nil
	}
	return string(r.Body) == m.want, nil
}

func (m *bodyMatcher) FailureMessage(actual any) string {
	r, _ := responseOf(actual)
	cut := ""
	if !r.Complete() {
		cut = fmt.Sprintf("\n(the response was cut off in its %s)", r.Cut)
	}
	switch {
	case m.part:
		return fmt.Sprintf("expected a body containing %q; got %d bytes: %s", m.want, len(r.Body), Window(r.Body, 0, 160)) + cut
	case m.prefix:
		n := min(len(r.Body), len(m.want))
		return bytesDiff("a body starting with", []byte(m.want), r.Body[:n]) + cut
	}
	return bytesDiff("a body of", []byte(m.want), r.Body) + cut
}

func (m *bodyMatcher) NegatedFailureMessage(actual any) string {
	if m.part || m.prefix {
		return fmt.Sprintf("expected a body without %q; it had it", m.want)
	}
	return fmt.Sprintf("expected a body other than %q; got it", m.want)
}

// BeComplete succeeds when the response was received in full: the
// connection did not cut it off.
func BeComplete() types.GomegaMatcher { return &completeMatcher{} }

type completeMatcher struct{}

func (m *completeMatcher) Match(actual any) (bool, error) {
	r, err := responseOf(actual)
	if err != nil {
		return false, err
	}
	return r.Complete(), nil
}

func (m *completeMatcher) FailureMessage(actual any) string {
	r, _ := responseOf(actual)
	return fmt.Sprintf("expected a complete response; it was cut off in its %s after %d bytes", r.Cut, len(r.Raw))
}

func (m *completeMatcher) NegatedFailureMessage(actual any) string {
	r, _ := responseOf(actual)
	return fmt.Sprintf("expected the response to be cut off; it was complete (%s framing, %d body bytes)", r.Framing, len(r.Body))
}

// expectServed is the wire check of a scenario whose modules leave the
// response alone: one complete 200 response carrying body (see
// expectAnswered).
func expectServed(o *Observation, body string) {
	ExpectWithOffset(1, o).To(HaveResponses(1))
	expectAnswered(o, o.Response(0), body, 2)
}

// expectAnswered checks that r is a complete 200 response carrying body,
// the handler's. On a wire-only target (o.Plain) the target's own handler
// answered, with a body the spec cannot know, so the body is not checked
// there. offset is as for ExpectWithOffset, from the caller's caller.
func expectAnswered(o *Observation, r *wire.Response, body string, offset int) {
	ExpectWithOffset(offset, r).To(HaveStatus(200))
	if !o.Plain {
		ExpectWithOffset(offset, r).To(HaveBody(body))
	}
	ExpectWithOffset(offset, r).To(BeComplete())
}
