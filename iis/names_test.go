package iis_test

import (
	"testing"

	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/iis"
)

// TestHRESULTNamesReadBack: ParseHRESULT reads every form String writes,
// and nothing String would write differently, so a trace's result text
// turns into the same HRESULT and back into the same text.
func TestHRESULTNamesReadBack(t *testing.T) {
	for _, h := range []iis.HRESULT{iis.S_OK, iis.E_FAIL, iis.E_NOTIMPL,
		iis.HRESULT_FROM_WIN32(httpsys.ErrorNetnameDeleted), iis.HRESULT_FROM_WIN32(1234), 0x80004002, 1} {
		back, ok := iis.ParseHRESULT(h.String())
		if !ok || back != h {
			t.Errorf("ParseHRESULT(%q) = %v, %t; want %v", h.String(), back, ok, h)
		}
	}
	for _, bad := range []string{"", "OK", "HRESULT_FROM_WIN32(ERROR_NOPE)", "HRESULT_FROM_WIN32(ERROR_SUCCESS)",
		"HRESULT_FROM_WIN32(ERROR_INVALID_DATA", "HRESULT(0x80004005)", "HRESULT(0x1)", "HRESULT(0xZZ)", "dropped: connection reset"} {
		if h, ok := iis.ParseHRESULT(bad); ok {
			t.Errorf("ParseHRESULT(%q) = %v, accepted", bad, h)
		}
	}
}

// TestGlobalNamesReadBack: the GL_* notifications and statuses read back
// from their names.
func TestGlobalNamesReadBack(t *testing.T) {
	for _, g := range []iis.GlobalNotification{iis.GL_STOP_LISTENING, iis.GL_PRE_BEGIN_REQUEST, iis.GL_APPLICATION_START, iis.GL_APPLICATION_STOP} {
		if back, ok := iis.ParseGlobalNotification(g.String()); !ok || back != g {
			t.Errorf("ParseGlobalNotification(%q) = %v, %t", g.String(), back, ok)
		}
	}
	if s := (iis.GL_PRE_BEGIN_REQUEST | 0x1).String(); s != "0x1|GL_PRE_BEGIN_REQUEST" {
		t.Errorf("mask %q", s)
	}
	for _, st := range []iis.GlobalNotificationStatus{iis.GlobalContinue, iis.GlobalHandled} {
		if back, ok := iis.ParseGlobalStatus(st.String()); !ok || back != st {
			t.Errorf("ParseGlobalStatus(%q) = %v, %t", st.String(), back, ok)
		}
	}
	if s := iis.GlobalNotificationStatus(7).String(); s != "GL_NOTIFICATION_CONTINUE" {
		t.Errorf("a status other than HANDLED: %q", s)
	}
}
