package conformance

import (
	"strings"
	"testing"
	"time"

	"github.com/iisemu/iisemu/fixtures"
	"github.com/iisemu/iisemu/httpsys"
)

// TestDecide runs the one decision over what specs need and what backends
// offer, with the reasons the summary and the verdicts print.
func TestDecide(t *testing.T) {
	model, sockets := ModelBackend().Info(), SocketsBackend().Info()
	target := func(declared *httpsys.Config) BackendInfo {
		b, err := TargetBackend("http://127.0.0.1:1", TargetOptions{Settings: declared})
		if err != nil {
			t.Fatal(err)
		}
		return b.Info()
	}
	timers := func(d time.Duration) *httpsys.Config {
		var c httpsys.Config
		*c.Timeouts.Timer("HeaderWait") = d
		return &c
	}
	wo, err := TargetBackend("http://127.0.0.1:1", TargetOptions{WireOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	wireOnly := wo.Info()
	conns := func(n int) *httpsys.Config { return &httpsys.Config{Limits: httpsys.Limits{MaxConnections: n}} }
	small := &fixtures.Scenario{ID: "small", Modules: []fixtures.ModuleScript{Mod("M", At("RQ_BEGIN_REQUEST", "", Do("ResetConnection")))}}
	prioritised := &fixtures.Scenario{ID: "prio", Modules: []fixtures.ModuleScript{{Name: "P", Priority: map[string]string{"RQ_BEGIN_REQUEST": "LOW"}}}}
	large := &fixtures.Scenario{ID: "large", Modules: []fixtures.ModuleScript{Mod("M", At("RQ_BEGIN_REQUEST", "", Do("SetHeader", "X", strings.Repeat("0123456789", 2000))))}}
	gaps := &Gaps{Unsupported: []Unsupported{
		{Behaviours: []string{"RC-1"}, Reason: "no RC-1 here"},
		{Methods: []string{"ResetConnection"}, Reason: "no resets here"},
		{Priority: true, Reason: "no priorities here"},
		{Samples: SampleSet{All: true}, Reason: "no samples here"},
	}}
	lacks := map[Capability]string{ServesTraces: "no traces here", ServesLogs: "no logs here"}
	cases := []struct {
		name  string
		b     BackendInfo
		n     Needs
		gaps  *Gaps
		stage Stage
		why   string
	}{
		{"a site of its own on the model", model, Needs{Site: true}, nil, Runs, ""},
		{"a site of its own on a target", target(nil), Needs{Site: true}, nil, NotGenerated, whyOwnSite},
		{"a timer on sockets", sockets, Needs{Timer: "HeaderWait"}, nil, Runs, ""},
		{"a timer on a target without settings", target(nil), Needs{Scenario: small, Timer: "HeaderWait"}, nil, NotGenerated,
			"they let an HTTP.sys timer expire: give --target-config with the target's timers (5 s or less) to run them"},
		{"a timer on a target with a short one", target(timers(time.Second)), Needs{Scenario: small, Timer: "HeaderWait"}, nil, Runs, ""},
		{"a timer on a target with a long one", target(timers(time.Minute)), Needs{Scenario: small, Timer: "HeaderWait"}, nil, NotGenerated,
			"they let an HTTP.sys timer expire, and the target's HeaderWait is 1m0s, over the 5s a run waits"},
		{"a timer the target leaves at its default", target(timers(time.Second)), Needs{Scenario: small, Timer: "EntityBody"}, nil, NotGenerated,
			"they let an HTTP.sys timer expire, and the target's EntityBody is 2m0s, over the 5s a run waits"},
		{"a connection limit on the model", model, Needs{MaxConnections: true}, nil, Runs, ""},
		{"a connection limit on a target without one", target(nil), Needs{Scenario: small, MaxConnections: true}, nil, NotGenerated,
			"they need HTTP.sys settings other than the defaults: give --target-config with the target's MaxConnections (1 to 8) to run it, alone"},
		{"a connection limit on a target with one", target(conns(2)), Needs{Scenario: small, MaxConnections: true}, nil, Runs, ""},
		{"a connection limit too high to reach", target(conns(9)), Needs{Scenario: small, MaxConnections: true}, nil, NotGenerated,
			"they need HTTP.sys settings other than the defaults: give --target-config with the target's MaxConnections (1 to 8) to run it, alone"},
		{"a large scenario on the model", model, Needs{Scenario: large}, nil, Runs, ""},
		{"a large scenario on a target", target(nil), Needs{Scenario: large}, nil, NotGenerated, whyTooLarge},
		{"scenarios on a backend without them", BackendInfo{}, Needs{Scenario: small}, nil, NotGenerated, whyNoScenarios},
		{"samples on a backend without them", BackendInfo{}, Needs{Samples: true}, nil, NotGenerated, whyNoSamples},
		{"a declared behaviour", target(nil), Needs{Behaviours: []string{"RC-2", "RC-1"}, Samples: true}, gaps, Declared, "no RC-1 here"},
		{"a declared method", target(nil), Needs{Behaviours: []string{"RC-3"}, Scenario: small}, gaps, Declared, "no resets here"},
		{"a declared priority", target(nil), Needs{Scenario: prioritised}, gaps, Declared, "no priorities here"},
		{"declared samples", target(nil), Needs{Samples: true}, gaps, Declared, "no samples here"},
		{"what needs nothing declared", target(nil), Needs{Behaviours: []string{"SYS-KA-1"}, Scenario: prioritised}, &Gaps{Unsupported: gaps.Unsupported[:2]}, Runs, ""},
		{"a static need before a declaration", target(nil), Needs{Behaviours: []string{"RC-1"}, Site: true}, gaps, NotGenerated, whyOwnSite},
		{"a scenario on a wire-only target", wireOnly, Needs{Scenario: small}, nil, NotGenerated, whyNotPlain},
		{"samples on a wire-only target", wireOnly, Needs{Samples: true}, nil, NotGenerated, whyNotPlain},
		{"a plain request on a wire-only target", wireOnly, Needs{Scenario: large, PlainRequest: true}, nil, Runs, ""},
		{"a plain request with a site of its own", wireOnly, Needs{Site: true, PlainRequest: true}, nil, NotGenerated, whyOwnSite},
		{"a plain request with a timer", wireOnly, Needs{PlainRequest: true, Timer: "HeaderWait"}, nil, NotGenerated,
			"they let an HTTP.sys timer expire: give --target-config with the target's timers (5 s or less) to run them"},
		{"a plain request on a target", target(nil), Needs{Scenario: small, PlainRequest: true}, nil, Runs, ""},
		{"a trace the backend lacks", target(nil), Needs{Observes: SeenTrace}, nil, Discovered, "no traces here"},
		{"a log the backend lacks", target(nil), Needs{Observes: SeenRequestLog}, nil, Discovered, "no logs here"},
	}
	for _, c := range cases {
		got := decide(c.b, c.n, c.gaps, lacks)
		if got.Stage != c.stage || got.Why != c.why {
			t.Errorf("%s: got stage %d %q, want stage %d %q", c.name, got.Stage, got.Why, c.stage, c.why)
		}
	}
	if got := decide(model, Needs{Observes: SeenTrace}, nil, nil); !got.Runs() {
		t.Errorf("a trace on the model: %+v", got)
	}
	d := decide(target(nil), Needs{Observes: SeenErrorLog}, nil, lacks)
	if want := "NOT SUPPORTED: the HTTP.sys error log cannot be had: no logs here"; d.Message() != want {
		t.Errorf("discovered: %q, want %q", d.Message(), want)
	}
	if d := decide(target(nil), Needs{Samples: true}, gaps, nil); d.Message() != "NOT SUPPORTED: no samples here" {
		t.Errorf("declared: %q", d.Message())
	}
}

// TestTargetURL: a target is http://HOST:PORT, the port required and in
// range; anything else is refused with the reason.
func TestTargetURL(t *testing.T) {
	for raw, want := range map[string]string{
		"http://127.0.0.1:8080":    "",
		"http://localhost:1/":      "",
		"http://[::1]:65535":       "",
		"http://127.0.0.1":         "has no port",
		"http://127.0.0.1:":        "has no port",
		"http://127.0.0.1:0":       "port 0 is not in 1-65535",
		"http://127.0.0.1:65536":   "port 65536 is not in 1-65535",
		"https://127.0.0.1:443":    "only http",
		"http://:80":               "want http://HOST:PORT",
		"http://u:p@127.0.0.1:80":  "want http://HOST:PORT",
		"http://127.0.0.1:80/path": "want http://HOST:PORT",
		"127.0.0.1:80":             "want http://HOST:PORT",
	} {
		_, err := TargetBackend(raw, TargetOptions{})
		if (err == nil) != (want == "") || (err != nil && !strings.Contains(err.Error(), want)) {
			t.Errorf("%s: %v, want %q", raw, err, want)
		}
	}
	for _, o := range []TargetOptions{{Path: "relative"}, {Path: "/a b"}, {Host: "a\r\nX: y"}} {
		if _, err := TargetBackend("http://127.0.0.1:80", o); err == nil {
			t.Errorf("%+v accepted", o)
		}
	}
}
