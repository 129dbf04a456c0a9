package behaviour

import "sort"

// Provenance says where a behaviour comes from.
type Provenance string

const (
	// DOC: a Microsoft documentation page (or an RFC) states it; the source
	// is that page.
	DOC Provenance = "DOC"
	// HDR: the SDK headers (httpserv.h, http.h) declare it: a constant, a
	// signature, a structure.
	HDR Provenance = "HDR"
	// EVID: a test or capture run against a real IIS or HTTP.sys shows it;
	// the entry links that evidence.
	EVID Provenance = "EVID"
	// INFER: the project's reading where the sources are silent, ambiguous
	// or in conflict; the entry says why. Someone with a real IIS should
	// confirm it.
	INFER Provenance = "INFER"
)

// Provenances lists every provenance, in the order the documentation
// explains them.
var Provenances = []Provenance{DOC, HDR, EVID, INFER}

// ProjectDecision is the source of a behaviour no public page states; its
// Reasoning says why the project decided it.
const ProjectDecision = "project decision"

// Entry is one behaviour of the catalogue.
type Entry struct {
	ID         string
	Provenance Provenance
	Statement  string
	// Source is a public https address, or ProjectDecision.
	Source string
	// Reasoning is why the project reads the sources this way: required
	// for INFER, and for any part of another entry that is the project's
	// reading.
	Reasoning string
	// Evidence lists the tests run on a real IIS or HTTP.sys that show the
	// behaviour; required for EVID.
	Evidence []Evidence
	// Documented is set when the behaviour follows Evidence against what a
	// documentation page says: `iisemu catalog --evidence` lists them.
	Documented *Documented
	// Divergence is where the emulator knowingly differs from its source
	// today, and what is to change.
	Divergence string
}

// Evidence is one test (or capture) of a real IIS or HTTP.sys.
type Evidence struct {
	// Address is the public https address of the file or page.
	Address string
	// Test names the test or the code in that file; empty for a page.
	Test string
	// Shows is what it shows, in the project's words.
	Shows string
}

// Documented is what a documentation page says where the emulator follows
// evidence instead.
type Documented struct {
	Source string // the page's https address
	Says   string // what it says, paraphrased
}

func indexBehaviours(lists ...[]Entry) map[string]Entry {
	m := map[string]Entry{}
	for _, list := range lists {
		for _, b := range list {
			if _, dup := m[b.ID]; dup {
				panic("conformance: behaviour " + b.ID + " listed twice")
			}
			m[b.ID] = b
		}
	}
	return m
}

// catalogue is every behaviour the project knows, by ID.
var catalogue = indexBehaviours(seedEntries, responseEntries, pipelineEntries, httpsysEntries)

// Lookup returns the catalogue entry for id.
func Lookup(id string) (Entry, bool) {
	b, ok := catalogue[id]
	return b, ok
}

// All returns the catalogue sorted by ID.
func All() []Entry {
	out := make([]Entry, 0, len(catalogue))
	for _, b := range catalogue {
		out = append(out, b)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// AgainstDocumentation returns, sorted by ID, the behaviours whose default
// follows evidence against a documentation page's wording.
func AgainstDocumentation() []Entry {
	var out []Entry
	for _, b := range All() {
		if b.Documented != nil {
			out = append(out, b)
		}
	}
	return out
}
