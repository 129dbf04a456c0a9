package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/iisemu/iisemu/conformance/behaviour"
)

// TestReadmeDecisionsNameEveryInference keeps the README's table of the
// project's decisions whole: every INFER behaviour of the catalogue has a
// row, whose ID column names it.
func TestReadmeDecisionsNameEveryInference(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	const heading = "\n## Decisions where the documentation is silent\n"
	_, section, ok := strings.Cut(string(readme), heading)
	if !ok {
		t.Fatalf("README.md has no %q section", strings.TrimSpace(heading))
	}
	if end := strings.Index(section, "\n## "); end >= 0 {
		section = section[:end]
	}
	named := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^\| ([^|]+) \|`).FindAllStringSubmatch(section, -1) {
		for _, id := range strings.Split(m[1], ",") {
			named[strings.TrimSpace(id)] = true
		}
	}
	for _, e := range behaviour.All() {
		if e.Provenance == behaviour.INFER && !named[e.ID] {
			t.Errorf("%s is INFER and has no row in the README's decisions table", e.ID)
		}
	}
}
