package conformance

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/onsi/gomega/types"

	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/httpsys/wire"
	"github.com/iisemu/iisemu/iis"
)

// clientOf accepts an *Observation or a *wire.Result.
func clientOf(actual any) (*wire.Result, error) {
	switch a := actual.(type) {
	case *Observation:
		return a.Client, nil
	case *wire.Result:
		return a, nil
	}
	return nil, fmt.Errorf("expected an *Observation or *wire.Result, got %T", actual)
}

func eventsOf(actual any) ([]iis.Event, error) {
	switch a := actual.(type) {
	case *Observation:
		a.need(SeenTrace) // a server check: see Observation.need
		if len(a.Traces) == 0 {
			return nil, fmt.Errorf("the server recorded no trace")
		}
		return a.Events(), nil
	case *iis.Trace:
		return a.Events, nil
	case []iis.Event:
		return a, nil
	}
	return nil, fmt.Errorf("expected an *Observation, *iis.Trace or []iis.Event, got %T", actual)
}

// describeClient renders what the client saw, for reports: how many
// bytes, the first of them, and how the connection ended.
func describeClient(r *wire.Result) string {
	end := endWords(r)
	if r.EndErr != nil && r.Close != httpsys.Closed {
		end += " (" + r.EndErr.Error() + ")"
	}
	if len(r.Received) == 0 {
		return "received nothing; " + end
	}
	return fmt.Sprintf("received %d bytes: %s\n%s", len(r.Received), Window(r.Received, 0, 240), end)
}

// endWords says how the connection ended, in the words of the failure
// messages.
func endWords(r *wire.Result) string {
	if r.Left != "" {
		return "the client left first (" + r.Left + ")"
	}
	switch r.Close {
	case httpsys.Reset:
		return "the connection ended with RST"
	case httpsys.Closed:
		return "the connection ended with FIN"
	}
	return "the connection stayed open"
}

// closeName is a close kind for a failure message: RST, FIN, or "the
// connection open" (closeWords says it in one word, for a spec's text).
func closeName(k httpsys.CloseKind) string {
	switch k {
	case httpsys.Reset:
		return "RST"
	case httpsys.Closed:
		return "FIN"
	}
	return "the connection open"
}

// gotWords says what the client got, in one phrase: "FIN after 150
// bytes", "no bytes, and the connection stayed open".
func gotWords(r *wire.Result) string {
	if r.Left != "" {
		return fmt.Sprintf("%d bytes before the client left (%s)", len(r.Received), r.Left)
	}
	if r.Close == httpsys.Open {
		return fmt.Sprintf("%d bytes, and the connection stayed open", len(r.Received))
	}
	return fmt.Sprintf("%s after %d bytes", closeName(r.Close), len(r.Received))
}

// Window shows data around byte at: up to width bytes, quoted, with how
// many bytes it leaves out before and after.
func Window(data []byte, at, width int) string {
	from := max(0, min(at-width/4, len(data)-width))
	to := min(len(data), from+width)
	s := strconv.Quote(string(data[from:to]))
	if from > 0 {
		s = fmt.Sprintf("(%d bytes before) …", from) + s
	}
	if to < len(data) {
		s += fmt.Sprintf("… %d more bytes", len(data)-to)
	}
	return s
}

