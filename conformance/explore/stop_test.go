package explore

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/iisemu/iisemu/conformance"
)

// stopping is the model as a subject that answers nothing more once it
// has run a scenario calling Flush, as Wine's HTTP.sys did after its stub
// HttpSendResponseEntityBody: the scenario itself agrees, every later one
// fails.
type stopping struct {
	conformance.Backend
	stopped bool
}

func (s *stopping) RunCase(ctx context.Context, c conformance.Case) (*conformance.Observation, error) {
	if s.stopped {
		return nil, errors.New("no answer within 1s")
	}
	o, err := c.Run(ctx, s.Backend)
	if c.Scenario != nil && calls(c.Scenario, "Flush") {
		s.stopped = true
	}
	return o, err
}

func aliveUnlessStopped(_ context.Context, b conformance.Backend) error {
	if b.(*stopping).stopped {
		return errors.New("no answer to the hello scenario within 1s")
	}
	return nil
}

// TestASubjectThatStopsIsRestartedAndShrunk: with Restart, the scenario
// after which the subject answers nothing more is found although both
// sides agree on it, and is shrunk, each try on a fresh subject, to one
// module that flushes; no scenario after it is reported for
// the subject's silence alone.
func TestASubjectThatStopsIsRestartedAndShrunk(t *testing.T) {
	restarts := 0
	rep, err := Run(context.Background(), Config{
		Pair:      Pair{conformance.ModelBackend(), &stopping{Backend: conformance.ModelBackend()}},
		Generator: NewGenerator(1, Options{}), Count: 60, MaxFindings: 1,
		Alive: aliveUnlessStopped,
		Restart: func(context.Context) (conformance.Backend, error) {
			restarts++
			return &stopping{Backend: conformance.ModelBackend()}, nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 1 {
		t.Fatalf("%d findings in %d scenarios, want 1", len(rep.Findings), rep.Ran)
	}
	f := rep.Findings[0]
	if !calls(f.Original, "Flush") {
		t.Errorf("the finding's scenario does not flush:\n%s", f.Text())
	}
	// One module that flushes: a plain Flush, or the leaving client's
	// module, whose four calls the shrinker keeps or drops together.
	if len(f.Shrunk.Modules) != 1 || len(f.Shrunk.Modules[0].Steps) != 1 || len(f.Shrunk.Modules[0].Steps[0].Calls) > 4 ||
		!calls(f.Shrunk, "Flush") {
		t.Errorf("not shrunk to one module that flushes in at most four calls:\n%s", f.Text())
	}
	if f.Stopped == nil || f.Confirmed != f.Reruns || !strings.Contains(f.Summary(), "the target answered nothing more after it") ||
		!strings.Contains(f.Diff, "The backends agree on the scenario itself.") {
		t.Errorf("the finding does not say the subject stopped after it (%d of %d reruns):\n%s", f.Confirmed, f.Reruns, f.Text())
	}
	if restarts < f.Tried/2 || rep.Restarts != restarts {
		t.Errorf("%d restarts (the report says %d) for %d tries", restarts, rep.Restarts, f.Tried)
	}
}

// TestASubjectThatStopsWithNothingToRestartIt: without Restart, the run
// ends at the scenario after which the subject answers nothing more, and
// reports it as drawn.
func TestASubjectThatStopsWithNothingToRestartIt(t *testing.T) {
	rep, err := Run(context.Background(), Config{
		Pair:      Pair{conformance.ModelBackend(), &stopping{Backend: conformance.ModelBackend()}},
		Generator: NewGenerator(1, Options{}), Count: 60, Alive: aliveUnlessStopped,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 1 {
		t.Fatalf("%d findings in %d scenarios, want 1", len(rep.Findings), rep.Ran)
	}
	f := rep.Findings[0]
	if !f.Unshrunk || f.Shrunk != f.Original || f.Tried != 0 || rep.Ran != f.Index+1 {
		t.Errorf("shrunk in %d tries, or the run went on (%d scenarios ran, the finding is scenario %d):\n%s", f.Tried, rep.Ran, f.Index, f.Text())
	}
	if !strings.Contains(f.Summary(), "not shrunk, since nothing restarts the target") {
		t.Errorf("summary %q", f.Summary())
	}
}
