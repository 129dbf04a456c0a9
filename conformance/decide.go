package conformance

import (
	"fmt"
	"slices"
	"time"

	"github.com/iisemu/iisemu/conformance/report"
	"github.com/iisemu/iisemu/fixtures"
	"github.com/iisemu/iisemu/fixtures/protocol"
	"github.com/iisemu/iisemu/httpsys"
)

// Needs is what a spec requires of a backend. A Case derives its own
// (Case.Needs); a spec that builds its own site declares them.
type Needs struct {
	// Behaviours are the behaviour IDs the spec checks.
	Behaviours []string
	// Site: the spec serves a site of its own, built in Go (HostsSite).
	Site bool
	// Scenario is the scripted scenario the spec runs, if any
	// (RunsScenarios); without HostsSite it must fit in a request header.
	Scenario *fixtures.Scenario
	// Samples: the spec asks for the documentation's samples (RunsSamples).
	Samples bool
	// SampleName is the sample the spec asks for, when Samples.
	SampleName string
	// Timer names the HTTP.sys timer (HeaderWait, IdleConnection,
	// EntityBody) the spec lets expire: OwnSettings, or declared Settings
	// whose timer is short enough to wait for.
	Timer string
	// MaxConnections: the spec needs a connection limit small enough to
	// reach: OwnSettings, or declared Settings with one.
	MaxConnections bool
	// PlainRequest: the spec's requests need no scripted module, so a
	// target that runs none (--wire-only) can be sent them, for a path of
	// its own, and the spec's checks hold for whatever handler answers
	// there. Its Scenario, if any, is then not needed; every other need
	// still is.
	PlainRequest bool
	// Observes is what the spec goes on to check on the server's side, at
	// run time: ServesTraces or ServesLogs, named by the record it reads
	// (see Observation.need).
	Observes Seen
}

// Stage is when a spec was found unable to run on a backend.
type Stage int

const (
	// Runs: nothing stops the spec.
	Runs Stage = iota
	// NotGenerated: the spec needs what the backend cannot do; it is not
	// generated for that backend, and counted by reason.
	NotGenerated
	// Declared: the user's capabilities file declares the backend lacks
	// it; the spec is reported NOT SUPPORTED without running.
	Declared
	// Discovered: at run time the backend turned out to lack it; the
	// spec's server checks end there (see judge).
	Discovered
)

// Decision is whether a spec runs on a backend, and if not, why.
type Decision struct {
	Stage Stage
	// Why is the reason in words: a NotGenerated one is what the
	// summary's "not run on the target" lines count.
	Why string
	// Seen is, when Discovered, the record the spec went on to check.
	Seen Seen
}

// Runs says whether nothing stops the spec.
func (d Decision) Runs() bool { return d.Stage == Runs }

// Message is how a spec skipped by d reports its verdict.
func (d Decision) Message() string {
	if d.Stage == Discovered {
		return fmt.Sprintf("%s: the %s cannot be had: %s", report.NotSupported, d.Seen, d.Why)
	}
	return report.NotSupported + ": " + d.Why
}

// Reasons in words, as the summary prints them.
const (
	whyOwnSite  = "they serve a site of their own, built in Go, and watch it from inside the server process"
	whySettings = "they need HTTP.sys settings other than the defaults"
	whyTooLarge = "their scenario is too large to carry in a request header"
	// No backend lacks these two yet; a target that runs only some of
	// them would.
	whyNoScenarios = "they run a scripted scenario, which the backend does not"
	whyNoSamples   = "they ask for the documentation's samples, which the backend does not serve"
	// whyNotPlain is why a wire-only target runs a spec not marked
	// PlainRequest.
	whyNotPlain = "they need a scripted module on the target, and --wire-only sends only plain requests"
)

// maxScenarioHeader bounds the encoded scenario: HTTP.sys's default
// MaxFieldLength is 16,384 bytes for the whole header line.
const maxScenarioHeader = 12 << 10

// maxTargetTimer bounds the timers a run waits out on the wall clock.
const maxTargetTimer = 5 * time.Second

// maxTargetConnections bounds the MaxConnections a backend may declare for
// the spec that holds that many connections open.
const maxTargetConnections = 8

