package fault_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// outsider is a module that depends on this one, as any user's would.
const outsiderMod = `module example.com/outsider

go 1.26

require github.com/iisemu/iisemu v0.0.0-00010101000000-000000000000

replace github.com/iisemu/iisemu => %s
`

// outsiders are programs of another module: each builds, or fails for the
// reasons given.
var outsiders = []struct {
	name, src string
	wantErrs  []string // none: the program must build
}{
	{"control", `package main

import "github.com/iisemu/iisemu/iis"

func main() { _ = iis.Options{Decisions: &iis.DefaultDecisions} }
`, nil},
	{"importsfault", `package main

import "github.com/iisemu/iisemu/internal/fault"

func main() { _ = fault.Set{ResetIsOrderly: true} }
`, []string{"use of internal package github.com/iisemu/iisemu/internal/fault not allowed"}},
	{"setsfaults", `package main

import "github.com/iisemu/iisemu/iis"

func main() {
	var o iis.Options
	o.Faults.ResetIsOrderly = true
	o.faults.ResetIsOrderly = true
	_ = o
}
`, []string{"o.Faults undefined", "o.faults undefined (cannot refer to unexported field faults)"}},
}

// TestOtherModulesCannotSetFaults builds programs of another module
// against this one: the faults can be neither imported nor set from
// outside, while iis.Options is usable as usual.
func TestOtherModulesCannotSetFaults(t *testing.T) {
	gocmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not available:", err)
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", strings.Replace(outsiderMod, "%s", filepath.ToSlash(root), 1))
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	write("go.sum", string(sum))
	for _, o := range outsiders {
		write(filepath.Join(o.name, "main.go"), o.src)
	}
	for _, o := range outsiders {
		t.Run(o.name, func(t *testing.T) {
			cmd := exec.Command(gocmd, "build", "-o", os.DevNull, "./"+o.name)
			cmd.Dir = dir
			// Offline: the requirements come from the module cache.
			cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOSUMDB=off",
				"GOWORK=off", "GOTOOLCHAIN=local")
			out, err := cmd.CombinedOutput()
			if len(o.wantErrs) == 0 {
				if err != nil {
					t.Fatalf("the control program does not build: %v\n%s", err, out)
				}
				return
			}
			if err == nil {
				t.Fatalf("built, but should fail with %q", o.wantErrs)
			}
			for _, want := range o.wantErrs {
				if !strings.Contains(string(out), want) {
					t.Errorf("the build failed, but not with %q:\n%s", want, out)
				}
			}
		})
	}
}
