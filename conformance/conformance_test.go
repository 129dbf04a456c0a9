package conformance

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/iisemu/iisemu/internal/fault"
)

// faultEnv selects a deliberately wrong model for the self-check; only
// this test file reads it.
const faultEnv = "IISEMU_SELFCHECK_FAULT"

var faults = map[string]fault.Set{
	"reset-is-orderly":        {ResetIsOrderly: true},
	"write-after-reset-fails": {WriteAfterResetFails: true},
}

func TestConformance(t *testing.T) {
	var cfg Config
	if name := os.Getenv(faultEnv); name != "" {
		f, ok := faults[name]
		if !ok {
			t.Fatalf("unknown fault %q", name)
		}
		cfg.Backends = []Backend{modelBackend(f), SocketsBackend()}
	}
	// The suite-level checks (catalogue, scenario files, wire first,
	// leaks) run as the suite's last nodes (suitechecks_test.go), so that
	// Ginkgo reports why they fail in a parallel run too.
	Run(t, cfg)
}

// TestSelfCheck proves the suite can fail: it reruns it on a model that
// gets the seed wrong and requires failures on exactly the behaviours the
// fault breaks, caught both by the model's own specs and by the agreement
// specs against real sockets.
func TestSelfCheck(t *testing.T) {
	if os.Getenv(faultEnv) != "" {
		t.Skip("inside a self-check run")
	}
	cases := []struct {
		fault    string
		mustFail []string // behaviour IDs with at least one failing model spec
	}{
		{"reset-is-orderly", []string{"RC-1", "RC-5", "RC-8", "ND-3"}},
		{"write-after-reset-fails", []string{"RC-2", "RC-5"}},
	}
	failLine := regexp.MustCompile(`\[FAIL\].*\[([^\]]+)\]\s*$`)
	for _, c := range cases {
		t.Run(c.fault, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestConformance$", "-ginkgo.no-color",
				"-ginkgo.label-filter=RC-1 || RC-2 || RC-5 || RC-8 || ND-3 || SYS-KA-1")
			cmd.Env = append(os.Environ(), faultEnv+"="+c.fault)
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("the suite passed on a model with fault %s:\n%s", c.fault, out)
			}
			failed := map[string]bool{}
			agreementFailed := false
			for _, line := range strings.Split(string(out), "\n") {
				m := failLine.FindStringSubmatch(line)
				if m == nil {
					continue
				}
				labels := strings.Split(m[1], ", ")
				switch labels[0] {
				case "model":
					for _, l := range labels[1:] {
						failed[l] = true
					}
				case "agreement":
					agreementFailed = true
				case "sockets":
					t.Errorf("a sockets spec failed, but only the model was broken: %s", line)
				}
			}
			for _, id := range c.mustFail {
				if !failed[id] {
					t.Errorf("no model spec for %s failed with fault %s", id, c.fault)
				}
			}
			if !agreementFailed {
				t.Errorf("no agreement spec caught fault %s", c.fault)
			}
			if failed["SYS-KA-1"] {
				t.Errorf("SYS-KA-1 failed although the fault does not touch it")
			}
			if t.Failed() {
				t.Logf("the suite's output with fault %s:\n%s", c.fault, out)
			}
		})
	}
}

// checkCatalogue fails when the checked-in catalogue is not what the spec
// tree generates: a behaviour or a spec changed without regenerating it.
// Ginkgo builds the whole tree whatever the label filter, so any run can
// judge.
func checkCatalogue(t checker, res *Result) {
	want, err := os.ReadFile(CatalogueFile)
	if err != nil {
		t.Fatalf("reading the catalogue: %v (generate it: make catalog)", err)
	}
	if got := res.Catalogue(); got != string(want) {
		t.Errorf("conformance/%s is stale: regenerate it with 'make catalog' and commit it", CatalogueFile)
	}
}

// checkScenarioFiles fails when fixtures/scenarios is not what the spec
// tree runs: a scenario changed, was added or was removed without
// regenerating the files.
func checkScenarioFiles(t checker, res *Result) {
	dir := filepath.Join("..", ScenarioDir)
	want, err := res.ScenarioFiles()
	if err != nil {
		t.Fatal(err)
	}
	onDisk, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range onDisk {
		if _, ok := want[filepath.Base(f)]; !ok {
			t.Errorf("%s/%s is no longer run by any spec: regenerate with 'make catalog'", ScenarioDir, filepath.Base(f))
		}
	}
	for name, b := range want {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || string(got) != string(b) {
			t.Errorf("%s/%s is missing or stale: regenerate with 'make catalog' and commit it", ScenarioDir, name)
		}
	}
}
