// Command mutate runs the mutation testing of httpsys and iis with
// `iisemu conformance` as the test (see internal/mutate), as `make mutate`
// does, and prints each mutant's verdict and the kill rate.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/iisemu/iisemu/internal/mutate"
)

func main() {
	fs := flag.NewFlagSet("mutate", flag.ContinueOnError)
	sample := fs.Int("sample", 200, "run about this many mutants, evenly spread over all of them (0: all)")
	survivors := fs.String("survivors", "internal/mutate/survivors.txt", "the checked-in list of surviving mutants explained as equivalent or unobservable")
	timeout := fs.Duration("timeout", time.Minute, "a mutant that keeps the suite running longer is killed")
	list := fs.Bool("list", false, "only list the mutants that would run")
	var only []string
	fs.Func("only", "of the sample, run only the mutants whose key contains this text (a file, a function, a mutation); may be given more than once", func(v string) error {
		only = append(only, v)
		return nil
	})
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: go run ./internal/mutate/cmd/mutate [--sample N] [--survivors FILE] [--timeout D] [--only TEXT]...  [--list]\n\n"+
			"Mutates httpsys/ and iis/ one mutant at a time (go build -overlay, the tree untouched),\n"+
			"runs `iisemu conformance` on each under nice -n 19, and prints the kill rate over the\n"+
			"mutants that build, leaving out the survivors the list explains as equivalent or\n"+
			"unobservable (a known gap stays in the count). Run from the module root.\n"+
			"Exit 1 when a survivor is not explained in the list.\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(os.Args[1:]); err != nil {
		if err == flag.ErrHelp {
			os.Exit(0)
		}
		os.Exit(2)
	}
	os.Exit(run(*sample, *survivors, *timeout, *list, only))
}

func run(sample int, survivorsFile string, timeout time.Duration, list bool, only []string) int {
	all, err := mutate.Collect(".", "httpsys", "iis")
	if err != nil {
		fmt.Fprintf(os.Stderr, "mutate: %v\n", err)
		return 2
	}
	chosen := mutate.Sample(all, sample)
	if sample > 0 && sample < len(all) {
		fmt.Printf("mutate: %d mutants in httpsys/ and iis/; running %d (those whose key hashes to 0 modulo %d)\n", len(all), len(chosen), mutate.Step(len(all), sample))
	} else {
		fmt.Printf("mutate: %d mutants in httpsys/ and iis/; running all of them\n", len(all))
	}
	if len(only) > 0 {
		chosen = mutate.Only(chosen, only...)
		fmt.Printf("mutate: %d of them have %s in their key\n", len(chosen), strings.Join(only, " or "))
		if len(chosen) == 0 {
			fmt.Fprintf(os.Stderr, "mutate: no sampled mutant has %s in its key (see --list)\n", strings.Join(only, " or "))
			return 2
		}
	}
	if list {
		for _, m := range chosen {
			fmt.Printf("%s  [%s]\n", m.String(), m.Key)
		}
		return 0
	}
	explained := map[string]mutate.Explanation{}
	if f, err := os.Open(survivorsFile); err == nil {
		explained, err = mutate.Explained(f)
		f.Close()
		if err != nil {
			fmt.Fprintf(os.Stderr, "mutate: %s: %v\n", survivorsFile, err)
			return 2
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	work, err := os.MkdirTemp("", "iisemu-mutate-")
	if err != nil {
		fmt.Fprintf(os.Stderr, "mutate: %v\n", err)
		return 2
	}
	defer os.RemoveAll(work)
	t := &mutate.Tester{Root: ".", Work: work, Timeout: timeout, Nice: true}
	bin, err := t.Build(ctx, "", nil)
	if err != nil {
		fmt.Fprintf(os.Stderr, "mutate: the tree does not build: %v\n", err)
		return 2
	}
	if ok, why, err := t.Suite(ctx, bin); err != nil || !ok {
		fmt.Fprintf(os.Stderr, "mutate: the suite fails on the tree as it is: %s %v\n", why, err)
		return 2
	}
	counts := map[mutate.Verdict]int{}
	equivalent, gaps := 0, 0
	var unexplained []string
	start := time.Now()
	for i, m := range chosen {
		v, why, err := t.Test(ctx, m.Mutant)
		if err != nil {
			fmt.Fprintf(os.Stderr, "mutate: %s: %v\n", m.String(), err)
			return 2
		}
		counts[v]++
		note := ""
		switch {
		case v == mutate.Survived && explained[m.Key].Class != "":
			e := explained[m.Key]
			if e.Counts() {
				gaps++
			} else {
				equivalent++
			}
			note = fmt.Sprintf("  (%s: %s)", e.Class, e.Why)
		case v == mutate.Survived:
			unexplained = append(unexplained, m.Key)
			note = "  [" + m.Key + "]"
		case v == mutate.Killed:
			note = "  by " + why
		}
		fmt.Printf("%4d/%d %-8s %s%s\n", i+1, len(chosen), v, m.String(), note)
	}
	built := counts[mutate.Killed] + counts[mutate.Survived]
	fmt.Printf("mutate: %d mutants run in %v: %d built, %d did not build; %d killed, %d survived (%d equivalent or unobservable, %d known gaps, %d unexplained)\n",
		len(chosen), time.Since(start).Round(time.Second), built, counts[mutate.Unbuilt], counts[mutate.Killed], counts[mutate.Survived], equivalent, gaps, len(unexplained))
	if denom := built - equivalent; denom > 0 {
		fmt.Printf("mutate: kill rate of iisemu conformance: %d of %d non-equivalent mutants, %.1f%%\n", counts[mutate.Killed], denom, 100*float64(counts[mutate.Killed])/float64(denom))
	}
	if len(unexplained) > 0 {
		fmt.Printf("mutate: %d survivors not explained in %s:\n", len(unexplained), survivorsFile)
		for _, k := range unexplained {
			fmt.Println("  " + k)
		}
		return 1
	}
	return 0
}
