package behaviour

import (
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestEveryEntryPassesItsCheck(t *testing.T) {
	for _, e := range All() {
		if err := e.Check(); err != nil {
			t.Error(err)
		}
	}
}

func TestCheckRefusesWhatTheCatalogueMustNotHold(t *testing.T) {
	doc := Entry{ID: "X-1", Provenance: DOC, Statement: "s", Source: "https://learn.microsoft.com/x"}
	ev := Evidence{Address: "https://github.com/o/r/blob/main/t.cs", Test: "T", Shows: "it"}
	cases := map[string]func(e *Entry){
		"a source that is a file":            func(e *Entry) { e.Source = "NOTES" + ".md#1-the-seed" },
		"a source that is a repository name": func(e *Entry) { e.Source = "dotnet/aspnetcore ResponseAbortTests" },
		"a plain http source":                func(e *Entry) { e.Source = "http://example.com/page" },
		"an unknown provenance":              func(e *Entry) { e.Provenance = "GUESS" },
		"an INFER without reasoning":         func(e *Entry) { e.Provenance = INFER },
		"a project decision without reasoning": func(e *Entry) {
			e.Source = ProjectDecision
		},
		"an EVID without evidence": func(e *Entry) { e.Provenance = EVID },
		"evidence without an address": func(e *Entry) {
			e.Provenance, e.Evidence = EVID, []Evidence{{Test: "T", Shows: "it"}}
		},
		"evidence that shows nothing": func(e *Entry) {
			e.Provenance, e.Evidence = EVID, []Evidence{{Address: ev.Address, Test: "T"}}
		},
		"documentation contrasted without evidence": func(e *Entry) {
			e.Documented = &Documented{Source: "https://learn.microsoft.com/y", Says: "the opposite"}
		},
		"documentation contrasted without what it says": func(e *Entry) {
			e.Provenance, e.Evidence = EVID, []Evidence{ev}
			e.Documented = &Documented{Source: "https://learn.microsoft.com/y"}
		},
	}
	if err := doc.Check(); err != nil {
		t.Fatalf("the well-formed entry fails: %v", err)
	}
	for name, spoil := range cases {
		e := doc
		spoil(&e)
		if e.Check() == nil {
			t.Errorf("%s: Check accepted %+v", name, e)
		}
	}
	good := doc
	good.Provenance, good.Source, good.Reasoning = INFER, ProjectDecision, "because"
	if err := good.Check(); err != nil {
		t.Errorf("an INFER project decision with reasoning fails: %v", err)
	}
}

func TestEveryINFERSaysWhy(t *testing.T) {
	n := 0
	for _, e := range All() {
		if e.Provenance == INFER {
			n++
			if len(strings.Fields(e.Reasoning)) < 8 {
				t.Errorf("%s: INFER with a reasoning too short to say why: %q", e.ID, e.Reasoning)
			}
		}
	}
	if n == 0 {
		t.Fatal("no INFER behaviour: the check checks nothing")
	}
}

// yamlEntry is the shape WriteYAML promises.
type yamlEntry struct {
	ID         string `yaml:"id"`
	Provenance string `yaml:"provenance"`
	Statement  string `yaml:"statement"`
	Source     string `yaml:"source"`
	Reasoning  string `yaml:"reasoning"`
	Documented *struct {
		Source string `yaml:"source"`
		Says   string `yaml:"says"`
	} `yaml:"documented"`
	Evidence []struct {
		Address string `yaml:"address"`
		Test    string `yaml:"test"`
		Shows   string `yaml:"shows"`
	} `yaml:"evidence"`
	Divergence string `yaml:"divergence"`
}

func TestWriteYAMLRendersEveryField(t *testing.T) {
	var b strings.Builder
	b.WriteString("behaviours:\n")
	for _, e := range All() {
		b.WriteString("- ")
		e.WriteYAML(&b, "  ")
	}
	var doc struct {
		Behaviours []yamlEntry `yaml:"behaviours"`
	}
	if err := yaml.Unmarshal([]byte(b.String()), &doc); err != nil {
		t.Fatalf("not YAML: %v", err)
	}
	all := All()
	if len(doc.Behaviours) != len(all) {
		t.Fatalf("%d entries rendered, %d in the catalogue", len(doc.Behaviours), len(all))
	}
	for i, e := range all {
		got := doc.Behaviours[i]
		if got.ID != e.ID || got.Provenance != string(e.Provenance) || got.Statement != e.Statement ||
			got.Source != e.Source || got.Reasoning != e.Reasoning || got.Divergence != e.Divergence {
			t.Errorf("%s: rendered %+v", e.ID, got)
		}
		if (got.Documented == nil) != (e.Documented == nil) ||
			(e.Documented != nil && (got.Documented.Source != e.Documented.Source || got.Documented.Says != e.Documented.Says)) {
			t.Errorf("%s: documented rendered as %+v", e.ID, got.Documented)
		}
		if len(got.Evidence) != len(e.Evidence) {
			t.Errorf("%s: %d evidence rendered, want %d", e.ID, len(got.Evidence), len(e.Evidence))
			continue
		}
		for j, ev := range e.Evidence {
			if g := got.Evidence[j]; g.Address != ev.Address || g.Test != ev.Test || g.Shows != ev.Shows {
				t.Errorf("%s: evidence %d rendered as %+v", e.ID, j, g)
			}
		}
	}
}

func TestEvidenceYAMLListsTheContrasts(t *testing.T) {
	list := AgainstDocumentation()
	if len(list) == 0 {
		t.Fatal("no behaviour follows evidence against the documentation")
	}
	var doc struct {
		List []yamlEntry `yaml:"evidence_over_documentation"`
	}
	if err := yaml.Unmarshal([]byte(EvidenceYAML(list)), &doc); err != nil {
		t.Fatalf("not YAML: %v", err)
	}
	if len(doc.List) != len(list) {
		t.Fatalf("%d rendered, want %d", len(doc.List), len(list))
	}
	for _, e := range doc.List {
		if e.Documented == nil || e.Documented.Source == "" || len(e.Evidence) == 0 {
			t.Errorf("%s: both sources must be shown, got %+v", e.ID, e)
		}
	}
	if !strings.Contains(EvidenceYAML(nil), "evidence_over_documentation: []") {
		t.Error("an empty list must render as []")
	}
}
