package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/iisemu/iisemu/conformance"
	"github.com/iisemu/iisemu/conformance/report"
	"github.com/iisemu/iisemu/fixtures"
	"github.com/iisemu/iisemu/iis"
)

func traceAbout() string {
	var b strings.Builder
	b.WriteString("Runs one GET through the in-memory model of the sample site and prints what\n" +
		"happened: every notification, every IIS call, every send, how the connection\n" +
		"ended, and what the client received. With --scenario FILE it runs a scenario\n" +
		"file instead (fixtures/scenarios holds one per scenario the specs run),\n" +
		"sending the scenario's own request.\n\nSamples (--sample NAME, served at /samples/NAME):\n")
	for _, s := range fixtures.Samples() {
		fmt.Fprintf(&b, "  %-22s %s\n", s.Name, s.Description)
	}
	return strings.TrimRight(b.String(), "\n")
}

func runTrace(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("trace", "(--sample NAME | --scenario FILE | PATH) [--format json|text|mermaid|svg]", traceAbout())
	sample := fs.String("sample", "", "the sample to run, e.g. reset-connection")
	scenario := fs.String("scenario", "", "a scenario `FILE` to run, e.g. fixtures/scenarios/reset-begin-finish.json")
	format := fs.String("format", "json", "json (JSON Lines, one event per line), text (a timeline), mermaid or svg (a sequence diagram)")
	if code, ok := parseFlags(fs, args, stdout, stderr); !ok {
		return code
	}
	given := 0
	for _, set := range []bool{*sample != "", *scenario != "", fs.NArg() > 0} {
		if set {
			given++
		}
	}
	if given > 1 {
		return fail(stderr, "trace", "give one of --sample, --scenario or a PATH")
	}
	path := ""
	var sc *fixtures.Scenario
	switch {
	case *sample != "":
		s, ok := fixtures.FindSample(*sample)
		if !ok {
			var names []string
			for _, s := range fixtures.Samples() {
				names = append(names, s.Name)
			}
			return fail(stderr, "trace", "unknown sample %q (samples: %s)", *sample, strings.Join(names, ", "))
		}
		path = s.Path()
	case *scenario != "":
		var err error
		if sc, err = fixtures.LoadScenario(*scenario); err != nil {
			return fail(stderr, "trace", "%v", err)
		}
	case fs.NArg() == 1:
		path = fs.Arg(0)
		if !strings.HasPrefix(path, "/") || strings.ContainsAny(path, " \r\n") {
			return fail(stderr, "trace", "PATH must start with / and hold no spaces, got %q", path)
		}
	case fs.NArg() > 1:
		return fail(stderr, "trace", "one PATH only, got %d arguments", fs.NArg())
	default:
		return fail(stderr, "trace", "give --sample NAME, --scenario FILE or a PATH")
	}
	switch *format {
	case "json", "text", "mermaid", "svg":
	default:
		return fail(stderr, "trace", "unknown format %q (json, text, mermaid or svg)", *format)
	}

	// The case runs as the suite runs it, so a scenario's client leaves
	// as the scenario says.
	c := conformance.SampleCase(path, "GET "+path+" HTTP/1.1\r\nHost: localhost\r\n\r\n", 1)
	if sc != nil {
		c = conformance.ScenarioCase(sc)
	}
	raw := string(c.Request)
	obs, err := c.Run(context.Background(), conformance.ModelBackend())
	if err != nil {
		fmt.Fprintf(stderr, "iisemu trace: %v\n", err)
		return 1
	}
	switch *format {
	case "text":
		writeTimeline(stdout, raw, obs)
	case "mermaid":
		fmt.Fprint(stdout, report.Mermaid(raw, obs.Client, obs.Traces))
	case "svg":
		fmt.Fprint(stdout, report.SVG(raw, obs.Client, obs.Traces))
	default:
		writeJSONLines(stdout, obs)
	}
	return 0
}

// writeJSONLines prints each trace event, then one "client" line.
func writeJSONLines(w io.Writer, obs *conformance.Observation) {
	enc := json.NewEncoder(w)
	seq := 0
	for _, t := range obs.Traces {
		for _, e := range t.Events {
			seq = e.Seq
			enc.Encode(e)
		}
	}
	enc.Encode(map[string]any{
		"seq": seq + 1, "event": "client", "bytes": len(obs.Client.Received),
		"received": string(obs.Client.Received), "close": obs.Client.Close.String(),
	})
}

// writeTimeline prints the trace as a readable timeline: calls indented
// under the notification they were made in.
func writeTimeline(w io.Writer, raw string, obs *conformance.Observation) {
	fmt.Fprintf(w, "client sends %q\n", raw)
	for _, t := range obs.Traces {
		fmt.Fprintf(w, "request %d: %s %s (application %s)\n", t.RequestID, t.Method, t.URL, t.App)
		for _, e := range t.Events {
			indent := "  "
			if e.Kind == iis.EventCall {
				indent = "      "
			}
			fmt.Fprintf(w, "%3d%s%s\n", e.Seq, indent, conformance.FormatEvent(e))
		}
	}
	c := obs.Client
	if c.Left != "" {
		how := map[string]string{"reset": "reset the connection (RST)", "close": "closed the connection (FIN)"}[c.Left]
		fmt.Fprintf(w, "client received %d bytes, then left: it %s\n", len(c.Received), how)
	} else {
		fmt.Fprintf(w, "client received %d bytes, then the connection was %s\n", len(c.Received), describeKind(c.Close.String()))
	}
	if len(c.Received) > 0 {
		fmt.Fprintf(w, "%s\n", indentBlock(string(c.Received)))
	}
}

func describeKind(k string) string {
	switch k {
	case "reset":
		return "reset (RST)"
	case "closed":
		return "closed in an orderly way (FIN)"
	}
	return "left open"
}

func indentBlock(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return "    | " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n    | ")
}
