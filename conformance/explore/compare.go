package explore

import (
	"context"
	"fmt"

	"github.com/iisemu/iisemu/conformance"
	"github.com/iisemu/iisemu/fixtures"
)

// Pair is the two backends a scenario runs on: the reference (the model)
// and the subject (sockets, or a target).
type Pair struct {
	Reference, Subject conformance.Backend
}

// Diverges runs sc on both backends and compares what each saw, as the
// agreement specs do (conformance.Disagreement): the client's bytes with
// the Date header masked, the close kind, the server's trace and the
// error log's reasons, leaving out a record the subject does not serve.
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
	return conformance.Disagreement(a, b)
}

// gone says whether the subject, a target, has stopped accepting
// connections: the run stops there rather than report every scenario
// after it as a divergence.
func (p Pair) gone() bool {
	w, ok := p.Subject.(conformance.Watched)
	return ok && w.Gone() != nil
}
