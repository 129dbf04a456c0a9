package behaviour

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// Every source the project cites must be public: a catalogue source is an
// https address or "project decision" (Check), and no comment, document or
// generated file may name a Markdown file the repository does not hold.

var (
	// markdownName matches a file name or path ending in .md.
	markdownName = regexp.MustCompile(`[A-Za-z0-9_./-]*[A-Za-z0-9_-]\.md\b`)
	// webAddress matches an address, whose path may end in .md legitimately.
	webAddress = regexp.MustCompile(`https?://[^\s"'<>)\]]+`)
)

// textFile reports whether the repository file at path is text the project
// writes: sources, documents, fixtures and generated listings.
func textFile(path string) bool {
	switch filepath.Ext(path) {
	case ".go", ".md", ".json", ".yaml", ".yml", ".txt", ".html", ".tmpl", ".sh":
		return true
	}
	return filepath.Base(path) == "Makefile"
}

// repoRoot is the directory holding go.mod, two levels up from here.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("no go.mod at %s: %v", root, err)
	}
	return root
}

// missingMarkdown returns the Markdown files text (found in the file at
// dir) names that exist neither as a path from root or dir, nor as the
// name of a Markdown file in known.
func missingMarkdown(text, root, dir string, known []string) []string {
	var missing []string
	for _, name := range markdownName.FindAllString(webAddress.ReplaceAllString(text, ""), -1) {
		if slices.Contains(known, filepath.Base(name)) {
			continue
		}
		if _, err := os.Stat(filepath.Join(root, name)); err == nil {
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			continue
		}
		missing = append(missing, name)
	}
	return missing
}

func TestNoFileNamesAFileOutsideTheRepository(t *testing.T) {
	root := repoRoot(t)
	var files, known []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", "bin", "artifacts", "node_modules":
				return filepath.SkipDir
			}
			return nil
		}
		if textFile(path) {
			files = append(files, path)
		}
		if strings.HasSuffix(path, ".md") {
			known = append(known, d.Name())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range files {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range missingMarkdown(string(b), root, filepath.Dir(path), known) {
			rel, _ := filepath.Rel(root, path)
			t.Errorf("%s names %s, which is not in the repository: cite a public address instead", rel, name)
		}
	}
}

func TestMissingMarkdownFindsWhatIsAbsent(t *testing.T) {
	root := repoRoot(t)
	known := []string{"README.md", "PROTOCOL.md"}
	absent := "NOTES" + ".md"
	cases := map[string][]string{
		"// Source: " + absent + " §4":                       {absent},
		`source: "` + absent + `#4-httpsys"`:                 {absent},
		"see README.md and fixtures/PROTOCOL.md":             nil,
		"see https://github.com/MicrosoftDocs/iis-docs/x.md": nil,
		"docs/" + absent + " and ../../README.md":            {"docs/" + absent},
	}
	for text, want := range cases {
		if got := missingMarkdown(text, root, root, known); !slices.Equal(got, want) {
			t.Errorf("%q: missing %q, want %q", text, got, want)
		}
	}
}
