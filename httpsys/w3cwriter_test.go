package httpsys_test

import (
	"errors"
	"testing"
	"time"

	"github.com/iisemu/iisemu/httpsys"
)

// failAfter accepts n writes, then fails every one.
type failAfter struct{ n int }

var errDiskFull = errors.New("disk full")

func (w *failAfter) Write(p []byte) (int, error) {
	if w.n == 0 {
		return 0, errDiskFull
	}
	w.n--
	return len(p), nil
}

// TestW3CWriterReportsTheFirstErrorOnce: a log that cannot be written
// says so when it first happens, not only when asked, and only once.
func TestW3CWriterReportsTheFirstErrorOnce(t *testing.T) {
	l := httpsys.NewErrorLogWriter(&failAfter{n: 2}) // the header and one line
	var heard []error
	l.OnError(func(err error) { heard = append(heard, err) })
	e := httpsys.ErrorLogEntry{Time: time.Unix(0, 0), Reason: httpsys.ReasonBadRequest}
	l.Write(e)
	if len(heard) != 0 {
		t.Fatalf("heard %v before any failure", heard)
	}
	l.Write(e)
	l.Write(e)
	if len(heard) != 1 || heard[0] != errDiskFull {
		t.Fatalf("heard %v, want the one failure", heard)
	}
	if l.Err() != errDiskFull {
		t.Errorf("Err() = %v", l.Err())
	}
}
