package conformance

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/iisemu/iisemu/fixtures"
)

// ScenarioDir is where the scenario files live, relative to the module
// root.
const ScenarioDir = "fixtures/scenarios"

// scenarioUses records, while Ginkgo builds the spec tree, every scenario
// a spec runs, by ID, with the behaviour IDs of all the specs that run it.
// The scenarios themselves are never written to: fileForm makes a copy.
type scenarioUses map[string]*scenarioUse

type scenarioUse struct {
	sc  *fixtures.Scenario
	ids []string
}

// note records that a spec checking ids runs sc (nil: none).
func (u scenarioUses) note(sc *fixtures.Scenario, ids []string) {
	if sc == nil {
		return
	}
	use, ok := u[sc.ID]
	if !ok {
		use = &scenarioUse{sc: sc}
		u[sc.ID] = use
	}
	if use.sc != sc {
		panic(fmt.Sprintf("conformance: two different scenarios are named %q", sc.ID))
	}
	for _, id := range ids {
		if !slices.Contains(use.ids, id) {
			use.ids = append(use.ids, id)
		}
	}
}

// fileForm is sc as its file states it: a copy whose Behaviours are its
// own and those of every spec noted so far that runs it, sorted. Once the
// tree is built, that is every spec.
func (u scenarioUses) fileForm(sc *fixtures.Scenario) *fixtures.Scenario {
	if sc == nil {
		return nil
	}
	cp := *sc
	cp.Behaviours = slices.Clone(sc.Behaviours)
	if use, ok := u[sc.ID]; ok {
		for _, id := range use.ids {
			if !slices.Contains(cp.Behaviours, id) {
				cp.Behaviours = append(cp.Behaviours, id)
			}
		}
	}
	slices.Sort(cp.Behaviours)
	return &cp
}

// ScenarioFiles renders every scenario the run's specs run in its file
// form, keyed by file name ("<id>.json").
func (r *Result) ScenarioFiles() (map[string][]byte, error) {
	out := make(map[string][]byte, len(r.scenarios))
	for id, use := range r.scenarios {
		b, err := fixtures.MarshalScenario(r.scenarios.fileForm(use.sc))
		if err != nil {
			return nil, fmt.Errorf("scenario %s: %w", id, err)
		}
		out[id+".json"] = b
	}
	return out, nil
}

// WriteScenarioFiles replaces the .json files in dir with ScenarioFiles.
func (r *Result) WriteScenarioFiles(dir string) (int, error) {
	files, err := r.ScenarioFiles()
	if err != nil {
		return 0, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	old, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return 0, err
	}
	for _, f := range old {
		if err := os.Remove(f); err != nil {
			return 0, err
		}
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return 0, err
		}
	}
	return len(files), nil
}
