package main

import (
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/iisemu/iisemu/conformance/behaviour"
)

func TestCatalogHelpExplainsEveryProvenance(t *testing.T) {
	code, out, _ := runIn("catalog", "--help")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, p := range behaviour.Provenances {
		if !strings.Contains(out, "  "+string(p)+" ") {
			t.Errorf("catalog --help does not explain %s:\n%s", p, out)
		}
	}
	if !strings.Contains(out, "--evidence") {
		t.Errorf("catalog --help does not show --evidence:\n%s", out)
	}
}

func TestCatalogEvidenceListsBothSources(t *testing.T) {
	code, out, errs := runIn("catalog", "--evidence")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	var doc struct {
		List []struct {
			ID         string `yaml:"id"`
			Documented struct {
				Source string `yaml:"source"`
				Says   string `yaml:"says"`
			} `yaml:"documented"`
			Evidence []struct {
				Address string `yaml:"address"`
			} `yaml:"evidence"`
		} `yaml:"evidence_over_documentation"`
	}
	if err := yaml.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not YAML: %v\n%s", err, out)
	}
	want := behaviour.AgainstDocumentation()
	if len(doc.List) == 0 || len(doc.List) != len(want) {
		t.Fatalf("listed %d behaviours, the catalogue has %d:\n%s", len(doc.List), len(want), out)
	}
	for i, e := range doc.List {
		if e.ID != want[i].ID || !strings.HasPrefix(e.Documented.Source, "https://") || e.Documented.Says == "" ||
			len(e.Evidence) == 0 || !strings.HasPrefix(e.Evidence[0].Address, "https://") {
			t.Errorf("entry %d lacks one of its two sources: %+v", i, e)
		}
	}
	// --provenance filters the list too: no SD-1 among the INFER ones.
	_, out, _ = runIn("catalog", "--evidence", "--provenance", "INFER")
	if strings.Contains(out, "id: SD-1") {
		t.Errorf("--provenance INFER kept an EVID behaviour:\n%s", out)
	}
}
