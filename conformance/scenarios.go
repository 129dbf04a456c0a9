package conformance

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"

	"github.com/iisemu/iisemu/fixtures"
)

// ScenarioDir is where the scenario files live, relative to the module
// root.
const ScenarioDir = "fixtures/scenarios"

// scenarios records, while Ginkgo builds the spec tree, every scenario a
// spec runs, with the behaviour IDs of all the specs that run it.
var scenarios = map[string]*fixtures.Scenario{}

func noteScenario(sc *fixtures.Scenario, ids []string) {
	if sc == nil {
		return
	}
	if prev, ok := scenarios[sc.ID]; ok && prev != sc {
		panic(fmt.Sprintf("conformance: two different scenarios are named %q", sc.ID))
	}
	scenarios[sc.ID] = sc
	for _, id := range ids {
		if !slices.Contains(sc.Behaviours, id) {
			sc.Behaviours = append(sc.Behaviours, id)
		}
	}
	sort.Strings(sc.Behaviours)
}

// ScenarioFiles renders every scenario the suite runs in its file form,
// keyed by file name ("<id>.json"). It needs the spec tree to have been
// built (a run, or a dry run).
func ScenarioFiles() (map[string][]byte, error) {
	out := make(map[string][]byte, len(scenarios))
	for id, sc := range scenarios {
		b, err := fixtures.MarshalScenario(sc)
		if err != nil {
			return nil, fmt.Errorf("scenario %s: %w", id, err)
		}
		out[id+".json"] = b
	}
	return out, nil
}

// WriteScenarioFiles replaces the .json files in dir with ScenarioFiles.
func WriteScenarioFiles(dir string) (int, error) {
	files, err := ScenarioFiles()
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
