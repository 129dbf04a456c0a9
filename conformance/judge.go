package conformance

import (
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strings"

	. "github.com/onsi/gomega"

	"github.com/onsi/ginkgo/v2/types"
)

// Checks are a spec's two phases, in the order they run: Wire checks what
// the client saw (bytes, responses, how the connection ended); Server
// checks the server's records (trace, error log, W3C log), which a backend
// may be unable to show. Either may be nil. The wire checks run first
// whatever the backend, so a wire failure is a FAIL on every backend, and
// the observation refuses a server record read in the wire phase.
type Checks struct {
	Wire   func(*Observation)
	Server func(*Observation)
}

// checkFailure is the first failed check of a spec.
type checkFailure struct {
	phase   checkPhase
	message string
	at      types.CodeLocation
}

// outcome is what judging an observation found: the first failure, if
// any; else, when the server phase could not finish, why.
type outcome struct {
	failure *checkFailure
	// skipped says why the server checks did not run to the end: the
	// backend cannot show a record.
	skipped string
	// dropped says which checks on the trace were left out because the
	// user declared unsupported the getters they read.
	dropped string
}

// stopChecks is the panic that ends a phase at its first failed assertion.
type stopChecks struct{}

// judge runs c's wire checks, then, when they passed, its server checks,
// each up to its first failed assertion. A panic in a check (a mistake in
// the spec, such as indexing a response the checks did not require) is a
// failure of that check. The server checks leave out the calls of the
// getters in dropped (a getter the user declared unsupported, with the
// declaration's reason), and the patterns on them (see keeps).
func judge(o *Observation, c Checks, dropped map[string]string) outcome {
	if f := runPhase(o, wirePhase, c.Wire); f != nil {
		return outcome{failure: f}
	}
	if c.Server == nil {
		return outcome{}
	}
	var out outcome
	if len(dropped) > 0 {
		o.dropped = dropped
		var notes []string
		for _, m := range slices.Sorted(maps.Keys(dropped)) {
			notes = append(notes, fmt.Sprintf("%s (declared unsupported: %s)", m, dropped[m]))
		}
		out.dropped = "the server checks left out the calls of " + strings.Join(notes, ", ")
	}
	func() {
		defer func() {
			if e := recover(); e != nil {
				l, ok := e.(lacking)
				if !ok {
					panic(e)
				}
				out.skipped = fmt.Sprintf("the server checks read the %s: %s", l.kind, l.why)
			}
		}()
		out.failure = runPhase(o, serverPhase, c.Server)
	}()
	return out
}

// runPhase runs check in phase up to its first failed assertion, and
// returns that failure; a lacking record passes through to the caller.
func runPhase(o *Observation, phase checkPhase, check func(*Observation)) *checkFailure {
	if check == nil {
		return nil
	}
	o.phase = phase
	defer func() { o.phase = anyPhase }()
	return firstFailure(phase, func() { check(o) })
}

// firstFailure runs f up to its first failed assertion, and returns that
// failure (nil when none); a panic in f is a failure too, but a lacking
// record passes through to the caller.
func firstFailure(phase checkPhase, f func()) (failed *checkFailure) {
	RegisterFailHandler(func(message string, callerSkip ...int) {
		skip := 0
		if len(callerSkip) > 0 {
			skip = callerSkip[0]
		}
		failed = &checkFailure{phase: phase, message: message, at: types.NewCodeLocation(skip + 1)}
		panic(stopChecks{})
	})
	defer RegisterFailHandler(failHandler)
	defer func() {
		e := recover()
		switch e.(type) {
		case nil, stopChecks:
		case lacking:
			panic(e)
		default:
			failed = &checkFailure{phase: phase, message: fmt.Sprintf("the check itself failed: %v", e), at: panicLocation()}
		}
	}()
	f()
	return nil
}

// failHandler is the fail handler outside a spec's checks; Run sets it
// (Ginkgo's Fail), and a unit test may replace it.
var failHandler = func(message string, callerSkip ...int) { panic(message) }

// panicLocation is the innermost spec file line on the stack of a panic.
func panicLocation() types.CodeLocation {
	pcs := make([]uintptr, 32)
	n := runtime.Callers(3, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	for {
		f, more := frames.Next()
		if strings.Contains(f.File, "/conformance/specs_") {
			return types.CodeLocation{FileName: f.File, LineNumber: f.Line}
		}
		if !more {
			return types.CodeLocation{}
		}
	}
}
