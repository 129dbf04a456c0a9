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

func runCatalog(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("catalog", "[--provenance DOC,HDR,EVID,INFER] [--scenarios DIR]",
		"Prints the behaviour catalogue as YAML: every behaviour with its provenance,\n"+
			"its statement, its source and the specs that check it, then the behaviours\n"+
			"no spec covers. With --provenance INFER it lists only the project's own\n"+
			"decisions: the behaviours someone with a real IIS should confirm.\n"+
			"With --scenarios DIR it writes instead every scenario the specs run, one\n"+
			"JSON file each (the format is fixtures/scenario.schema.json).")
	prov := fs.String("provenance", "", "comma-separated provenances to list (DOC, HDR, EVID, INFER)")
	scenarioDir := fs.String("scenarios", "", "write the scenario files into `DIR`, replacing its .json files")
	if code, ok := parseFlags(fs, args, stdout, stderr); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return fail(stderr, "catalog", "unexpected argument %q", fs.Arg(0))
	}
	var only []behaviour.Provenance
	if *prov != "" {
		for _, p := range strings.Split(*prov, ",") {
			switch v := behaviour.Provenance(strings.ToUpper(strings.TrimSpace(p))); v {
			case behaviour.DOC, behaviour.HDR, behaviour.EVID, behaviour.INFER:
				only = append(only, v)
			default:
				return fail(stderr, "catalog", "unknown provenance %q (DOC, HDR, EVID or INFER)", p)
			}
		}
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
