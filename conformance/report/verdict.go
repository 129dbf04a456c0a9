package report

import (
	"strings"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/iisemu/iisemu/conformance/behaviour"
)

// The verdicts. A spec skipped with NOT SUPPORTED or EXPECTED FAILURE
// carries the verdict at the start of its skip message; one failed with
// UNEXPECTED PASS at the start of its failure message; a passed spec whose
// server checks could not run carries an EntryWireOnly entry.
const (
	Pass            = "PASS"
	PassWireOnly    = "PASS (wire only)"
	Fail            = "FAIL"
	NotSupported    = "NOT SUPPORTED"
	ExpectedFailure = "EXPECTED FAILURE"
	UnexpectedPass  = "UNEXPECTED PASS"
)

// Verdicts lists every verdict, worst first, as reports order them.
var Verdicts = []string{Fail, UnexpectedPass, ExpectedFailure, NotSupported, PassWireOnly, Pass}

// The report entries a spec attaches, by name: the request sent, what the
// client saw, the bytes both ways, the pipeline trace, the sequence
// diagram (SVG), the first failed check of a spec listed as an expected
// failure, and why only the wire checks of a passing spec ran.
const (
	EntryRequest  = "request"
	EntryRequests = "requests exchanged"
	EntryReceived = "received"
	// EntryVerdict and EntryVersion are added to the records (see
	// Records): the spec's verdict and the iisemu version that ran it.
	EntryVerdict  = "verdict"
	EntryVersion  = "iisemu version"
	EntryClient   = "client"
	EntryWire     = "wire"
	EntryTrace    = "pipeline trace"
	EntryDiagram  = "diagram"
	EntryFailure  = "expected failure"
	EntryWireOnly = "wire only"
	// EntryDropped says which checks a passing spec left out, as the
	// capabilities file declared.
	EntryDropped = "checks left out"
	// BehaviourEntryPrefix starts the name of an entry that gives one of
	// the spec's behaviours: its sentence and source.
	BehaviourEntryPrefix = "behaviour "
)

// Of is a spec's verdict, one of Verdicts; "" for a spec the selection
// left out.
func Of(r types.SpecReport) string {
	switch {
	case r.State == types.SpecStateSkipped && strings.HasPrefix(r.Failure.Message, NotSupported):
		return NotSupported
	case r.State == types.SpecStateSkipped && strings.HasPrefix(r.Failure.Message, ExpectedFailure):
		return ExpectedFailure
	case r.State == types.SpecStateSkipped, r.State == types.SpecStatePending:
		return ""
	case r.State == types.SpecStatePassed:
		if entry(r, EntryWireOnly) != "" {
			return PassWireOnly
		}
		return Pass
	case r.State == types.SpecStateFailed && strings.HasPrefix(r.Failure.Message, UnexpectedPass):
		return UnexpectedPass
	}
	return Fail
}

// entry is the text of r's entry called name, "" without one.
func entry(r types.SpecReport, name string) string {
	for _, e := range r.ReportEntries {
		if e.Name == name {
			return e.StringRepresentation()
		}
	}
	return ""
}

// Why is the reason a verdict other than PASS and FAIL gives: why the
// spec was not supported, which divergence it was expected to show, why
// only its wire checks ran, or which expectation it passed against.
func Why(r types.SpecReport) string {
	switch Of(r) {
	case NotSupported, ExpectedFailure, UnexpectedPass:
		return r.Failure.Message
	case PassWireOnly:
		return entry(r, EntryWireOnly)
	case Pass:
		return entry(r, EntryDropped)
	}
	return ""
}

// OnlyUnexpectedPasses says whether every failed spec of r is an
// UNEXPECTED PASS (and some spec failed), which a lenient run forgives.
func OnlyUnexpectedPasses(r types.Report) bool {
	if len(r.SpecialSuiteFailureReasons) > 0 {
		return false
	}
	for _, s := range r.SpecReports {
		if s.State.Is(types.SpecStateFailureStates) && Of(s) != UnexpectedPass {
			return false
		}
	}
	return true
}

// BackendOf is the backend among a spec's labels: model, sockets,
// agreement or target; "-" without one.
func BackendOf(labels []string) string {
	for _, l := range labels {
		if l == "agreement" || l == "model" || l == "sockets" || l == "target" {
			return l
		}
	}
	return "-"
}

// BehaviourIDs are the behaviour IDs among a spec's labels.
func BehaviourIDs(labels []string) []string {
	var ids []string
	for _, l := range labels {
		if _, ok := behaviour.Lookup(l); ok {
			ids = append(ids, l)
		}
	}
	return ids
}
