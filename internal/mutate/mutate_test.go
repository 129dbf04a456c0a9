package mutate

import (
	"fmt"
	"go/parser"
	"go/token"
	"slices"
	"strings"
	"testing"
)

const sample = `package p

const limit = 8 // a declaration: never mutated

func f(a, b int, ok bool) int {
	if a == b && ok {
		g()
	}
	a += 1
	b++
	x := 0
	return a + b + x
}

func g() {}

type T struct{ n int }

func (t *T) Set(v bool) { t.n = 2; _ = v == true }
`

// TestSitesFindsEachKind: every kind is found where it should be, in
// source order, and nothing in a declaration outside a function.
func TestSitesFindsEachKind(t *testing.T) {
	ms, err := Sites("p.go", []byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range ms {
		got = append(got, m.Func+": "+m.Desc)
	}
	want := []string{
		"f: == to !=", "f: && to ||", "f: drop g(…)", "f: drop a += …", "f: 1 to 0", "f: drop b++", "f: 0 to 1",
		"T.Set: drop t.n = …", "T.Set: 2 to 3", "T.Set: == to !=", "T.Set: drop _ = …", "T.Set: true to false",
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("sites:\n got %q\nwant %q", got, want)
	}
	for _, m := range ms {
		if strings.Contains(m.Desc, "8") {
			t.Errorf("the constant declaration was mutated: %v", m)
		}
	}
}

// TestApplyMakesOneMutationThatParses: each mutant changes the source,
// differently from every other, and still parses.
func TestApplyMakesOneMutationThatParses(t *testing.T) {
	ms, err := Sites("p.go", []byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, m := range ms {
		out, err := Apply([]byte(sample), m)
		if err != nil {
			t.Fatalf("%v: %v", m, err)
		}
		if _, err := parser.ParseFile(token.NewFileSet(), "p.go", out, 0); err != nil {
			t.Errorf("%v: the mutant does not parse: %v\n%s", m, err, out)
		}
		if string(out) == sample || seen[string(out)] {
			t.Errorf("%v: the mutant is the source, or another mutant:\n%s", m, out)
		}
		seen[string(out)] = true
	}
	i := slices.IndexFunc(ms, func(m Mutant) bool { return m.Desc == "== to !=" && m.Func == "f" })
	m := ms[i]
	out, _ := Apply([]byte(sample), m)
	if !strings.Contains(string(out), "if a != b && ok") || strings.Count(string(out), "!=") != 1 {
		t.Errorf("the flip of == in f is not that flip alone:\n%s", out)
	}
	m.Desc = "something else"
	if _, err := Apply([]byte(sample), m); err == nil {
		t.Error("a mutant that does not match its source was applied")
	}
}

// TestSampleIsEvenAndRepeatable: about n, spread from the first, the
// same each time; 0 is all.
func TestSampleIsRepeatableAndStable(t *testing.T) {
	all := make([]Keyed, 1000)
	for i := range all {
		all[i].Index = i
		all[i].Key = fmt.Sprintf("httpsys/f%d.go g drop x #1", i)
	}
	s := Sample(all, 100)
	if len(s) > 150 || len(s) < 60 {
		t.Errorf("sample of about 100 in 1000: %d mutants", len(s))
	}
	if !slices.Equal(s, Sample(all, 100)) || len(Sample(all, 0)) != 1000 {
		t.Error("the sample is not repeatable, or 0 is not all")
	}
	// A mutant added before the others leaves their choice alone.
	more := append([]Keyed{{Key: "httpsys/a.go new drop y #1"}}, all...)
	var kept []Keyed
	for _, m := range Sample(more, 100) {
		if m.Key != "httpsys/a.go new drop y #1" {
			kept = append(kept, m)
		}
	}
	if !slices.Equal(kept, s) {
		t.Error("one more mutant changed which of the others are sampled")
	}
}

// TestExplainedNeedsAClassAndAReason: each survivor line has a key, a
// known class and a reason; only a gap stays in the kill rate's count.
func TestExplainedNeedsAClassAndAReason(t *testing.T) {
	got, err := Explained(strings.NewReader("# comment\n\nhttpsys/a.go F == to != #1 -- unobservable: the branch only logs\niis/b.go G drop x = … #2 -- gap: no spec sends it\n"))
	if err != nil || got["httpsys/a.go F == to != #1"] != (Explanation{Unobservable, "the branch only logs"}) {
		t.Errorf("got %v, %v", got, err)
	}
	if got["httpsys/a.go F == to != #1"].Counts() || !got["iis/b.go G drop x = … #2"].Counts() {
		t.Errorf("an unobservable mutant counts, or a gap does not: %v", got)
	}
	for _, bad := range []string{"httpsys/a.go F == to != #1\n", "k -- the branch only logs\n", "k -- likely: it is fine\n"} {
		if _, err := Explained(strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "line 1") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestOnlyKeepsTheKeysWithTheText(t *testing.T) {
	ms := []Keyed{{Key: "httpsys/a.go f drop x #1"}, {Key: "iis/b.go g 0 to 1 #1"}, {Key: "httpsys/a.go h 1 to 0 #2"}}
	got := Only(ms, "httpsys/a.go")
	if len(got) != 2 || got[0].Key != ms[0].Key || got[1].Key != ms[2].Key {
		t.Fatalf("Only(httpsys/a.go) = %v, want the first and the third", got)
	}
	if got := Only(ms, "iis/b.go", "h 1 to 0"); len(got) != 2 || got[0].Key != ms[1].Key || got[1].Key != ms[2].Key {
		t.Fatalf("Only(iis/b.go, h 1 to 0) = %v, want the second and the third", got)
	}
	if got := Only(ms, "nothing"); len(got) != 0 {
		t.Fatalf("Only(nothing) = %v, want none", got)
	}
}
