package explore

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/iisemu/iisemu/conformance"
	"github.com/iisemu/iisemu/fixtures"
	"github.com/iisemu/iisemu/internal/fault"
)

// TestModelAndSocketsAgree is the fixed budget make test runs: 300
// scenarios of seed 1 on the model and on loopback sockets, and not one
// divergence.
func TestModelAndSocketsAgree(t *testing.T) {
	start := time.Now()
	rep, err := Run(context.Background(), Config{Pair: Pair{conformance.ModelBackend(), conformance.SocketsBackend()},
		Generator: NewGenerator(1, Options{}), Count: 300, MaxFindings: 3})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Ran != 300 && len(rep.Findings) == 0 {
		t.Fatalf("ran %d of 300 scenarios", rep.Ran)
	}
	for _, f := range rep.Findings {
		t.Errorf("scenario %d diverges:\n%s", f.Index, f.Text())
	}
	t.Logf("300 scenarios in %v", time.Since(start))
}

// TestAPlantedDivergenceIsFoundAndShrunk plants a divergence, the
// self-check's model whose ResetConnection closes politely, and requires
// explore to find it within 1,000 scenarios, shrink it to one module
// making at most three calls, and write it as a scenario file that loads.
func TestAPlantedDivergenceIsFoundAndShrunk(t *testing.T) {
	dir := t.TempDir()
	var progress strings.Builder
	rep, err := Run(context.Background(), Config{
		Pair:      Pair{conformance.FaultyModelBackend(fault.Set{ResetIsOrderly: true}), conformance.SocketsBackend()},
		Generator: NewGenerator(1, Options{}), Count: 1000, MaxFindings: 1, OutDir: dir, Progress: &progress})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 1 {
		t.Fatalf("the planted divergence was not found in %d scenarios", rep.Ran)
	}
	f := rep.Findings[0]
	calls := 0
	for _, m := range f.Shrunk.Modules {
		for _, st := range m.Steps {
			calls += len(st.Calls)
		}
	}
	if len(f.Shrunk.Modules) > 1 || calls > 3 {
		t.Errorf("shrunk to %d modules and %d calls, want at most 1 and 3:\n%s", len(f.Shrunk.Modules), calls, f.Text())
	}
	if f.Confirmed != f.Reruns || !strings.Contains(f.Diff, "Backends disagree") {
		t.Errorf("the shrunk divergence is not steady (%d of %d) or not described:\n%s", f.Confirmed, f.Reruns, f.Diff)
	}
	data, err := os.ReadFile(f.File)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := fixtures.ParseScenario(data)
	if err != nil {
		t.Fatalf("the written scenario does not load: %v", err)
	}
	if !calls1(sc, "ResetConnection") && !calls1(sc, "CloseConnection") {
		t.Errorf("the shrunk scenario resets nothing:\n%s", data)
	}
	if !strings.Contains(progress.String(), "divergence 1 at scenario") {
		t.Errorf("no divergence line in the progress:\n%s", progress.String())
	}
	t.Logf("found at scenario %d, shrunk in %d tries:\n%s", f.Index, f.Tried, f.Text())
}

func calls1(sc *fixtures.Scenario, method string) bool { return calls(sc, method) }

// TestTimeBudgetAndProgress: --time stops the run before its count, and
// the progress line says how far it got.
func TestTimeBudgetAndProgress(t *testing.T) {
	var progress strings.Builder
	rep, err := Run(context.Background(), Config{Pair: Pair{conformance.ModelBackend(), conformance.ModelBackend()},
		Generator: NewGenerator(2, Options{}), Count: 1_000_000, Time: 200 * time.Millisecond, Progress: &progress, ProgressEvery: time.Nanosecond})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Ran == 0 || rep.Ran >= 1_000_000 || rep.Elapsed > 5*time.Second {
		t.Errorf("a 200 ms budget ran %d scenarios in %v", rep.Ran, rep.Elapsed)
	}
	if !strings.Contains(progress.String(), "/1000000 scenarios, 0 divergences, ") {
		t.Errorf("no progress line:\n%s", progress.String())
	}
}
