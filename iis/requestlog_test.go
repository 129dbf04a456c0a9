package iis_test

import (
	"bytes"
	"context"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/iisemu/iisemu/iis"
)

// logLines collects a host's request log entries.
type logLines struct {
	mu      sync.Mutex
	entries []iis.RequestLogEntry
}

func (l *logLines) add(e iis.RequestLogEntry) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, e)
}

func (l *logLines) all() []iis.RequestLogEntry {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]iis.RequestLogEntry(nil), l.entries...)
}

// serveAndLog sends each request on its own connection to a site that
// answers /samples/hello, and returns the log entries, one per request.
func serveAndLog(t *testing.T, requests ...string) []iis.RequestLogEntry {
	t.Helper()
	site := &iis.Site{Name: "Logged", Applications: []*iis.Application{{Path: "/samples/hello", Handler: text("Hello\n")}}}
	var logs logLines
	h, client := startHostWith(t, site, iis.Options{RequestLog: logs.add})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, r := range requests {
		if _, err := client.Do(ctx, []byte(r), 1); err != nil {
			t.Fatal(err)
		}
	}
	h.Close() // every request is over, and logged, once the host has stopped
	if got := logs.all(); len(got) != len(requests) {
		t.Fatalf("%d log entries for %d requests", len(got), len(requests))
	}
	return logs.all()
}

// normalise replaces what changes from run to run in a log: the #Date and
// each line's date, time and time-taken (its last field).
func normalise(log string) string {
	stamp := regexp.MustCompile(`\d{4}-\d\d-\d\d \d\d:\d\d:\d\d`)
	log = stamp.ReplaceAllString(log, "YYYY-MM-DD hh:mm:ss")
	taken := regexp.MustCompile(`(?m)^(YYYY-MM-DD hh:mm:ss .*) \d+$`)
	return taken.ReplaceAllString(log, "$1 TIME-TAKEN")
}

// TestDefaultLogMatchesIIS10: with no logExtFileFlags, the log's header and
// lines have IIS 10's default fields in IIS's order, the golden file
// testdata/u_ex_default.golden, written from IIS's documented default: an
// anonymous user and an absent Referer are "-", spaces in the User-Agent
// are "+", lines end in CRLF.
func TestDefaultLogMatchesIIS10(t *testing.T) {
	entries := serveAndLog(t,
		"GET /samples/hello?lang=en HTTP/1.1\r\nHost: localhost\r\nUser-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64)\r\nReferer: http://localhost/start.htm\r\n\r\n",
		"GET /samples/hello HTTP/1.1\r\nHost: localhost\r\n\r\n")
	var buf bytes.Buffer
	w := iis.NewRequestLogWriter(&buf, 0)
	for _, e := range entries {
		w.Write(e)
	}
	if err := w.Err(); err != nil {
		t.Fatal(err)
	}
	got := buf.String()
	if strings.Count(got, "\r\n") != strings.Count(got, "\n") {
		t.Errorf("a line does not end in CRLF:\n%q", got)
	}
	golden, err := os.ReadFile("testdata/u_ex_default.golden")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := normalise(strings.ReplaceAll(got, "\r\n", "\n")), string(golden); got != want {
		t.Errorf("the log differs from testdata/u_ex_default.golden\ngot:\n%s\nwant:\n%s", got, want)
	}
}

// TestBytesSentAndRecvGoWhereIISPutsThem: BytesSent and BytesRecv added to
// the default put sc-bytes and cs-bytes after sc-win32-status and before
// time-taken, the place real IIS logs have them, with the bytes that went
// each way.
func TestBytesSentAndRecvGoWhereIISPutsThem(t *testing.T) {
	req := "GET /samples/hello HTTP/1.1\r\nHost: localhost\r\n\r\n"
	entries := serveAndLog(t, req)
	var buf bytes.Buffer
	w := iis.NewRequestLogWriter(&buf, iis.DefaultLogExtFileFlags|iis.LogBytesSent|iis.LogBytesRecv)
	w.Write(entries[0])
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\r\n"), "\r\n")
	if len(lines) != 5 {
		t.Fatalf("want a 4-line header and 1 line:\n%s", buf.String())
	}
	const fields = "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken"
	if lines[3] != fields {
		t.Errorf("got  %s\nwant %s", lines[3], fields)
	}
	names, values := strings.Fields(strings.TrimPrefix(lines[3], "#Fields: ")), strings.Fields(lines[4])
	if len(values) != len(names) {
		t.Fatalf("%d values for %d fields: %s", len(values), len(names), lines[4])
	}
	col := map[string]string{}
	for i, n := range names {
		col[n] = values[i]
	}
	e := entries[0]
	if e.BytesSent == 0 || col["sc-bytes"] != itoa(e.BytesSent) || col["cs-bytes"] != itoa(int64(len(req))) || col["sc-status"] != "200" {
		t.Errorf("sc-bytes %s (sent %d), cs-bytes %s (request %d bytes): %s", col["sc-bytes"], e.BytesSent, col["cs-bytes"], len(req), lines[4])
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
