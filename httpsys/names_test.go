package httpsys_test

import (
	"testing"

	"github.com/iisemu/iisemu/httpsys"
)

// TestNamesReadBack: every name String writes for an Errno, a SendFlags
// set or a CloseKind, the matching Parse function reads back as the same
// value; traces and reports depend on it.
func TestNamesReadBack(t *testing.T) {
	for _, e := range []httpsys.Errno{httpsys.ErrorSuccess, httpsys.ErrorInvalidParameter, httpsys.ErrorNetnameDeleted, 1234} {
		if back, ok := httpsys.ParseErrno(e.String()); !ok || back != e {
			t.Errorf("ParseErrno(%q) = %d, %t; want %d", e.String(), back, ok, e)
		}
	}
	if got := httpsys.Errno(1234).String(); got != "ERROR_1234" {
		t.Errorf("an unnamed code: %q", got)
	}
	for _, bad := range []string{"ERROR_NOPE", "ERROR_", "ERROR_-1", "ERROR_087", "1234"} {
		if e, ok := httpsys.ParseErrno(bad); ok {
			t.Errorf("ParseErrno(%q) = %d, accepted", bad, e)
		}
	}
	flags := []struct {
		f    httpsys.SendFlags
		text string
	}{
		{0, "0"},
		{httpsys.SendMoreData, "MORE_DATA"},
		{httpsys.SendDisconnect | httpsys.SendBufferData, "DISCONNECT|BUFFER_DATA"},
		{httpsys.SendMoreData | 0x100, "MORE_DATA|0x100"},
	}
	for _, c := range flags {
		if got := c.f.String(); got != c.text {
			t.Errorf("%#x: %q, want %q", uint32(c.f), got, c.text)
		}
		if back, ok := httpsys.ParseSendFlags(c.text); !ok || back != c.f {
			t.Errorf("ParseSendFlags(%q) = %#x, %t", c.text, uint32(back), ok)
		}
	}
	if f, ok := httpsys.ParseSendFlags("MORE_DATA|FAST"); ok {
		t.Errorf("an unknown flag name accepted as %v", f)
	}
	for _, k := range []httpsys.CloseKind{httpsys.Open, httpsys.Closed, httpsys.Reset} {
		if back, ok := httpsys.ParseCloseKind(k.String()); !ok || back != k {
			t.Errorf("ParseCloseKind(%q) = %v, %t", k.String(), back, ok)
		}
	}
	if k, ok := httpsys.ParseCloseKind("aborted"); ok {
		t.Errorf("ParseCloseKind(aborted) = %v, accepted", k)
	}
}
