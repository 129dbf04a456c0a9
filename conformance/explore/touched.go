package explore

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/iisemu/iisemu/conformance/behaviour"
	"github.com/iisemu/iisemu/fixtures"
)

// Touch is one catalogue behaviour a divergent scenario touches: one
// whose statement names a method the scenario calls.
type Touch struct {
	ID         string
	Provenance behaviour.Provenance
	Method     string
}

// String is "RC-1 [DOC] (ResetConnection)".
func (t Touch) String() string { return fmt.Sprintf("%s [%s] (%s)", t.ID, t.Provenance, t.Method) }

// Touched lists the behaviours whose statement names, as a word, a method
// sc calls (the Leaver's excepted), sorted by ID. A divergence in an
// INFER behaviour is the evidence a user with a real server can bring
// back: the model follows the project's reading there, not a page.
func Touched(sc *fixtures.Scenario) []Touch {
	var methods []string
	for _, m := range sc.Modules {
		if m.Name == leaverName {
			continue
		}
		for _, st := range m.Steps {
			for _, c := range st.Calls {
				if !slices.Contains(methods, c.Method) {
					methods = append(methods, c.Method)
				}
			}
		}
	}
	var out []Touch
	for _, e := range behaviour.All() {
		for _, m := range methods {
			if regexp.MustCompile(`\b` + regexp.QuoteMeta(m) + `\b`).MatchString(e.Statement) {
				out = append(out, Touch{ID: e.ID, Provenance: e.Provenance, Method: m})
				break
			}
		}
	}
	return out
}

// inferred lists the INFER behaviours among ts, or "".
func inferred(ts []Touch) string {
	var ids []string
	for _, t := range ts {
		if t.Provenance == behaviour.INFER {
			ids = append(ids, t.ID)
		}
	}
	return strings.Join(ids, ", ")
}
