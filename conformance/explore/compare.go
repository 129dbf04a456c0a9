package explore

import (
	"bytes"
	"context"
	"fmt"
	"regexp"

	"github.com/iisemu/iisemu/conformance"
	"github.com/iisemu/iisemu/fixtures"
	"github.com/iisemu/iisemu/httpsys"
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
	d := conformance.Disagreement(a, b)
	if d != "" && cutByReset(a, b) {
		return ""
	}
	return d
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
