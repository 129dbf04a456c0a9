package conformance

import (
	"fmt"
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
		a.need(SeenTrace) // skips the spec on a target without traces
		if len(a.Traces) == 0 {
			return nil, fmt.Errorf("the server recorded no trace")
		}
		return a.Traces[0].Events, nil
	case *iis.Trace:
		return a.Events, nil
	case []iis.Event:
		return a, nil
	}
	return nil, fmt.Errorf("expected an *Observation, *iis.Trace or []iis.Event, got %T", actual)
}

// describeClient renders what the client saw, for failure messages.
func describeClient(r *wire.Result) string {
	recv := string(r.Received)
	if len(recv) > 600 {
		recv = recv[:600] + "…"
	}
	end := r.Close.String()
	if r.EndErr != nil {
		end += " (" + r.EndErr.Error() + ")"
	}
	if r.Left != "" {
		end = "the client left first (" + r.Left + ")"
	}
	return fmt.Sprintf("received %d bytes: %q\nconnection ended: %s", len(r.Received), recv, end)
}

// closeMatcher compares the close kind.
type closeMatcher struct {
	want httpsys.CloseKind
	what string
}

// BeReset succeeds when the client saw the connection reset (RST): its
// read ended with ECONNRESET after what was delivered.
func BeReset() types.GomegaMatcher {
	return &closeMatcher{httpsys.Reset, "end with a reset (RST)"}
}

// BeClosedGracefully succeeds when the client saw an orderly close (FIN):
// its read ended with EOF after every delivered byte.
func BeClosedGracefully() types.GomegaMatcher {
	return &closeMatcher{httpsys.Closed, "close in an orderly way (FIN)"}
}

// StayOpen succeeds when the connection was still open once the server
// had settled.
func StayOpen() types.GomegaMatcher {
	return &closeMatcher{httpsys.Open, "stay open"}
}

func (m *closeMatcher) Match(actual any) (bool, error) {
	r, err := clientOf(actual)
	if err != nil {
		return false, err
	}
	return r.Close == m.want, nil
}

func (m *closeMatcher) FailureMessage(actual any) string {
	r, _ := clientOf(actual)
	return fmt.Sprintf("Expected the connection to %s.\nActual: %s", m.what, describeClient(r))
}

func (m *closeMatcher) NegatedFailureMessage(actual any) string {
	r, _ := clientOf(actual)
	return fmt.Sprintf("Expected the connection not to %s.\nActual: %s", m.what, describeClient(r))
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
	return "Expected the client to receive nothing.\nActual: " + describeClient(r)
}

func (m *nothingMatcher) NegatedFailureMessage(actual any) string {
	r, _ := clientOf(actual)
	return "Expected the client to receive something.\nActual: " + describeClient(r)
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
