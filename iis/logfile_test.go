package iis_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/iisemu/iisemu/iis"
)

// TestLogExtFileFlagValues: the flags have IIS's numeric values (the
// centralW3CLogFile and LogExtFileFlags reference pages number them).
func TestLogExtFileFlagValues(t *testing.T) {
	for f, want := range map[iis.LogExtFileFlags]uint32{
		iis.LogDate: 1, iis.LogUserName: 8, iis.LogServerIP: 64, iis.LogHTTPStatus: 1024, iis.LogBytesSent: 4096,
		iis.LogBytesRecv: 8192, iis.LogTimeTaken: 16384, iis.LogReferer: 262144, iis.LogHost: 1048576, iis.LogHTTPSubStatus: 2097152,
	} {
		if uint32(f) != want {
			t.Errorf("%s = %d, want %d", f, uint32(f), want)
		}
	}
}

// TestParseLogExtFileFlags: names in any order, with or without spaces,
// in any case, give the same flags; String writes them back in IIS's
// order; an unknown name or an empty list is refused on one line naming it.
func TestParseLogExtFileFlags(t *testing.T) {
	const def = "Date, Time, ClientIP, UserName, ServerIP, Method, UriStem, UriQuery, TimeTaken, HttpStatus, Win32Status, ServerPort, UserAgent, HttpSubStatus, Referer"
	for _, s := range []string{def, "referer,HttpSubStatus,UserAgent,ServerPort,Win32Status,HttpStatus,TimeTaken,UriQuery,UriStem,Method,ServerIP,UserName,ClientIP,Time,Date,Date"} {
		f, err := iis.ParseLogExtFileFlags(s)
		if err != nil || f != iis.DefaultLogExtFileFlags {
			t.Errorf("%q: %v %v", s, f, err)
		}
	}
	if got, want := iis.DefaultLogExtFileFlags.String(), "Date, Time, ClientIP, UserName, ServerIP, Method, UriStem, UriQuery, HttpStatus, Win32Status, TimeTaken, ServerPort, UserAgent, Referer, HttpSubStatus"; got != want {
		t.Errorf("String: %s", got)
	}
	if f, err := iis.ParseLogExtFileFlags(iis.AllLogExtFileFlags.String()); err != nil || f != iis.AllLogExtFileFlags {
		t.Errorf("every flag does not read back: %v %v", f, err)
	}
	if _, err := iis.ParseLogExtFileFlags("Date, Tiem"); err == nil || !strings.HasPrefix(err.Error(), `unknown flag "Tiem" (known: Date, Time,`) || strings.Contains(err.Error(), "\n") {
		t.Errorf("unknown flag: %v", err)
	}
	if _, err := iis.ParseLogExtFileFlags(" , "); !errors.Is(err, iis.ErrNoLogFields) {
		t.Errorf("empty list: %v", err)
	}
}

// TestFieldsAreInIISOrder: the #Fields line lists the selected fields in
// the order IIS writes them, whatever the order of the flags: the default
// is IIS 10's default header, and every field gives the order of real IIS
// logs with every field selected.
func TestFieldsAreInIISOrder(t *testing.T) {
	if got := iis.DefaultLogExtFileFlags.Fields(); got != iis.RequestLogFields || iis.LogExtFileFlags(0).Fields() != got {
		t.Errorf("default: %s", got)
	}
	all := "#Fields: date time s-sitename s-computername s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs-version cs(User-Agent) cs(Cookie) cs(Referer) cs-host sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken"
	f, err := iis.ParseLogExtFileFlags("HttpSubStatus, Host, ProtocolVersion, Referer, Cookie, UserAgent, ServerPort, TimeTaken, BytesRecv, BytesSent, Win32Status, HttpStatus, UriQuery, UriStem, Method, ServerIP, ComputerName, SiteName, UserName, ClientIP, Time, Date")
	if err != nil || f.Fields() != all {
		t.Errorf("every field:\ngot  %s\nwant %s (%v)", f.Fields(), all, err)
	}
	if got := (iis.LogTimeTaken | iis.LogMethod | iis.LogDate).Fields(); got != "#Fields: date cs-method time-taken" {
		t.Errorf("three fields: %s", got)
	}
}

// TestLineForEveryField: each field's value, as IIS writes it, in the
// #Fields order; text fields with spaces get "+", empty ones "-".
func TestLineForEveryField(t *testing.T) {
	e := iis.RequestLogEntry{
		ServerAddr: "10.0.0.1:443", ClientAddr: "10.0.0.2:50000", Method: "POST", URIStem: "/a b", URIQuery: "",
		UserAgent: "curl/8.0", Status: 404, SubStatus: 2, Win32Status: 64, BytesSent: 123, BytesRecv: 45, TimeTakenMs: 6,
		Referer: "", Cookie: "a=1; b=2", Host: "example.com", Version: "HTTP/1.1", SiteName: "W3SVC1", ComputerName: "WEB01",
	}
	want := "0001-01-01 00:00:00 W3SVC1 WEB01 10.0.0.1 POST /a+b - 443 - 10.0.0.2 HTTP/1.1 curl/8.0 a=1;+b=2 - example.com 404 2 64 123 45 6"
	if got := e.LineFor(iis.AllLogExtFileFlags); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got := e.LineFor(0); got != e.Line() {
		t.Errorf("zero flags: %s", got)
	}
}
