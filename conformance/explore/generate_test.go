package explore

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.uber.org/goleak"

	"github.com/iisemu/iisemu/fixtures"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// schema compiles the scenario schema with a validator that knows
// nothing of the Go types.
func schema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(fixtures.ScenarioSchema))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("scenario.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("scenario.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestEveryScenarioIsValid draws 5,000 scenarios of several seeds: each is
// valid against the JSON Schema and loads, and every PENDING step has a
// call that completes it.
func TestEveryScenarioIsValid(t *testing.T) {
	s := schema(t)
	for _, seed := range []uint64{1, 2, 77, 12345, 1 << 40} {
		g := NewGenerator(seed, Options{})
		for i := range 1000 {
			sc := g.Scenario(i)
			b, err := fixtures.MarshalScenario(sc)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Validate(doc); err != nil {
				t.Fatalf("seed %d scenario %d is not valid against the schema: %v\n%s", seed, i, err, b)
			}
			if _, err := fixtures.ParseScenario(b); err != nil {
				t.Fatalf("seed %d scenario %d does not load: %v\n%s", seed, i, err, b)
			}
			for _, m := range sc.Modules {
				for _, st := range m.Steps {
					if st.Return == "RQ_NOTIFICATION_PENDING" && (len(st.Calls) == 0 || !completes(st.Calls[len(st.Calls)-1].Method)) {
						t.Fatalf("seed %d scenario %d: a PENDING step without a completion:\n%s", seed, i, b)
					}
				}
			}
		}
	}
}

// TestASeedReproducesTheStream: the same seed draws the same scenarios,
// scenario i alone or after the others; another seed draws others.
func TestASeedReproducesTheStream(t *testing.T) {
	a, b, other := NewGenerator(9, Options{}), NewGenerator(9, Options{}), NewGenerator(10, Options{})
	var first []*fixtures.Scenario
	for i := range 50 {
		first = append(first, a.Scenario(i))
	}
	same := 0
	for i := 49; i >= 0; i-- {
		if !reflect.DeepEqual(first[i], b.Scenario(i)) {
			t.Fatalf("scenario %d differs when drawn again", i)
		}
		o := other.Scenario(i)
		o.ID = first[i].ID
		if reflect.DeepEqual(first[i], o) {
			same++
		}
	}
	if same > 5 {
		t.Errorf("seeds 9 and 10 drew %d of 50 scenarios alike", same)
	}
}

// TestTheRegistryDrivesTheDraw: every method of the registry is drawn
// (but those only the Leaver calls, which it calls whenever a client
// leaves, and the undrawn ones), so a method added to the registry is
// explored with no further work; a method declared unsupported is never
// drawn.
func TestTheRegistryDrivesTheDraw(t *testing.T) {
	seen := map[string]bool{}
	leaves := 0
	g := NewGenerator(3, Options{})
	for i := range 3000 {
		sc := g.Scenario(i)
		if sc.Leave != "" {
			leaves++
		}
		for _, m := range sc.Modules {
			for _, st := range m.Steps {
				for _, c := range st.Calls {
					seen[c.Method] = true
				}
			}
		}
	}
	for _, m := range fixtures.MethodSignatures() {
		if !seen[m.Name] && !undrawn[m.Name] {
			t.Errorf("method %s was never drawn in 3,000 scenarios", m.Name)
		}
	}
	if leaves == 0 {
		t.Error("no client ever left")
	}
	unsupported := map[string]bool{"ResetConnection": true, "WriteEntityChunks": true}
	g = NewGenerator(3, Options{Unsupported: unsupported, NoPriority: true, Host: "127.0.0.1:8080"})
	for i := range 3000 {
		sc := g.Scenario(i)
		b, _ := fixtures.MarshalScenario(sc)
		for _, m := range sc.Modules {
			if len(m.Priority) > 0 {
				t.Fatalf("a priority was drawn with NoPriority:\n%s", b)
			}
			for _, st := range m.Steps {
				for _, c := range st.Calls {
					if unsupported[c.Method] {
						t.Fatalf("unsupported method %s was drawn:\n%s", c.Method, b)
					}
				}
			}
		}
		if sc.Request != "" && !strings.Contains(sc.Request, "Host: 127.0.0.1:8080\r\n") {
			t.Fatalf("the request does not carry the given Host:\n%s", b)
		}
	}
}
