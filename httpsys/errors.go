package httpsys

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/iisemu/iisemu/internal/names"
)

// Errno is a Win32 error code as the HTTP Server API returns it. The
// functions of this package return these values (never strings) so that
// callers can compare identities, and the iis package can wrap them into
// HRESULTs with HRESULT_FROM_WIN32.
type Errno uint32

// The Win32 error codes the emulator uses. Values are from winerror.h.
const (
	ErrorSuccess            Errno = 0    // ERROR_SUCCESS / NO_ERROR
	ErrorInvalidData        Errno = 13   // ERROR_INVALID_DATA
	ErrorHandleEOF          Errno = 38   // ERROR_HANDLE_EOF
	ErrorNotSupported       Errno = 50   // ERROR_NOT_SUPPORTED
	ErrorNetnameDeleted     Errno = 64   // ERROR_NETNAME_DELETED
	ErrorInvalidParameter   Errno = 87   // ERROR_INVALID_PARAMETER
	ErrorAlreadyExists      Errno = 183  // ERROR_ALREADY_EXISTS
	ErrorAlreadyAssigned    Errno = 85   // ERROR_ALREADY_ASSIGNED
	ErrorArithmeticOverflow Errno = 534  // ERROR_ARITHMETIC_OVERFLOW
	ErrorOperationAborted   Errno = 995  // ERROR_OPERATION_ABORTED
	ErrorConnectionInvalid  Errno = 1229 // ERROR_CONNECTION_INVALID
	ErrorConnectionAborted  Errno = 1236 // ERROR_CONNECTION_ABORTED
	ErrorInsufficientBuffer Errno = 122  // ERROR_INSUFFICIENT_BUFFER
	ErrorInvalidState       Errno = 5023 // ERROR_INVALID_STATE
)

var errnoNames = names.New(map[Errno]string{
	ErrorSuccess:            "ERROR_SUCCESS",
	ErrorInvalidData:        "ERROR_INVALID_DATA",
	ErrorHandleEOF:          "ERROR_HANDLE_EOF",
	ErrorNotSupported:       "ERROR_NOT_SUPPORTED",
	ErrorNetnameDeleted:     "ERROR_NETNAME_DELETED",
	ErrorInvalidParameter:   "ERROR_INVALID_PARAMETER",
	ErrorAlreadyExists:      "ERROR_ALREADY_EXISTS",
	ErrorAlreadyAssigned:    "ERROR_ALREADY_ASSIGNED",
	ErrorArithmeticOverflow: "ERROR_ARITHMETIC_OVERFLOW",
	ErrorOperationAborted:   "ERROR_OPERATION_ABORTED",
	ErrorConnectionInvalid:  "ERROR_CONNECTION_INVALID",
	ErrorConnectionAborted:  "ERROR_CONNECTION_ABORTED",
	ErrorInsufficientBuffer: "ERROR_INSUFFICIENT_BUFFER",
	ErrorInvalidState:       "ERROR_INVALID_STATE",
})

// String returns the winerror.h name, for example "ERROR_CONNECTION_INVALID",
// or "ERROR_<decimal code>" for a code without a name here.
func (e Errno) String() string {
	if n, ok := errnoNames.Name(e); ok {
		return n
	}
	return fmt.Sprintf("ERROR_%d", uint32(e))
}

// ParseErrno is the inverse of String.
func ParseErrno(s string) (Errno, bool) {
	if e, ok := errnoNames.Value(s); ok {
		return e, true
	}
	code, found := strings.CutPrefix(s, "ERROR_")
	n, err := strconv.ParseUint(code, 10, 32)
	if !found || err != nil || Errno(n).String() != s {
		return 0, false
	}
	return Errno(n), true
}

// Error makes Errno an error; ErrorSuccess should never be returned as one.
func (e Errno) Error() string { return "httpsys: " + e.String() }
