package report

import (
	"testing"

	"github.com/onsi/ginkgo/v2/types"
)

// TestFormatNotOnTarget checks the summary's "not run on the target"
// lines: the total, then a line per reason, largest first, ties by
// reason; nothing when every spec could be given to the target.
func TestFormatNotOnTarget(t *testing.T) {
	got := FormatNotOnTarget(map[string]int{"b reason": 1, "a reason": 1, "big reason": 4})
	want := "not run on the target: 6 behaviour specs\n" +
		"    4  big reason\n" +
		"    1  a reason\n" +
		"    1  b reason\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := FormatNotOnTarget(nil); got != "" {
		t.Errorf("nothing left out: got %q", got)
	}
}

// TestOf checks the verdict read from a spec's report.
func TestOf(t *testing.T) {
	skipped := func(msg string) types.SpecReport {
		return types.SpecReport{State: types.SpecStateSkipped, Failure: types.Failure{Message: msg}}
	}
	unexpected := types.SpecReport{State: types.SpecStateFailed, Failure: types.Failure{Message: UnexpectedPass + ": listed, and it passed"}}
	wireOnly := types.SpecReport{State: types.SpecStatePassed,
		ReportEntries: types.ReportEntries{{Name: EntryWireOnly, Value: types.WrapEntryValue("the server checks read the trace")}}}
	cases := []struct {
		r    types.SpecReport
		want string
	}{
		{types.SpecReport{State: types.SpecStatePassed}, "PASS"},
		{types.SpecReport{State: types.SpecStateFailed}, "FAIL"},
		{types.SpecReport{State: types.SpecStatePanicked}, "FAIL"},
		{skipped(NotSupported + ": no resets here"), NotSupported},
		{skipped(ExpectedFailure + ": resets politely (a link)"), ExpectedFailure},
		{skipped(""), ""},
		{unexpected, UnexpectedPass},
		{wireOnly, PassWireOnly},
	}
	for i, c := range cases {
		if got := Of(c.r); got != c.want {
			t.Errorf("case %d: got %q, want %q", i, got, c.want)
		}
	}
}
