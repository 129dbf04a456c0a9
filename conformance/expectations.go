package conformance

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/iisemu/iisemu/conformance/behaviour"
	"github.com/iisemu/iisemu/fixtures"
)

// Gaps is what the user's capabilities file declares a target does not
// support; the specs they touch are reported NOT SUPPORTED instead of
// being run (see decide).
type Gaps struct {
	Unsupported []Unsupported `yaml:"unsupported"`
}

// Unsupported is one declared gap: specs checking any of Behaviours, or
// whose scenario calls any of Methods, or sets a priority when Priority,
// or that ask for the documentation's samples Samples names. A getter
// among Methods (a method whose result only the trace shows: Get…, Is…)
// drops only the checks on its calls; the spec's other checks still run.
type Unsupported struct {
	Behaviours []string  `yaml:"behaviours"`
	Methods    []string  `yaml:"methods"`
	Priority   bool      `yaml:"priority"`
	Samples    SampleSet `yaml:"samples"`
	Reason     string    `yaml:"reason"`
}

// SampleSet is the samples a gap names: `samples: true` for all of them,
// or a list of sample names (fixtures.Samples).
type SampleSet struct {
	All   bool
	Names []string
}

// UnmarshalYAML takes a boolean or a list of names.
func (s *SampleSet) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.SequenceNode {
		return n.Decode(&s.Names)
	}
	if err := n.Decode(&s.All); err != nil {
		return fmt.Errorf("line %d: samples is true, false or a list of sample names", n.Line)
	}
	return nil
}

// Has says whether the set names the sample called name.
func (s SampleSet) Has(name string) bool { return s.All || slices.Contains(s.Names, name) }

func (s SampleSet) empty() bool { return !s.All && len(s.Names) == 0 }

// isGetter says whether a scripted method only reads: its result shows in
// the trace alone, so a target without it can still be judged on the wire.
func isGetter(method string) bool {
	return strings.HasPrefix(method, "Get") || strings.HasPrefix(method, "Is")
}

// Expectations lists a target's known divergences. Each entry selects
// specs; a selected spec that fails (an assertion, a timeout or a
// connection error) is an EXPECTED FAILURE, one that passes an UNEXPECTED
// PASS. Specs the entry does not select are judged as usual.
type Expectations struct {
	ExpectedFailures []ExpectedFailure `yaml:"expected_failures"`
}

// ExpectedFailure is one known divergence, with why and where it is
// tracked. It selects the specs that check any of Behaviours and, when
// given, whose text is Spec and whose scenario is Scenario.
type ExpectedFailure struct {
	Behaviours []string `yaml:"behaviours"`
	// Spec is a spec's text as the progress lines print it (without the
	// backend and the IDs); "" selects every spec of the behaviours.
	Spec string `yaml:"spec"`
	// Scenario is a scenario's ID (fixtures/scenarios/<ID>.json) or a
	// sample's name; "" selects any.
	Scenario string `yaml:"scenario"`
	Reason   string `yaml:"reason"`
	Link     string `yaml:"link"`
}

// selects says whether the entry covers the spec with text and ids that
// runs c.
func (x *ExpectedFailure) selects(text string, ids []string, c Case) bool {
	if !slices.ContainsFunc(ids, func(id string) bool { return slices.Contains(x.Behaviours, id) }) {
		return false
	}
	if x.Spec != "" && x.Spec != text {
		return false
	}
	return x.Scenario == "" || x.Scenario == caseScenario(c)
}

// caseScenario is the ID an expectation names c's scenario by: the
// scenario's ID, or the sample's name.
func caseScenario(c Case) string {
	switch {
	case c.Scenario != nil:
		return c.Scenario.ID
	case c.Sample:
		return c.sampleName()
	}
	return ""
}

// decodeStrict decodes one YAML document, refusing unknown keys.
func decodeStrict(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("%s: %s", path, strings.ReplaceAll(err.Error(), "\n", "; "))
	}
	return nil
}

func checkIDs(path string, i int, ids []string) error {
	for _, id := range ids {
		if _, ok := behaviour.Lookup(id); !ok {
			return fmt.Errorf("%s: entry %d: unknown behaviour %q", path, i+1, id)
		}
	}
	return nil
}

