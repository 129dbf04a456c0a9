package explore

import (
	"strings"

	"github.com/iisemu/iisemu/fixtures"
)

// maxShrinkRuns bounds the candidates one shrink tries; each costs a run
// on both backends.
const maxShrinkRuns = 400

// Shrink returns a smallest scenario that still fails, and how many
// candidates it tried: it tries simpler forms of sc one at a time (no
// leaving client, fewer modules, steps and calls, CONTINUE for other
// returns, no priorities, shorter arguments, a simpler request, no
// handler), keeps the first that still fails, and starts again from it,
// until none does, as QuickCheck's shrinking does. A candidate that the
// loader refuses is never tried.
func Shrink(sc *fixtures.Scenario, fails func(*fixtures.Scenario) bool) (*fixtures.Scenario, int) {
	tried := 0
	for tried < maxShrinkRuns {
		progressed := false
		for _, c := range candidates(sc) {
			if tried >= maxShrinkRuns {
				break
			}
			if _, err := reload(c); err != nil {
				continue
			}
			tried++
			if fails(c) {
				sc, progressed = c, true
				break
			}
		}
		if !progressed {
			break
		}
	}
	return sc, tried
}

// reload is sc through its file form, as a target would be sent it.
func reload(sc *fixtures.Scenario) (*fixtures.Scenario, error) {
	b, err := fixtures.MarshalScenario(sc)
	if err != nil {
		return nil, err
	}
	return fixtures.ParseScenario(b)
}

// clone is a deep copy of sc.
func clone(sc *fixtures.Scenario) *fixtures.Scenario {
	cp := *sc
	cp.Behaviours = append([]string(nil), sc.Behaviours...)
	cp.Modules = make([]fixtures.ModuleScript, len(sc.Modules))
	for i, m := range sc.Modules {
		cm := m
		if m.Priority != nil {
			cm.Priority = map[string]string{}
			for k, v := range m.Priority {
				cm.Priority[k] = v
			}
		}
		cm.Steps = make([]fixtures.Step, len(m.Steps))
		for j, st := range m.Steps {
			cs := st
			cs.Calls = make([]fixtures.Call, len(st.Calls))
			for k, c := range st.Calls {
				cs.Calls[k] = fixtures.Call{Method: c.Method, Args: append(fixtures.Args(nil), c.Args...)}
			}
			cm.Steps[j] = cs
		}
		cp.Modules[i] = cm
	}
	return &cp
}

// candidates lists simpler forms of sc, the biggest cuts first.
func candidates(sc *fixtures.Scenario) []*fixtures.Scenario {
	var out []*fixtures.Scenario
	add := func(edit func(c *fixtures.Scenario) bool) {
		c := clone(sc)
		if edit(c) {
			out = append(out, c)
		}
	}
	// The client reads to the end, and the Leaver goes with its leaving.
	if sc.Leave != "" {
		add(func(c *fixtures.Scenario) bool {
			c.Leave = ""
			c.Modules = removeLeaver(c.Modules)
			return true
		})
	}
	for i, m := range sc.Modules {
		if m.Name == leaverName {
			continue
		}
		add(func(c *fixtures.Scenario) bool { c.Modules = append(c.Modules[:i], c.Modules[i+1:]...); return true })
	}
	for i, m := range sc.Modules {
		if m.Name == leaverName {
			continue
		}
		for j, st := range m.Steps {
			add(func(c *fixtures.Scenario) bool {
				c.Modules[i].Steps = append(c.Modules[i].Steps[:j], c.Modules[i].Steps[j+1:]...)
				delete(c.Modules[i].Priority, st.Notification)
				return true
			})
		}
	}
	for i, m := range sc.Modules {
		if m.Name == leaverName {
			continue
		}
		for j, st := range m.Steps {
			if st.Return != "" {
				add(func(c *fixtures.Scenario) bool {
					s := &c.Modules[i].Steps[j]
					s.Return = ""
					s.Calls = dropCompletions(s.Calls)
					return true
				})
			}
			for k, call := range st.Calls {
				add(func(c *fixtures.Scenario) bool {
					s := &c.Modules[i].Steps[j]
					s.Calls = append(s.Calls[:k], s.Calls[k+1:]...)
					if completes(call.Method) && s.Return == "RQ_NOTIFICATION_PENDING" {
						s.Return = ""
					}
					return true
				})
			}
		}
		if len(m.Priority) > 0 {
			add(func(c *fixtures.Scenario) bool { c.Modules[i].Priority = nil; return true })
		}
	}
	// Shorter arguments: a long one to one character, then to half.
	for i, m := range sc.Modules {
		if m.Name == leaverName {
			continue
		}
		for j, st := range m.Steps {
			for k, call := range st.Calls {
				for a, arg := range call.Args {
					if len(arg) > 1 {
						add(func(c *fixtures.Scenario) bool { c.Modules[i].Steps[j].Calls[k].Args[a] = arg[:1]; return true })
						if len(arg) > 2 {
							add(func(c *fixtures.Scenario) bool {
								c.Modules[i].Steps[j].Calls[k].Args[a] = arg[:len(arg)/2]
								return true
							})
						}
					}
				}
			}
		}
	}
	// A simpler request: one of them, then the plain GET.
	if sc.Requests > 1 {
		add(func(c *fixtures.Scenario) bool {
			c.Request = c.Request[:len(c.Request)/c.Requests]
			c.Requests = 1
			return true
		})
	}
	if sc.Request != "" {
		add(func(c *fixtures.Scenario) bool {
			c.Request = "GET {path} HTTP/1.1\r\nHost: " + hostOf(c.Request) + "\r\n\r\n"
			c.Requests = 0
			if c.Request == "GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n" {
				c.Request = "" // the scenario's default request
			}
			return c.Request != sc.Request
		})
		if strings.Contains(sc.Request, "HTTP/1.0") {
			add(func(c *fixtures.Scenario) bool {
				c.Request = strings.ReplaceAll(c.Request, " HTTP/1.0\r\n", " HTTP/1.1\r\n")
				return true
			})
		}
	}
	if sc.HandlerBody != "" {
		add(func(c *fixtures.Scenario) bool { c.HandlerBody = ""; return true })
	}
	return out
}

// removeLeaver is ms without the Leaver.
func removeLeaver(ms []fixtures.ModuleScript) []fixtures.ModuleScript {
	var out []fixtures.ModuleScript
	for _, m := range ms {
		if m.Name != leaverName {
			out = append(out, m)
		}
	}
	return out
}

// dropCompletions is calls without those that complete a PENDING step.
func dropCompletions(calls []fixtures.Call) []fixtures.Call {
	var out []fixtures.Call
	for _, c := range calls {
		if !completes(c.Method) {
			out = append(out, c)
		}
	}
	return out
}

// hostOf is the Host of a raw request ("localhost" when it has none).
func hostOf(raw string) string {
	for _, line := range strings.Split(raw, "\r\n")[1:] {
		if name, value, ok := strings.Cut(line, ":"); ok && strings.EqualFold(name, "Host") {
			return strings.TrimSpace(value)
		}
		if line == "" {
			break
		}
	}
	return "localhost"
}
