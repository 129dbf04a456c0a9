package explore

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/iisemu/iisemu/conformance"
	"github.com/iisemu/iisemu/fixtures"
	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/iis"
)

// Pair is the two backends a scenario runs on: the reference (the model)
// and the subject (sockets, or a target).
type Pair struct {
	Reference, Subject conformance.Backend
}

// Diverges runs sc on both backends and compares what each saw, as the
// agreement specs do (conformance.Disagreement): the client's bytes with
// the Date header masked, the close kind, the server's trace and the
// error log's reasons, leaving out a record the subject does not serve;
// and, the one allowance the agreement specs do not need, bytes a reset
// cut short (cutByReset).
// Two differences that say nothing about either are set aside first
// (comparable): the order of header fields, and close events on one side
// when the other records none.
// It returns "" when they agree, else both sides in words. A backend that
// could not run the scenario at all (its exchange failed or timed out)
// is reported too: by one, a divergence; by both, a scenario neither can
// run, which is a finding about the generator or the emulator.
func (p Pair) Diverges(ctx context.Context, sc *fixtures.Scenario) string {
	c := conformance.ScenarioCase(sc)
	a, errA := c.Run(ctx, p.Reference)
	b, errB := c.Run(ctx, p.Subject)
	ra, rb := p.Reference.Info().Name, p.Subject.Info().Name
	switch {
	case errA != nil && errB != nil:
		return fmt.Sprintf("Both backends failed to run it: %s: %v; %s: %v", ra, errA, rb, errB)
	case errA != nil:
		return fmt.Sprintf("%s failed to run it (%v); %s ran it", ra, errA, rb)
	case errB != nil:
		return fmt.Sprintf("%s failed to run it (%v); %s ran it", rb, errB, ra)
	}
	a, b = comparable(a, b)
	d := conformance.Disagreement(a, b)
	if d != "" && cutByReset(a, b) {
		return ""
	}
	return d
}

// responseHead is a response's status line and header fields, up to
// the empty line.
var responseHead = regexp.MustCompile(`(?m)^(HTTP/1\.[01] [^\r\n]*\r\n)((?:[^\r\n]+\r\n)*)\r\n`)

// comparable is a and b (copies; the originals are left alone) with the
// header fields of each response sorted by name, those of one name kept
// in their order, since the order of fields of different names is not
// significant (RFC 9110, section 5.3); and without the trace's close
// events on one side when the other's traces have none, since a host
// over an API that does not tell it how a connection ended (the HTTP
// Server API does not) records none. The client's close kind is still
// compared.
func comparable(a, b *conformance.Observation) (*conformance.Observation, *conformance.Observation) {
	ca, cb := *a, *b
	ra, rb := *a.Client, *b.Client
	ra.Received, rb.Received = sortHeaders(a.Client.Received), sortHeaders(b.Client.Received)
	ca.Client, cb.Client = &ra, &rb
	switch {
	case len(b.Traces) > 0 && !hasClose(b.Traces):
		ca.Traces = withoutClose(a.Traces)
	case len(a.Traces) > 0 && !hasClose(a.Traces):
		cb.Traces = withoutClose(b.Traces)
	}
	return &ca, &cb
}

// sortHeaders is raw with the header fields of each response head sorted
// by name (case-insensitively), stably.
func sortHeaders(raw []byte) []byte {
	return responseHead.ReplaceAllFunc(raw, func(head []byte) []byte {
		m := responseHead.FindSubmatch(head)
		fields := strings.SplitAfter(string(m[2]), "\r\n")
		fields = fields[:len(fields)-1] // the empty string after the last
		sort.SliceStable(fields, func(i, j int) bool { return fieldName(fields[i]) < fieldName(fields[j]) })
		return []byte(string(m[1]) + strings.Join(fields, "") + "\r\n")
	})
}

// fieldName is a header field's name, lower-cased.
func fieldName(field string) string {
	name, _, _ := strings.Cut(field, ":")
	return strings.ToLower(name)
}

// hasClose says whether any of the traces records a close event.
func hasClose(traces []*iis.Trace) bool {
	for _, t := range traces {
		for _, e := range t.Events {
			if e.Kind == iis.EventClose {
				return true
			}
		}
	}
	return false
}

// withoutClose is copies of the traces without their close events.
func withoutClose(traces []*iis.Trace) []*iis.Trace {
	out := make([]*iis.Trace, len(traces))
	for i, t := range traces {
		c := *t
		c.Events = nil
		for _, e := range t.Events {
			if e.Kind != iis.EventClose {
				c.Events = append(c.Events, e)
			}
		}
		out[i] = &c
	}
	return out
}

var dateHeader = regexp.MustCompile(`(?m)^Date: [^\r\n]*`)

// cutByReset says whether a and b differ only in where a reset cut the
// client's bytes: both connections ended with RST, the bytes one client
// received are the start of the other's, and with the same bytes the
// observations agree. On real TCP a reset discards what the client had
// not yet read, so how much of a large response arrives before it is a
// matter of timing; the agreement specs' scenarios never race a reset,
// generated ones do.
func cutByReset(a, b *conformance.Observation) bool {
	if a.Client.Close != httpsys.Reset || b.Client.Close != httpsys.Reset {
		return false
	}
	ra := dateHeader.ReplaceAll(a.Client.Received, []byte("Date: -"))
	rb := dateHeader.ReplaceAll(b.Client.Received, []byte("Date: -"))
	if !bytes.HasPrefix(ra, rb) && !bytes.HasPrefix(rb, ra) {
		return false
	}
	same := *b
	client := *b.Client
	client.Received = a.Client.Received
	same.Client = &client
	return conformance.Disagreement(a, &same) == ""
}

// gone says whether the subject, a target, has stopped accepting
// connections: the run stops there rather than report every scenario
// after it as a divergence.
func (p Pair) gone() bool {
	w, ok := p.Subject.(conformance.Watched)
	return ok && w.Gone() != nil
}
