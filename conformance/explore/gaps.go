package explore

import (
	"github.com/iisemu/iisemu/conformance"
	"github.com/iisemu/iisemu/fixtures"
)

// FromGaps turns a target's capabilities file into what the explorer
// honours: the generator never draws a method it names, nor a priority
// when it declares them unsupported; and skip refuses a scenario whose
// calls touch a behaviour it names (see Touched), which the generator
// cannot see by itself. Samples do not concern generated scenarios.
func FromGaps(g *conformance.Gaps, opts Options) (Options, func(*fixtures.Scenario) string) {
	if g == nil {
		return opts, nil
	}
	behaviours := map[string]string{}
	for _, u := range g.Unsupported {
		for _, m := range u.Methods {
			if opts.Unsupported == nil {
				opts.Unsupported = map[string]bool{}
			}
			opts.Unsupported[m] = true
		}
		if u.Priority {
			opts.NoPriority = true
		}
		for _, id := range u.Behaviours {
			behaviours[id] = u.Reason
		}
	}
	if len(behaviours) == 0 {
		return opts, nil
	}
	return opts, func(sc *fixtures.Scenario) string {
		for _, t := range Touched(sc) {
			if _, ok := behaviours[t.ID]; ok {
				return "its calls touch " + t.ID + ", declared unsupported"
			}
		}
		return ""
	}
}