// decide is the one place that says whether a spec with needs n runs on a
// backend described by b, given the gaps the user declared (nil: none)
// and what the backend found it lacks at run time (lacks). It checks, in
// order: the needs against the backend's capabilities and declared
// settings (NotGenerated); the user's declarations (Declared); and what
// the spec goes on to observe against what the backend lacks
// (Discovered).
func decide(b BackendInfo, n Needs, gaps *Gaps, lacks map[Capability]string) Decision {
	if why := unmet(b, n); why != "" {
		return Decision{Stage: NotGenerated, Why: why}
	}
	if why, ok := gaps.covers(n); ok {
		return Decision{Stage: Declared, Why: why}
	}
	if n.Observes != "" {
		if why, ok := lacks[n.Observes.capability()]; ok {
			return Decision{Stage: Discovered, Why: why, Seen: n.Observes}
		}
	}
	return Decision{}
}

// unmet says why the backend cannot meet n, or "" when it can.
func unmet(b BackendInfo, n Needs) string {
	if b.PlainOnly {
		if !n.PlainRequest {
			return whyNotPlain
		}
		n.Scenario = nil // its requests go to the target's own path
	}
	switch {
	case n.Site && !b.Has(HostsSite):
		return whyOwnSite
	case n.Scenario != nil && !b.Has(RunsScenarios):
		return whyNoScenarios
	case n.Samples && !b.Has(RunsSamples):
		return whyNoSamples
	case n.Timer != "" && !b.Has(OwnSettings):
		if why := timerTooLong(b.Settings, n.Timer); why != "" {
			return why
		}
	}
	if n.Scenario != nil && !b.Has(HostsSite) {
		enc, err := protocol.EncodeScenarioHeader(n.Scenario)
		if err != nil || len(enc) > maxScenarioHeader {
			return whyTooLarge
		}
	}
	if n.MaxConnections && !b.Has(OwnSettings) {
		if limit := declaredMaxConnections(b.Settings); limit < 1 || limit > maxTargetConnections {
			return fmt.Sprintf("%s: give --target-config with the target's MaxConnections (1 to %d) to run it, alone", whySettings, maxTargetConnections)
		}
	}
	return ""
}

// timerTooLong says why a spec that lets timer which expire cannot wait
// for a backend with the declared settings, or "" when it can.
func timerTooLong(declared *httpsys.Config, which string) string {
	if declared == nil {
		return "they let an HTTP.sys timer expire: give --target-config with the target's timers (5 s or less) to run them"
	}
	d := *declared.Timeouts.Timer(which)
	if d == 0 {
		d = httpsys.DefaultTimer // not given: the default
	}
	if d > maxTargetTimer {
		return fmt.Sprintf("they let an HTTP.sys timer expire, and the target's %s is %v, over the %v a run waits", which, d, maxTargetTimer)
	}
	return ""
}

// declaredMaxConnections is the declared connection limit; 0 without one.
func declaredMaxConnections(declared *httpsys.Config) int {
	if declared == nil {
		return 0
	}
	return declared.Limits.MaxConnections
}

// unsupportedGetters are the getters a spec's scenario calls that the
// declared gaps name (a getter's result only the trace shows), each with
// the gap's reason; nil when none. The spec still runs: the checks on
// those calls are dropped, the others judged.
func (g *Gaps) unsupportedGetters(n Needs) map[string]string {
	if g == nil || n.Scenario == nil {
		return nil
	}
	var out map[string]string
	for _, u := range g.Unsupported {
		for _, m := range n.Scenario.Modules {
			for _, st := range m.Steps {
				for _, call := range st.Calls {
					if isGetter(call.Method) && slices.Contains(u.Methods, call.Method) {
						if out == nil {
							out = map[string]string{}
						}
						out[call.Method] = u.Reason
					}
				}
			}
		}
	}
	return out
}

// covers says whether a declared gap covers a spec with needs n, and the
// gap's reason.
func (g *Gaps) covers(n Needs) (string, bool) {
	if g == nil {
		return "", false
	}
	for _, u := range g.Unsupported {
		if slices.ContainsFunc(n.Behaviours, func(id string) bool { return slices.Contains(u.Behaviours, id) }) {
			return u.Reason, true
		}
		if n.Samples && u.Samples.Has(n.SampleName) {
			return u.Reason, true
		}
		if n.Scenario == nil {
			continue
		}
		for _, m := range n.Scenario.Modules {
			if u.Priority && len(m.Priority) > 0 {
				return u.Reason, true
			}
			for _, st := range m.Steps {
				for _, call := range st.Calls {
					if slices.Contains(u.Methods, call.Method) && !isGetter(call.Method) {
						return u.Reason, true
					}
				}
			}
		}
	}
	return "", false
}
