package iis

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/internal/names"
)

// HRESULT is the result of an IIS method, as in httpserv.h: S_OK or an
// error such as HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER). Compare
// values, never text.
type HRESULT uint32

// S_OK is success.
const S_OK HRESULT = 0

// E_NOTIMPL and E_FAIL are the generic COM failures.
const (
	E_NOTIMPL HRESULT = 0x80004001
	E_FAIL    HRESULT = 0x80004005
)

// HRESULT_FROM_WIN32 maps a Win32 error code to its HRESULT
// (0x8007xxxx), as the SDK macro does.
func HRESULT_FROM_WIN32(e httpsys.Errno) HRESULT {
	if e == 0 {
		return S_OK
	}
	return HRESULT(0x80070000 | uint32(e)&0xFFFF)
}

// Win32 returns the Win32 code inside a FACILITY_WIN32 HRESULT.
func (h HRESULT) Win32() (httpsys.Errno, bool) {
	if uint32(h)&0xFFFF0000 == 0x80070000 {
		return httpsys.Errno(uint32(h) & 0xFFFF), true
	}
	return 0, false
}

// Succeeded is the SUCCEEDED macro.
func (h HRESULT) Succeeded() bool { return int32(h) >= 0 }

// Failed is the FAILED macro.
func (h HRESULT) Failed() bool { return int32(h) < 0 }

var hresultNames = names.New(map[HRESULT]string{
	S_OK:      "S_OK",
	E_NOTIMPL: "E_NOTIMPL",
	E_FAIL:    "E_FAIL",
})

// String returns "S_OK", "HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER)" and
// so on: the spelling of the C++ source; a value of no other form is
// "HRESULT(0x<8 hex digits>)".
func (h HRESULT) String() string {
	if n, ok := hresultNames.Name(h); ok {
		return n
	}
	if e, ok := h.Win32(); ok {
		return "HRESULT_FROM_WIN32(" + e.String() + ")"
	}
	return fmt.Sprintf("HRESULT(0x%08X)", uint32(h))
}

// ParseHRESULT is the inverse of String: it accepts exactly what String
// writes, so a parsed value writes back the same text.
func ParseHRESULT(s string) (HRESULT, bool) {
	if h, ok := hresultNames.Value(s); ok {
		return h, true
	}
	var h HRESULT
	if inner, ok := strings.CutPrefix(s, "HRESULT_FROM_WIN32("); ok {
		e, ok := httpsys.ParseErrno(strings.TrimSuffix(inner, ")"))
		if !ok {
			return 0, false
		}
		h = HRESULT_FROM_WIN32(e)
	} else if hex, ok := strings.CutPrefix(s, "HRESULT(0x"); ok {
		n, err := strconv.ParseUint(strings.TrimSuffix(hex, ")"), 16, 32)
		if err != nil {
			return 0, false
		}
		h = HRESULT(n)
	}
	if h.String() != s {
		return 0, false
	}
	return h, true
}

// Error makes a failed HRESULT usable as a Go error.
func (h HRESULT) Error() string { return "iis: " + h.String() }

// hrFromErr turns an httpsys error into an HRESULT.
func hrFromErr(err error) HRESULT {
	if err == nil {
		return S_OK
	}
	var e httpsys.Errno
	if errors.As(err, &e) {
		return HRESULT_FROM_WIN32(e)
	}
	return E_FAIL
}

// Common results, named as in C++ code.
var (
	hrInvalidParameter   = HRESULT_FROM_WIN32(httpsys.ErrorInvalidParameter)
	hrInvalidData        = HRESULT_FROM_WIN32(httpsys.ErrorInvalidData)
	hrAlreadyExists      = HRESULT_FROM_WIN32(httpsys.ErrorAlreadyExists)
	hrArithmeticOverflow = HRESULT_FROM_WIN32(httpsys.ErrorArithmeticOverflow)
	hrNotSupported       = HRESULT_FROM_WIN32(httpsys.ErrorNotSupported)
	hrInvalidState       = HRESULT_FROM_WIN32(httpsys.ErrorInvalidState)
)