// LoadCapabilities reads and checks a capabilities file.
func LoadCapabilities(path string) (*Gaps, error) {
	var c Gaps
	if err := decodeStrict(path, &c); err != nil {
		return nil, err
	}
	if len(c.Unsupported) == 0 {
		return nil, fmt.Errorf("%s: no 'unsupported' entries", path)
	}
	known := fixtures.ScriptedMethods()
	for i, u := range c.Unsupported {
		if u.Reason == "" {
			return nil, fmt.Errorf("%s: entry %d: a reason is required", path, i+1)
		}
		if len(u.Behaviours) == 0 && len(u.Methods) == 0 && !u.Priority && u.Samples.empty() {
			return nil, fmt.Errorf("%s: entry %d: name behaviours, methods, priority or samples", path, i+1)
		}
		if err := checkIDs(path, i, u.Behaviours); err != nil {
			return nil, err
		}
		for _, m := range u.Methods {
			if !slices.Contains(known, m) {
				return nil, fmt.Errorf("%s: entry %d: unknown method %q", path, i+1, m)
			}
		}
		for _, name := range u.Samples.Names {
			if _, ok := fixtures.FindSample(name); !ok {
				var names []string
				for _, s := range fixtures.Samples() {
					names = append(names, s.Name)
				}
				return nil, fmt.Errorf("%s: entry %d: unknown sample %q; the samples are %s", path, i+1, name, strings.Join(names, ", "))
			}
		}
	}
	return &c, nil
}

// LoadExpectations reads and checks an expectations file.
func LoadExpectations(path string) (*Expectations, error) {
	var e Expectations
	if err := decodeStrict(path, &e); err != nil {
		return nil, err
	}
	if len(e.ExpectedFailures) == 0 {
		return nil, fmt.Errorf("%s: no 'expected_failures' entries", path)
	}
	for i, x := range e.ExpectedFailures {
		switch {
		case len(x.Behaviours) == 0:
			return nil, fmt.Errorf("%s: entry %d: name the behaviours", path, i+1)
		case x.Reason == "" || x.Link == "":
			return nil, fmt.Errorf("%s: entry %d: a reason and a link are required", path, i+1)
		case x.Spec != strings.TrimSpace(x.Spec) || strings.ContainsAny(x.Spec, "\r\n"):
			return nil, fmt.Errorf("%s: entry %d: spec %q must be one spec's text, as the progress lines print it", path, i+1, x.Spec)
		case x.Scenario != "" && !scenarioID.MatchString(x.Scenario):
			return nil, fmt.Errorf("%s: entry %d: scenario %q is not a scenario ID (lower-case words joined by '-')", path, i+1, x.Scenario)
		}
		if err := checkIDs(path, i, x.Behaviours); err != nil {
			return nil, err
		}
	}
	return &e, nil
}

// scenarioID is the form of a scenario's ID and a sample's name.
var scenarioID = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// expectedFailure is the first listed divergence that selects the spec
// with text and ids running c, if any; it notes the entry as used.
func (r *run) expectedFailure(text string, ids []string, c Case) *ExpectedFailure {
	e := r.cfg.Expectations
	if e == nil {
		return nil
	}
	for i := range e.ExpectedFailures {
		if e.ExpectedFailures[i].selects(text, ids, c) {
			r.res.usedExpectations[i] = true
			return &e.ExpectedFailures[i]
		}
	}
	return nil
}

// UnusedExpectations describes, a line each, the entries of the
// expectations file that select no spec of the tree: a misspelt spec text
// or scenario, or IDs no spec checks.
func (res *Result) UnusedExpectations(e *Expectations) []string {
	if e == nil {
		return nil
	}
	var out []string
	for i, x := range e.ExpectedFailures {
		if res.usedExpectations[i] {
			continue
		}
		what := "behaviours " + strings.Join(x.Behaviours, ", ")
		if x.Spec != "" {
			what += fmt.Sprintf(", spec %q", x.Spec)
		}
		if x.Scenario != "" {
			what += ", scenario " + x.Scenario
		}
		out = append(out, fmt.Sprintf("entry %d (%s) selects no spec", i+1, what))
	}
	return out
}
