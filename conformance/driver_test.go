package conformance

import (
	"slices"
	"testing"

	"github.com/iisemu/iisemu/fixtures"
)

// TestBackendsDeclareWhatTheyImplement checks each backend's capabilities
// against the optional interfaces it implements: HostsSite is SiteHost,
// OwnClock is an instance that is a TimerFirer, and a backend that hosts
// no site runs cases itself.
func TestBackendsDeclareWhatTheyImplement(t *testing.T) {
	target, err := TargetBackend("http://127.0.0.1:1", TargetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range []Backend{ModelBackend(), SocketsBackend(), target} {
		info := b.Info()
		if info.Name == "" || info.Description == "" {
			t.Errorf("%T: a name and a description are required: %+v", b, info)
		}
		h, hosts := b.(SiteHost)
		if hosts != info.Has(HostsSite) {
			t.Errorf("%s: declares HostsSite %t, implements SiteHost %t", info.Name, info.Has(HostsSite), hosts)
		}
		if _, runs := b.(CaseRunner); !hosts && !runs {
			t.Errorf("%s: neither hosts a site nor runs cases", info.Name)
		}
		if info.Has(OwnClock) && !hosts {
			t.Errorf("%s: declares OwnClock but hosts no site", info.Name)
		}
		if !hosts {
			continue
		}
		site, err := fixtures.ScenarioSite(&fixtures.Scenario{ID: "probe", HandlerBody: "x\n"})
		if err != nil {
			t.Fatal(err)
		}
		in, err := h.Start(site)
		if err != nil {
			t.Fatalf("%s: %v", info.Name, err)
		}
		_, fires := in.(TimerFirer)
		in.Close()
		if fires != info.Has(OwnClock) {
			t.Errorf("%s: declares OwnClock %t, its instance is a TimerFirer %t", info.Name, info.Has(OwnClock), fires)
		}
	}
}

// TestScenarioUsesLeaveScenariosAlone checks that recording which specs
// run a scenario never writes to it: the file form is a copy.
func TestScenarioUsesLeaveScenariosAlone(t *testing.T) {
	sc := &fixtures.Scenario{ID: "s", Behaviours: []string{"RC-2"}}
	u := scenarioUses{}
	u.note(sc, []string{"RC-3", "RC-1"})
	u.note(sc, []string{"RC-1", "ND-1"})
	u.note(nil, []string{"RC-9"})
	if len(sc.Behaviours) != 1 {
		t.Errorf("the scenario was written to: %v", sc.Behaviours)
	}
	got := u.fileForm(sc)
	if want := []string{"ND-1", "RC-1", "RC-2", "RC-3"}; !slices.Equal(got.Behaviours, want) {
		t.Errorf("file form behaviours %v, want %v", got.Behaviours, want)
	}
	if got == sc || u.fileForm(nil) != nil {
		t.Error("the file form must be a copy, and nil for no scenario")
	}
	defer func() {
		if recover() == nil {
			t.Error("two different scenarios named alike must be refused")
		}
	}()
	u.note(&fixtures.Scenario{ID: "s"}, nil)
}
