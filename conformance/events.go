package conformance

import (
	"fmt"
	"strings"

	"github.com/iisemu/iisemu/iis"
)

// EventPattern is one expected trace event, written as a short line:
//
//	RQ_BEGIN_REQUEST M1            a notification (any status)
//	RQ_BEGIN_REQUEST+post M1 =FINISH  its post-notification, returning FINISH_REQUEST
//	call ResetConnection =S_OK     a call and its result
//	send final =dropped            a send (final or not), result prefix
//	close reset                    how the connection ended
type EventPattern string

var statusWords = map[string]string{
	"CONTINUE": "RQ_NOTIFICATION_CONTINUE",
	"FINISH":   "RQ_NOTIFICATION_FINISH_REQUEST",
	"PENDING":  "RQ_NOTIFICATION_PENDING",
}

// match reports whether e fits the pattern.
func (p EventPattern) match(e iis.Event) bool {
	f := strings.Fields(string(p))
	if len(f) == 0 {
		return false
	}
	want := func(tok string) (string, bool) { return strings.CutPrefix(tok, "=") }
	switch {
	case strings.HasPrefix(f[0], "GL_"):
		if e.Kind != iis.EventNotification || e.Global.String() != f[0] {
			return false
		}
		for _, tok := range f[1:] {
			if s, ok := want(tok); ok {
				if "GL_NOTIFICATION_"+s != e.GlobalStatus.String() && s != e.GlobalStatus.String() {
					return false
				}
			} else if e.Module != tok {
				return false
			}
		}
		return true
	case strings.HasPrefix(f[0], "RQ_"):
		name, post := strings.CutSuffix(f[0], "+post")
		if e.Kind != iis.EventNotification || e.Notification.String() != name || e.Post != post {
			return false
		}
		for _, tok := range f[1:] {
			if s, ok := want(tok); ok {
				if full, short := statusWords[s]; short {
					s = full
				}
				if e.Status.String() != s {
					return false
				}
			} else if e.Module != tok {
				return false
			}
		}
		return true
	case f[0] == "call":
		if e.Kind != iis.EventCall || len(f) < 2 || e.Method != f[1] {
			return false
		}
		// The result is everything after " =": it may hold spaces.
		if _, result, ok := strings.Cut(string(p), " ="); ok && e.Result != result {
			return false
		}
		return true
	case f[0] == "send":
		if e.Kind != iis.EventSend {
			return false
		}
		for _, tok := range f[1:] {
			if tok == "final" && !e.Final {
				return false
			}
			if s, ok := want(tok); ok && !strings.HasPrefix(e.Result, s) {
				return false
			}
		}
		return true
	case f[0] == "close":
		return e.Kind == iis.EventClose && (len(f) < 2 || e.CloseKind == f[1])
	}
	return false
}

// FormatEvent renders an event in the pattern syntax, for diffs and text
// traces.
func FormatEvent(e iis.Event) string {
	switch e.Kind {
	case iis.EventNotification:
		if e.Global != 0 {
			return fmt.Sprintf("%s %s =%s", e.Global, e.Module, strings.TrimPrefix(e.GlobalStatus.String(), "GL_NOTIFICATION_"))
		}
		n := e.Notification.String()
		if e.Post {
			n += "+post"
		}
		return fmt.Sprintf("%s %s =%s", n, e.Module, shortStatus(e.Status))
	case iis.EventCall:
		s := "call " + e.Method
		if e.Args != "" {
			s += "(" + e.Args + ")"
		}
		return s + " =" + e.Result
	case iis.EventSend:
		fin := ""
		if e.Final {
			fin = " final"
		}
		return fmt.Sprintf("send%s %d bytes flags=%s =%s", fin, e.Bytes, e.Flags, e.Result)
	case iis.EventClose:
		return "close " + e.CloseKind
	}
	return string(e.Kind)
}

func shortStatus(s iis.RequestNotificationStatus) string {
	for short, full := range statusWords {
		if full == s.String() {
			return short
		}
	}
	return s.String()
}
