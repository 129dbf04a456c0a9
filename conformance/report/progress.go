package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/onsi/ginkgo/v2/types"
)

// Progress writes a finished spec's line: its verdict, backend, text and
// behaviours; for NOT SUPPORTED and EXPECTED FAILURE why, and for a
// failure its details. A spec the selection left out has none.
func Progress(w io.Writer, r types.SpecReport) {
	v := Of(r)
	if v == "" {
		return
	}
	fmt.Fprintf(w, "%-4s %-9s %s  [%s]\n", v, BackendOf(r.Labels()), r.LeafNodeText, strings.Join(BehaviourIDs(r.Labels()), " "))
	if v == NotSupported || v == ExpectedFailure {
		fmt.Fprintf(w, "     %s\n", r.Failure.Message)
	}
	if r.State.Is(types.SpecStateFailureStates) {
		fmt.Fprint(w, describeFailure(r))
	}
}

// describeFailure renders a failed spec: where, the behaviours it checks
// with their sources, what the client saw, and expected against actual.
func describeFailure(r types.SpecReport) string {
	var b strings.Builder
	fmt.Fprintf(&b, "     spec: %s\n     at:   %s\n", r.FullText(), r.Failure.Location)
	for _, e := range r.ReportEntries {
		fmt.Fprintf(&b, "     %s:\n%s\n", e.Name, indent(e.StringRepresentation(), "       "))
	}
	fmt.Fprintf(&b, "     failure:\n%s\n", indent(r.Failure.Message, "       "))
	return b.String()
}

func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n"+prefix)
}
