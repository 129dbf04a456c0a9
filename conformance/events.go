package conformance

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/iis"
)

// EventPattern is one expected trace event, written as a short line, the
// way FormatEvent prints one:
//
//	RQ_BEGIN_REQUEST M1                   a notification (any status)
//	RQ_BEGIN_REQUEST+post M1 =FINISH      its post-notification, returning FINISH_REQUEST
//	GL_PRE_BEGIN_REQUEST G1 =HANDLED      a global notification
//	call ResetConnection =S_OK            a call and its result: an HRESULT, or what a getter answered
//	send final 27 bytes flags=MORE_DATA   a send: final or not, its entity bytes, its flags
//	send final =dropped                   a send that never reached HTTP.sys; =S_OK for one that did
//	close reset                           how the connection ended
//
// Each word is read into the typed value it names (iis.ParseNotification,
// iis.ParseHRESULT, httpsys.ParseSendFlags, httpsys.ParseCloseKind, …) and
// compared with the event's field; a word that names nothing is an error
// of the pattern, not a pattern that never matches.
type EventPattern string

// statusWords are the short status words of patterns and FormatEvent.
var statusWords = map[string]iis.RequestNotificationStatus{
	"CONTINUE": iis.StatusContinue,
	"FINISH":   iis.StatusFinishRequest,
	"PENDING":  iis.StatusPending,
}

// eventCheck is a pattern read into checks on typed event fields.
type eventCheck struct {
	pattern EventPattern
	checks  []func(iis.Event) bool
}

func (c *eventCheck) add(f func(iis.Event) bool) { c.checks = append(c.checks, f) }

// match reports whether e passes every check.
func (c *eventCheck) match(e iis.Event) bool {
	for _, f := range c.checks {
		if !f(e) {
			return false
		}
	}
	return true
}

// known reports whether field (a JSON name of iis.Event.Unread) holds a
// typed value: false only for an event of a foreign trace whose text this
// package could not read, which no pattern matches.
func known(e iis.Event, field string) bool {
	_, unread := e.Unread[field]
	return !unread
}

// compile reads the pattern's words into checks.
func (p EventPattern) compile() (*eventCheck, error) {
	c := &eventCheck{pattern: p}
	bad := func(format string, a ...any) (*eventCheck, error) {
		return nil, fmt.Errorf("event pattern %q: %s", string(p), fmt.Sprintf(format, a...))
	}
	module := func(tok string) { c.add(func(e iis.Event) bool { return e.Module == tok }) }
	f := strings.Fields(string(p))
	switch {
	case len(f) == 0:
		return bad("empty")
	case strings.HasPrefix(f[0], "GL_"):
		g, ok := iis.ParseGlobalNotification(f[0])
		if !ok {
			return bad("no global notification %s", f[0])
		}
		c.add(func(e iis.Event) bool { return e.Kind == iis.EventNotification && e.Global == g })
		for _, tok := range f[1:] {
			s, isStatus := strings.CutPrefix(tok, "=")
			if !isStatus {
				module(tok)
				continue
			}
			st, ok := iis.ParseGlobalStatus("GL_NOTIFICATION_" + s)
			if !ok {
				if st, ok = iis.ParseGlobalStatus(s); !ok {
					return bad("no global status %s", s)
				}
			}
			c.add(func(e iis.Event) bool { return e.GlobalStatus == st })
		}
	case strings.HasPrefix(f[0], "RQ_"):
		name, post := strings.CutSuffix(f[0], "+post")
		n, ok := iis.ParseNotification(name)
		if !ok {
			return bad("no notification %s", name)
		}
		c.add(func(e iis.Event) bool {
			return e.Kind == iis.EventNotification && e.Notification == n && e.Post == post
		})
		for _, tok := range f[1:] {
			s, isStatus := strings.CutPrefix(tok, "=")
			if !isStatus {
				module(tok)
				continue
			}
			st, ok := statusWords[s]
			if !ok {
				if st, ok = iis.ParseStatus(s); !ok {
					return bad("no status %s", s)
				}
			}
			c.add(func(e iis.Event) bool { return e.Status == st })
		}
	case f[0] == "call":
		if len(f) < 2 {
			return bad("no method")
		}
		c.add(func(e iis.Event) bool { return e.Kind == iis.EventCall && e.Method == f[1] })
		// The result is everything after " =": a getter's answer may hold
		// spaces.
		if _, result, ok := strings.Cut(string(p), " ="); ok {
			hr, isHR := iis.ParseHRESULT(result)
			c.add(func(e iis.Event) bool {
				if e.Answer != "" {
					return e.Answer == result
				}
				return isHR && known(e, "result") && e.Result == hr
			})
		}
	case f[0] == "send":
		c.add(func(e iis.Event) bool { return e.Kind == iis.EventSend })
		for i := 1; i < len(f); i++ {
			tok := f[i]
			if n, err := strconv.Atoi(tok); err == nil && i+1 < len(f) && f[i+1] == "bytes" {
				c.add(func(e iis.Event) bool { return e.Bytes == n })
				i++
				continue
			}
			if s, ok := strings.CutPrefix(tok, "flags="); ok {
				flags, ok := httpsys.ParseSendFlags(s)
				if !ok {
					return bad("no send flags %s", s)
				}
				c.add(func(e iis.Event) bool { return known(e, "flags") && e.Flags == flags })
				continue
			}
			s, isResult := strings.CutPrefix(tok, "=")
			switch {
			case tok == "final":
				c.add(func(e iis.Event) bool { return e.Final })
			case s == "dropped":
				c.add(func(e iis.Event) bool { return e.Dropped })
			case isResult:
				hr, ok := iis.ParseHRESULT(s)
				if !ok {
					return bad("no HRESULT %s", s)
				}
				c.add(func(e iis.Event) bool { return !e.Dropped && known(e, "result") && e.Result == hr })
			default:
				return bad("a send has no %q", tok)
			}
		}
	case f[0] == "close":
		c.add(func(e iis.Event) bool { return e.Kind == iis.EventClose })
		if len(f) > 2 {
			return bad("one close kind at most")
		}
		if len(f) == 2 {
			k, ok := httpsys.ParseCloseKind(f[1])
			if !ok {
				return bad("no close kind %s", f[1])
			}
			c.add(func(e iis.Event) bool { return known(e, "kind") && e.CloseKind == k })
		}
	default:
		return bad("no event starts with %q", f[0])
	}
	return c, nil
}

// compilePatterns reads every pattern, or says which is wrong.
func compilePatterns(patterns []EventPattern) ([]*eventCheck, error) {
	out := make([]*eventCheck, len(patterns))
	for i, p := range patterns {
		c, err := p.compile()
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
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
		return s + " =" + e.ResultText()
	case iis.EventSend:
		fin := ""
		if e.Final {
			fin = " final"
		}
		return fmt.Sprintf("send%s %d bytes flags=%s =%s", fin, e.Bytes, e.FlagsText(), e.ResultText())
	case iis.EventClose:
		return "close " + e.CloseText()
	}
	return string(e.Kind)
}

func shortStatus(s iis.RequestNotificationStatus) string {
	for short, st := range statusWords {
		if st == s {
			return short
		}
	}
	return s.String()
}
