package report

import (
	"strings"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/iisemu/iisemu/conformance/behaviour"
)

// The verdicts beyond pass and fail. A spec skipped with NOT SUPPORTED or
// EXPECTED FAILURE carries the verdict at the start of its skip message.
const (
	NotSupported    = "NOT SUPPORTED"
	ExpectedFailure = "EXPECTED FAILURE"
	UnexpectedPass  = "UNEXPECTED PASS"
)

// The report entries a spec attaches, by name: what the client saw, the
// bytes both ways, the pipeline trace, the sequence diagram (SVG), and the
// mark of a listed divergence that passed under --lenient.
const (
	EntryClient         = "client"
	EntryWire           = "wire"
	EntryTrace          = "pipeline trace"
	EntryDiagram        = "diagram"
	EntryUnexpectedPass = "unexpected pass"
)

func verdict(s types.SpecState) string {
	switch s {
	case types.SpecStatePassed:
		return "PASS"
	case types.SpecStateSkipped, types.SpecStatePending:
		return "SKIP"
	}
	return "FAIL"
}

// Of is a spec's verdict: PASS, FAIL, NOT SUPPORTED, EXPECTED FAILURE or
// UNEXPECTED PASS (tolerated by --lenient); "" for a spec the selection
// left out.
func Of(r types.SpecReport) string {
	switch {
	case r.State == types.SpecStateSkipped && strings.HasPrefix(r.Failure.Message, NotSupported):
		return NotSupported
	case r.State == types.SpecStateSkipped && strings.HasPrefix(r.Failure.Message, ExpectedFailure):
		return ExpectedFailure
	case r.State == types.SpecStateSkipped:
		return ""
	case r.State == types.SpecStatePassed:
		for _, e := range r.ReportEntries {
			if e.Name == EntryUnexpectedPass {
				return UnexpectedPass
			}
		}
	}
	return verdict(r.State)
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
