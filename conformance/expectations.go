package conformance

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"go.yaml.in/yaml/v3"

	"github.com/iisemu/iisemu/conformance/behaviour"
	"github.com/iisemu/iisemu/conformance/report"
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
// or that ask for the documentation's samples when Samples.
type Unsupported struct {
	Behaviours []string `yaml:"behaviours"`
	Methods    []string `yaml:"methods"`
	Priority   bool     `yaml:"priority"`
	Samples    bool     `yaml:"samples"`
	Reason     string   `yaml:"reason"`
}

// Expectations lists a target's known divergences. They are applied before
// the run: a listed spec that fails is an expected failure; one that passes
// fails the run unless the run is lenient.
type Expectations struct {
	ExpectedFailures []ExpectedFailure `yaml:"expected_failures"`
}

// ExpectedFailure is one known divergence, with why and where it is
// tracked.
type ExpectedFailure struct {
	Behaviours []string `yaml:"behaviours"`
	Reason     string   `yaml:"reason"`
	Link       string   `yaml:"link"`
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
		if len(u.Behaviours) == 0 && len(u.Methods) == 0 && !u.Priority && !u.Samples {
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
		}
		if err := checkIDs(path, i, x.Behaviours); err != nil {
			return nil, err
		}
	}
	return &e, nil
}

// expectedFailure is the listed divergence covering ids, if any.
func (r *run) expectedFailure(ids []string) *ExpectedFailure {
	e := r.cfg.Expectations
	if e == nil {
		return nil
	}
	for i := range e.ExpectedFailures {
		listed := e.ExpectedFailures[i].Behaviours
		if slices.ContainsFunc(ids, func(id string) bool { return slices.Contains(listed, id) }) {
			return &e.ExpectedFailures[i]
		}
	}
	return nil
}

// checkExpectedFailure runs check on a spec listed as a known divergence:
// a failure is the expected one (the spec is marked, not failed); a pass
// fails the spec, unless the run is lenient.
func (r *run) checkExpectedFailure(exp *ExpectedFailure, obs *Observation, check func(*Observation)) {
	failures := InterceptGomegaFailures(func() { check(obs) })
	if len(failures) > 0 {
		AddReportEntry("expected failure", fmt.Sprintf("%s\n%s\nfailure: %s", exp.Reason, exp.Link, failures[0]),
			ReportEntryVisibilityFailureOrVerbose)
		Skip(fmt.Sprintf("%s: %s (%s)", report.ExpectedFailure, exp.Reason, exp.Link))
	}
	if r.cfg.Lenient {
		AddReportEntry(report.EntryUnexpectedPass, exp.Reason+"\n"+exp.Link, ReportEntryVisibilityNever)
		return
	}
	Fail(fmt.Sprintf("%s: listed as an expected failure (%s, %s) but it passed; remove the entry or run with --lenient",
		report.UnexpectedPass, exp.Reason, exp.Link))
}
