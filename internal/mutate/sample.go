package mutate

import (
	"bufio"
	"fmt"
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

// Sample takes about n of all, evenly spread: every k-th from the first,
// k the smallest step that gives at most n. It is the same for the same
// tree, so a run can be repeated.
func Sample(all []Keyed, n int) []Keyed {
	if n <= 0 || n >= len(all) {
		return all
	}
	k := (len(all) + n - 1) / n
	var out []Keyed
	for i := 0; i < len(all); i += k {
		out = append(out, all[i])
	}
	return out
}

// Explained reads the checked-in list of surviving mutants: one per line,
// its key, " -- ", and why it is equivalent or unobservable; blank lines
// and lines starting with # are comments.
func Explained(r io.Reader) (map[string]string, error) {
	out := map[string]string{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, why, ok := strings.Cut(line, " -- ")
		if !ok || strings.TrimSpace(why) == "" {
			return nil, fmt.Errorf("line %d: want KEY -- REASON", n)
		}
		out[strings.TrimSpace(key)] = strings.TrimSpace(why)
	}
	return out, sc.Err()
}
