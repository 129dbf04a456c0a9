package mutate

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Verdict is what the suite made of one mutant.
type Verdict string

// The verdicts.
const (
	Killed   Verdict = "killed"   // a spec failed, or the run did not finish in time
	Survived Verdict = "survived" // every spec passed
	Unbuilt  Verdict = "unbuilt"  // the mutant does not compile (an unused variable, say): not counted
)

// Tester builds the command with one file replaced and runs the suite.
type Tester struct {
	// Root is the module's root; the mutated files are named relative to it.
	Root string
	// Work is a scratch folder for the mutated file, the overlay and the
	// binary.
	Work string
	// Timeout bounds one run of the suite; a mutant that hangs it is killed.
	Timeout time.Duration
	// Nice runs the build and the suite at the lowest priority.
	Nice bool
}

// command returns name with args, under nice -n 19 when asked.
func (t *Tester) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	if t.Nice {
		args = append([]string{"-n", "19", name}, args...)
		name = "nice"
	}
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = t.Root
	return cmd
}

// Build builds cmd/iisemu with file (relative to Root) replaced by src,
// through go build -overlay, so that the tree is never copied nor
// changed; src nil builds the tree as it is. It returns the binary.
func (t *Tester) Build(ctx context.Context, file string, src []byte) (string, error) {
	bin := filepath.Join(t.Work, "iisemu-mutant")
	args := []string{"build", "-o", bin}
	if src != nil {
		mutated := filepath.Join(t.Work, "mutant.go")
		if err := os.WriteFile(mutated, src, 0o644); err != nil {
			return "", err
		}
		abs, err := filepath.Abs(filepath.Join(t.Root, file))
		if err != nil {
			return "", err
		}
		overlay, _ := json.Marshal(map[string]map[string]string{"Replace": {abs: mutated}})
		ov := filepath.Join(t.Work, "overlay.json")
		if err := os.WriteFile(ov, overlay, 0o644); err != nil {
			return "", err
		}
		args = append(args, "-overlay", ov)
	}
	out, err := t.command(ctx, "go", append(args, "./cmd/iisemu")...).CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("%v: %s", err, firstLine(string(out)))
	}
	return bin, nil
}

// Suite runs `bin conformance` and says whether it passed. It stops the
// run at the first FAIL line, which decides the verdict as the whole run
// would.
func (t *Tester) Suite(ctx context.Context, bin string) (passed bool, why string, err error) {
	ctx, cancel := context.WithTimeout(ctx, t.Timeout)
	defer cancel()
	cmd := t.command(ctx, bin, "conformance")
	cmd.WaitDelay = time.Second
	out, err := cmd.StdoutPipe()
	if err != nil {
		return false, "", err
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		return false, "", err
	}
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if line := sc.Text(); strings.HasPrefix(line, "FAIL ") {
			cancel()
			cmd.Wait()
			return false, line, nil
		}
	}
	werr := cmd.Wait()
	switch {
	case ctx.Err() != nil:
		return false, fmt.Sprintf("the suite did not finish in %v", t.Timeout), nil
	case werr != nil:
		return false, "the suite exited: " + werr.Error(), nil
	}
	return true, "", nil
}

// Test builds and runs one mutant.
func (t *Tester) Test(ctx context.Context, m Mutant) (Verdict, string, error) {
	src, err := os.ReadFile(filepath.Join(t.Root, m.File))
	if err != nil {
		return "", "", err
	}
	mutated, err := Apply(src, m)
	if err != nil {
		return "", "", err
	}
	bin, err := t.Build(ctx, m.File, mutated)
	if err != nil {
		return Unbuilt, err.Error(), nil
	}
	passed, why, err := t.Suite(ctx, bin)
	switch {
	case err != nil:
		return "", "", err
	case passed:
		return Survived, "", nil
	}
	return Killed, why, nil
}

func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			return l
		}
	}
	return strings.TrimSpace(s)
}
