package behaviour

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Check reports what makes the entry unfit for the catalogue: an unknown
// provenance, a source that is neither a public https address nor
// ProjectDecision, an INFER without its reasoning, an EVID without
// evidence, or a Documented contrast without the evidence it follows.
func (e Entry) Check() error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(e.ID+": "+format, a...)) }
	if e.ID == "" || strings.TrimSpace(e.Statement) == "" {
		bad("an entry needs an ID and a statement")
	}
	if !slices.Contains(Provenances, e.Provenance) {
		bad("unknown provenance %q", e.Provenance)
	}
	if e.Source != ProjectDecision && !isPublicAddress(e.Source) {
		bad("source %q is neither an https address nor %q", e.Source, ProjectDecision)
	}
	if e.Provenance == INFER && strings.TrimSpace(e.Reasoning) == "" {
		bad("an INFER behaviour needs its reasoning")
	}
	if e.Source == ProjectDecision && strings.TrimSpace(e.Reasoning) == "" {
		bad("a project decision needs its reasoning")
	}
	if e.Provenance == EVID && len(e.Evidence) == 0 {
		bad("an EVID behaviour needs its evidence")
	}
	for _, ev := range e.Evidence {
		if !isPublicAddress(ev.Address) || strings.TrimSpace(ev.Shows) == "" {
			bad("evidence %q needs an https address and what it shows", ev.Address)
		}
	}
	if d := e.Documented; d != nil {
		if !isPublicAddress(d.Source) || strings.TrimSpace(d.Says) == "" {
			bad("the documentation it departs from needs an https address and what the page says")
		}
		if len(e.Evidence) == 0 {
			bad("a behaviour that follows evidence against the documentation needs the evidence")
		}
	}
	return errors.Join(errs...)
}

// isPublicAddress reports whether s is an https address with a host.
func isPublicAddress(s string) bool {
	rest, ok := strings.CutPrefix(s, "https://")
	return ok && rest != "" && !strings.HasPrefix(rest, "/") && !strings.ContainsAny(s, " \t\n")
}
