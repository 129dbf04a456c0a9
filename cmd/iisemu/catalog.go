package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/onsi/ginkgo/v2/formatter"

	"github.com/iisemu/iisemu/conformance"
	"github.com/iisemu/iisemu/conformance/behaviour"
)

// catalogAbout is catalog's help: what it prints and what each provenance
// means.
const catalogAbout = `Prints the behaviour catalogue as YAML: every behaviour with its provenance,
its statement, its source (a public https address, or "project decision"), the
reasoning behind what the project inferred, the evidence from real servers, any
known divergence, and the specs that check it; then the behaviours no spec
covers.

Provenances:
  DOC    a Microsoft documentation page (or an RFC) states it; the source is
         that page.
  HDR    the SDK headers (httpserv.h, http.h) declare it.
  EVID   tests or captures run against a real IIS or HTTP.sys show it; the
         entry links them (repository, path and test name, or address).
  INFER  the project's reading where the sources are silent, ambiguous or in
         conflict; the entry gives its reasoning. Someone with a real IIS
         should confirm it.

With --provenance INFER it lists only the project's own readings. With
--evidence it lists instead the behaviours whose default follows evidence
against the documentation's wording, each with the page, what the page says,
and the evidence followed. With --scenarios DIR it writes every scenario the
specs run, one JSON file each (the format is fixtures/scenario.schema.json).`

func runCatalog(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("catalog", "[--provenance DOC,HDR,EVID,INFER] [--evidence | --scenarios DIR]", catalogAbout)
	prov := fs.String("provenance", "", "comma-separated provenances to list (DOC, HDR, EVID, INFER)")
	evidence := fs.Bool("evidence", false, "list the behaviours that follow evidence against the documentation, with both sources")
	scenarioDir := fs.String("scenarios", "", "write the scenario files into `DIR`, replacing its .json files")
	if code, ok := parseFlags(fs, args, stdout, stderr); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return fail(stderr, "catalog", "unexpected argument %q", fs.Arg(0))
	}
	if *evidence && *scenarioDir != "" {
		return fail(stderr, "catalog", "--evidence and --scenarios do not go together")
	}
	var only []behaviour.Provenance
	if *prov != "" {
		for _, p := range strings.Split(*prov, ",") {
			v := behaviour.Provenance(strings.ToUpper(strings.TrimSpace(p)))
			if !containsProvenance(behaviour.Provenances, v) {
				return fail(stderr, "catalog", "unknown provenance %q (DOC, HDR, EVID or INFER)", p)
			}
			only = append(only, v)
		}
	}
	if *evidence {
		var list []behaviour.Entry
		for _, e := range behaviour.AgainstDocumentation() {
			if len(only) == 0 || containsProvenance(only, e.Provenance) {
				list = append(list, e)
			}
		}
		fmt.Fprint(stdout, behaviour.EvidenceYAML(list))
		return 0
	}
	// Building the spec tree records which spec covers what; a dry run
	// builds it without running anything.
	flag.CommandLine.Set("ginkgo.dry-run", "true")
	formatter.ColorableStdOut = io.Discard
	res := conformance.Run(&failRecorder{}, conformance.Config{})
	if *scenarioDir != "" {
		n, err := res.WriteScenarioFiles(*scenarioDir)
		if err != nil {
			fmt.Fprintf(stderr, "iisemu catalog: writing scenarios: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "wrote %d scenario files to %s\n", n, *scenarioDir)
		return 0
	}
	fmt.Fprint(stdout, res.Catalogue(only...))
	return 0
}

func containsProvenance(list []behaviour.Provenance, p behaviour.Provenance) bool {
	for _, q := range list {
		if q == p {
			return true
		}
	}
	return false
}
