package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/onsi/ginkgo/v2/types"
)

// Progress writes a finished spec's line: its verdict, backend, text and
// behaviours; for a verdict with a reason (NOT SUPPORTED, EXPECTED
// FAILURE, UNEXPECTED PASS, PASS (wire only)) the reason, and for a
// failure its details. A spec the selection left out has none.
func Progress(w io.Writer, r types.SpecReport) {
	v := Of(r)
	if v == "" {
		return
	}
	fmt.Fprintf(w, "%-4s %-9s %s  [%s]\n", v, BackendOf(r.Labels()), r.LeafNodeText, strings.Join(BehaviourIDs(r.Labels()), " "))
	if why := Why(r); why != "" {
		fmt.Fprintf(w, "%s\n", indent(why, "     "))
	}
	switch v {
	case Fail:
		fmt.Fprint(w, describeFailure(r, r.Failure.Message))
	case ExpectedFailure:
		fmt.Fprint(w, describeFailure(r, entry(r, EntryFailure)))
	}
}

// describeFailure renders a failed spec for people: the behaviours it
// checks with their sources, the failure (expected against actual, in the
// domain's words, with what the client received), and the request, folded
// when long. The sequence diagram stays in the HTML report.
func describeFailure(r types.SpecReport, failure string) string {
	var b strings.Builder
	for _, e := range r.ReportEntries {
		if name, ok := strings.CutPrefix(e.Name, BehaviourEntryPrefix); ok {
			fmt.Fprintf(&b, "     %s: %s\n", name, indentRest(e.StringRepresentation(), "       "))
		}
	}
	fmt.Fprintf(&b, "%s\n", indent(failure, "     "))
	if req := entry(r, EntryRequest); req != "" {
		fmt.Fprintf(&b, "     request sent (%d bytes):\n%s\n", len(req), indent(FoldRequest(req, 8, 100), "       | "))
	}
	return b.String()
}

// FoldRequest shows the first lines of a request (at most lines lines of
// at most width bytes each) and says how many bytes it leaves out.
func FoldRequest(raw string, lines, width int) string {
	var out []string
	rest := raw
	for len(out) < lines && rest != "" {
		line, after, found := strings.Cut(rest, "\n")
		shown := strings.TrimSuffix(line, "\r")
		if len(shown) > width {
			shown = shown[:width] + fmt.Sprintf("… (%d more bytes on this line)", len(shown)-width)
		}
		out = append(out, shown)
		if !found {
			rest = ""
			break
		}
		rest = after
	}
	if rest != "" {
		out = append(out, fmt.Sprintf("… %d more bytes", len(rest)))
	}
	return strings.Join(out, "\n")
}

func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n"+prefix)
}

// indentRest indents every line of s but the first.
func indentRest(s, prefix string) string {
	return strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n"+prefix)
}