// firstDifference is the index of the first byte where a and b differ
// (the shorter length when one is a prefix of the other).
func firstDifference(a, b []byte) int {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// closeMatcher compares the close kind.
type closeMatcher struct {
	want httpsys.CloseKind
}

// BeReset succeeds when the client saw the connection reset (RST): its
// read ended with ECONNRESET after what was delivered.
func BeReset() types.GomegaMatcher { return &closeMatcher{httpsys.Reset} }

// BeClosedGracefully succeeds when the client saw an orderly close (FIN):
// its read ended with EOF after every delivered byte.
func BeClosedGracefully() types.GomegaMatcher { return &closeMatcher{httpsys.Closed} }

// StayOpen succeeds when the connection was still open once the server
// had settled.
func StayOpen() types.GomegaMatcher { return &closeMatcher{httpsys.Open} }

func (m *closeMatcher) Match(actual any) (bool, error) {
	r, err := clientOf(actual)
	if err != nil {
		return false, err
	}
	return r.Close == m.want && r.Left == "", nil
}

func (m *closeMatcher) FailureMessage(actual any) string {
	r, _ := clientOf(actual)
	return fmt.Sprintf("expected %s; got %s", closeName(m.want), gotWords(r)) + receivedTail(r)
}

func (m *closeMatcher) NegatedFailureMessage(actual any) string {
	r, _ := clientOf(actual)
	return fmt.Sprintf("expected anything but %s; got %s", closeName(m.want), gotWords(r)) + receivedTail(r)
}

// receivedTail shows the first bytes received, on a line of its own.
func receivedTail(r *wire.Result) string {
	if len(r.Received) == 0 {
		return ""
	}
	return "\nreceived: " + Window(r.Received, 0, 160)
}

// ReceiveNothing succeeds when not one byte reached the client.
func ReceiveNothing() types.GomegaMatcher { return &nothingMatcher{} }

type nothingMatcher struct{}

func (m *nothingMatcher) Match(actual any) (bool, error) {
	r, err := clientOf(actual)
	if err != nil {
		return false, err
	}
	return len(r.Received) == 0, nil
}

func (m *nothingMatcher) FailureMessage(actual any) string {
	r, _ := clientOf(actual)
	return fmt.Sprintf("expected no bytes; got %d bytes, then %s", len(r.Received), strings.TrimPrefix(endWords(r), "the connection ")) + receivedTail(r)
}

func (m *nothingMatcher) NegatedFailureMessage(actual any) string {
	r, _ := clientOf(actual)
	return "expected some bytes; got none: " + endWords(r)
}

// ReceiveExactly succeeds when the client received exactly these bytes.
func ReceiveExactly(want string) types.GomegaMatcher { return &receivedMatcher{want: want} }

type receivedMatcher struct{ want string }

func (m *receivedMatcher) Match(actual any) (bool, error) {
	r, err := clientOf(actual)
	if err != nil {
		return false, err
	}
	return string(r.Received) == m.want, nil
}

func (m *receivedMatcher) FailureMessage(actual any) string {
	r, _ := clientOf(actual)
	return bytesDiff("the client to receive", []byte(m.want), r.Received) + "\n" + endWords(r)
}

func (m *receivedMatcher) NegatedFailureMessage(any) string {
	return fmt.Sprintf("expected the client to receive anything but %q; it did", m.want)
}

// bytesDiff says where got differs from want, with a window of each
// around the first difference.
func bytesDiff(what string, want, got []byte) string {
	at := firstDifference(want, got)
	return fmt.Sprintf("expected %s %d bytes; got %d bytes, differing from byte %d:\n  expected %s\n  got      %s",
		what, len(want), len(got), at, Window(want, at, 80), Window(got, at, 80))
}

// sequenceMatcher compares trace events with patterns.
type sequenceMatcher struct {
	patterns []EventPattern
	exact    bool // the notification events must be exactly these
	checks   []*eventCheck
	events   []iis.Event
}

// HaveNotified succeeds when the trace's notification events are exactly
// these, in this order. On failure it shows an ordered diff.
func HaveNotified(patterns ...EventPattern) types.GomegaMatcher {
	return &sequenceMatcher{patterns: patterns, exact: true}
}

// HaveEventsInOrder succeeds when the trace holds events matching these
// patterns in this order, with any others between them.
func HaveEventsInOrder(patterns ...EventPattern) types.GomegaMatcher {
	return &sequenceMatcher{patterns: patterns}
}

func (m *sequenceMatcher) Match(actual any) (bool, error) {
	ev, err := eventsOf(actual)
	if err != nil {
		return false, err
	}
	m.events = ev
	if o, ok := actual.(*Observation); ok && len(o.dropped) > 0 {
		var kept []EventPattern
		for _, p := range m.patterns {
			if o.keeps(p) {
				kept = append(kept, p)
			}
		}
		m.patterns = kept
	}
	if m.checks, err = compilePatterns(m.patterns); err != nil {
		return false, err
	}
	if m.exact {
		got := notificationsOnly(ev)
		if len(got) != len(m.checks) {
			return false, nil
		}
		for i, c := range m.checks {
			if !c.match(got[i]) {
				return false, nil
			}
		}
		return true, nil
	}
	i := 0
	for _, e := range ev {
		if i < len(m.checks) && m.checks[i].match(e) {
			i++
		}
	}
	return i == len(m.checks), nil
}

func notificationsOnly(ev []iis.Event) []iis.Event {
	var out []iis.Event
	for _, e := range ev {
		if e.Kind == iis.EventNotification {
			out = append(out, e)
		}
	}
	return out
}

func (m *sequenceMatcher) FailureMessage(any) string {
	var b strings.Builder
	if m.exact {
		b.WriteString("Expected exactly these notifications, in order (- expected, + actual, = both):\n")
		b.WriteString(orderedDiff(m.checks, notificationsOnly(m.events)))
	} else {
		b.WriteString("Expected these events in this order:\n")
		i := 0
		for _, e := range m.events {
			if i < len(m.checks) && m.checks[i].match(e) {
				i++
			}
		}
		for j, p := range m.patterns {
			mark := "  found  "
			if j >= i {
				mark = "  MISSING"
			}
			fmt.Fprintf(&b, "%s %s\n", mark, p)
		}
		b.WriteString("Actual trace:\n")
		for _, e := range m.events {
			fmt.Fprintf(&b, "  %3d %s\n", e.Seq, FormatEvent(e))
		}
	}
	return b.String()
}

func (m *sequenceMatcher) NegatedFailureMessage(any) string {
	var b strings.Builder
	b.WriteString("Expected the trace not to match; it did:\n")
	for _, e := range m.events {
		fmt.Fprintf(&b, "  %3d %s\n", e.Seq, FormatEvent(e))
	}
	return b.String()
}

// orderedDiff aligns expected patterns with actual events by their longest
// common subsequence.
func orderedDiff(want []*eventCheck, got []iis.Event) string {
	n, m := len(want), len(got)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if want[i].match(got[j]) {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var b strings.Builder
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && want[i].match(got[j]):
			fmt.Fprintf(&b, "  = %s\n", FormatEvent(got[j]))
			i, j = i+1, j+1
		case j < m && (i == n || lcs[i][j+1] >= lcs[i+1][j]):
			fmt.Fprintf(&b, "  + %s\n", FormatEvent(got[j]))
			j++
		default:
			fmt.Fprintf(&b, "  - %s\n", want[i].pattern)
			i++
		}
	}
	return b.String()
}
