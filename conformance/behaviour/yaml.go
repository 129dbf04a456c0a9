package behaviour

import (
	"encoding/json"
	"fmt"
	"strings"
)

// WriteYAML writes the entry's fields as the body of a YAML list item:
// id, provenance, statement, source, then reasoning, documented, evidence
// and divergence where the entry has them. Each line after the first is
// indented by indent.
func (e Entry) WriteYAML(b *strings.Builder, indent string) {
	fmt.Fprintf(b, "id: %s\n%sprovenance: %s\n%sstatement: %s\n%ssource: %s\n",
		e.ID, indent, e.Provenance, indent, Quote(e.Statement), indent, Quote(e.Source))
	if e.Reasoning != "" {
		fmt.Fprintf(b, "%sreasoning: %s\n", indent, Quote(e.Reasoning))
	}
	if d := e.Documented; d != nil {
		fmt.Fprintf(b, "%sdocumented:\n%s  source: %s\n%s  says: %s\n", indent, indent, Quote(d.Source), indent, Quote(d.Says))
	}
	if len(e.Evidence) > 0 {
		fmt.Fprintf(b, "%sevidence:\n", indent)
		for _, ev := range e.Evidence {
			fmt.Fprintf(b, "%s- address: %s\n", indent, Quote(ev.Address))
			if ev.Test != "" {
				fmt.Fprintf(b, "%s  test: %s\n", indent, Quote(ev.Test))
			}
			fmt.Fprintf(b, "%s  shows: %s\n", indent, Quote(ev.Shows))
		}
	}
	if e.Divergence != "" {
		fmt.Fprintf(b, "%sdivergence: %s\n", indent, Quote(e.Divergence))
	}
}

// EvidenceYAML renders the behaviours whose default follows evidence
// against the documentation's wording: each with its statement, what the
// page says and where, and the evidence followed instead.
func EvidenceYAML(entries []Entry) string {
	var b strings.Builder
	b.WriteString("# Behaviours whose default follows tests of a real IIS or HTTP.sys against\n")
	b.WriteString("# the documentation's wording: what the page says, and the evidence followed.\n")
	if len(entries) == 0 {
		b.WriteString("evidence_over_documentation: []\n")
		return b.String()
	}
	b.WriteString("evidence_over_documentation:\n")
	for _, e := range entries {
		b.WriteString("- ")
		e.WriteYAML(&b, "  ")
	}
	return b.String()
}

// Quote quotes a YAML scalar; a JSON string is a valid YAML double-quoted
// one.
func Quote(s string) string {
	q, _ := json.Marshal(s)
	return string(q)
}
