package mutate

import (
	"bufio"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Keyed is a mutant with its stable key (Mutant.Key).
type Keyed struct {
	Mutant
	Key string
}

// Collect lists the mutants of every non-test, non-generated Go file in
// the folders dirs of root, each with its key, files in name order.
func Collect(root string, dirs ...string) ([]Keyed, error) {
	var files []string
	for _, d := range dirs {
		found, err := filepath.Glob(filepath.Join(root, d, "*.go"))
		if err != nil {
			return nil, err
		}
		for _, f := range found {
			if strings.HasSuffix(f, "_test.go") || strings.HasSuffix(f, "_gen.go") {
				continue
			}
			rel, _ := filepath.Rel(root, f)
			files = append(files, filepath.ToSlash(rel))
		}
	}
	sort.Strings(files)
	var out []Keyed
	for _, f := range files {
		src, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			return nil, err
		}
		ms, err := Sites(f, src)
		if err != nil {
			return nil, err
		}
		seen := map[string]int{}
		for _, m := range ms {
			base := m.File + " " + m.Func + " " + m.Desc
			seen[base]++
			out = append(out, Keyed{Mutant: m, Key: m.Key(seen[base])})
		}
	}
	return out, nil
}

// Sample takes about n of all: with k the number of all divided by n and
// rounded, the mutants whose key hashes to 0 modulo k. A key names the file, the
// function, the mutation and its ordinal in the function, so the sample
// is the same for the same tree, and a change to one function changes
// only which of that function's mutants are taken.
func Sample(all []Keyed, n int) []Keyed {
	if n <= 0 || n >= len(all) {
		return all
	}
	k := uint32(Step(len(all), n))
	var out []Keyed
	for _, m := range all {
		h := fnv.New32a()
		h.Write([]byte(m.Key))
		if h.Sum32()%k == 0 {
			out = append(out, m)
		}
	}
	return out
}

// Step is the k of Sample: total divided by n, rounded, at least 1.
func Step(total, n int) int { return max(1, (total+n/2)/n) }

// Only keeps the mutants of ms whose key contains one of texts.
func Only(ms []Keyed, texts ...string) []Keyed {
	var out []Keyed
	for _, m := range ms {
		for _, t := range texts {
			if strings.Contains(m.Key, t) {
				out = append(out, m)
				break
			}
		}
	}
	return out
}

// Class is how a surviving mutant is explained.
type Class string

// The classes of the survivors list. Equivalent and unobservable mutants
// leave the kill rate's count; a gap stays in it, as a mutant the suite
// should kill and does not yet.
const (
	Equivalent   Class = "equivalent"   // behaves exactly as the original
	Unobservable Class = "unobservable" // differs only where no spec can look (a log line on stderr, a timer no spec waits for)
	Gap          Class = "gap"          // observable, with no spec yet
)

// Explanation is one line of the survivors list.
type Explanation struct {
	Class Class
	Why   string
}

// Counts says whether the mutant stays in the kill rate's count.
func (e Explanation) Counts() bool { return e.Class == Gap }

// Explained reads the checked-in list of surviving mutants, one per line:
// its key, " -- ", its class (equivalent, unobservable or gap), ": " and
// why; blank lines and lines starting with # are comments.
func Explained(r io.Reader) (map[string]Explanation, error) {
	out := map[string]Explanation{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, rest, ok := strings.Cut(line, " -- ")
		class, why, ok2 := strings.Cut(rest, ": ")
		switch c := Class(class); {
		case !ok || !ok2 || strings.TrimSpace(why) == "":
			return nil, fmt.Errorf("line %d: want KEY -- CLASS: REASON", n)
		case c != Equivalent && c != Unobservable && c != Gap:
			return nil, fmt.Errorf("line %d: class %q is not equivalent, unobservable or gap", n, class)
		}
		out[strings.TrimSpace(key)] = Explanation{Class: Class(class), Why: strings.TrimSpace(why)}
	}
	return out, sc.Err()
}
