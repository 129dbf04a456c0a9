package httpsys

import (
	"errors"
	"io"
	"net"
	"os"
	"syscall"

	"github.com/iisemu/iisemu/internal/names"
)

// CloseKind is how a connection ended, as its peer observes it. It is the
// one vocabulary specs compare: the in-memory transport and TCP both map to
// it through Classify.
type CloseKind int

const (
	// Open: the connection had not ended when the observer stopped looking
	// (a read deadline passed, or the observer gave up).
	Open CloseKind = iota
	// Closed: an orderly close. The peer sent FIN; a read returned EOF after
	// every delivered byte.
	Closed
	// Reset: an abortive close. The peer sent RST; a read returned
	// ECONNRESET (or a write EPIPE) after the bytes already delivered.
	Reset
)

var closeKindNames = names.New(map[CloseKind]string{Open: "open", Closed: "closed", Reset: "reset"})

// String returns "open", "closed" or "reset", the words of traces and reports.
func (k CloseKind) String() string {
	if n, ok := closeKindNames.Name(k); ok {
		return n
	}
	return "CloseKind(?)"
}

// ParseCloseKind is the inverse of String.
func ParseCloseKind(s string) (CloseKind, bool) { return closeKindNames.Value(s) }

// Classify maps the error that ended a read (or write) on either transport
// to a CloseKind. nil and deadline or timeout errors mean Open; io.EOF means
// Closed; ECONNRESET, EPIPE and ECONNABORTED mean Reset. It compares error
// identities only, never error text.
func Classify(err error) CloseKind {
	switch {
	case err == nil:
		return Open
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return Closed
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, syscall.ECONNABORTED):
		return Reset
	case errors.Is(err, os.ErrDeadlineExceeded):
		return Open
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return Open
	}
	return Open
}
