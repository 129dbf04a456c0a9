package conformance

import (
	"strings"
	"testing"

	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/iis"
)

// TestEventPatternsCompareTypedValues: each pattern word is read into the
// field's type and compared with the event's value; a field a foreign
// trace wrote as unreadable text matches no word.
func TestEventPatternsCompareTypedValues(t *testing.T) {
	begin := iis.Event{Kind: iis.EventNotification, Notification: iis.RQ_BEGIN_REQUEST, Module: "M", Status: iis.StatusFinishRequest}
	post := iis.Event{Kind: iis.EventNotification, Notification: iis.RQ_BEGIN_REQUEST, Post: true, Module: "M"}
	global := iis.Event{Kind: iis.EventNotification, Global: iis.GL_PRE_BEGIN_REQUEST, Module: "G", GlobalStatus: iis.GlobalHandled}
	flush := iis.Event{Kind: iis.EventCall, Method: "Flush", Result: iis.HRESULT_FROM_WIN32(httpsys.ErrorNetnameDeleted)}
	getter := iis.Event{Kind: iis.EventCall, Method: "GetSendInfo", Answer: "flags=0 headers=TRUE"}
	sent := iis.Event{Kind: iis.EventSend, Bytes: 27, Flags: httpsys.SendDisconnect | httpsys.SendBufferData, Final: true}
	dropped := iis.Event{Kind: iis.EventSend, Final: true, Dropped: true}
	reset := iis.Event{Kind: iis.EventClose, CloseKind: httpsys.Reset}
	foreignClose := iis.Event{Kind: iis.EventClose, Unread: map[string]string{"kind": "aborted"}}
	foreignSend := iis.Event{Kind: iis.EventSend, Unread: map[string]string{"flags": "FAST", "result": "queued"}}
	cases := []struct {
		pattern EventPattern
		e       iis.Event
		want    bool
	}{
		{"RQ_BEGIN_REQUEST M", begin, true},
		{"RQ_BEGIN_REQUEST M =FINISH", begin, true},
		{"RQ_BEGIN_REQUEST M =RQ_NOTIFICATION_FINISH_REQUEST", begin, true},
		{"RQ_BEGIN_REQUEST M =CONTINUE", begin, false},
		{"RQ_BEGIN_REQUEST N", begin, false},
		{"RQ_BEGIN_REQUEST M", post, false},
		{"RQ_BEGIN_REQUEST+post M =CONTINUE", post, true},
		{"RQ_END_REQUEST M", begin, false},
		{"GL_PRE_BEGIN_REQUEST G =HANDLED", global, true},
		{"GL_PRE_BEGIN_REQUEST G =GL_NOTIFICATION_CONTINUE", global, false},
		{"call Flush", flush, true},
		{"call Flush =HRESULT_FROM_WIN32(ERROR_NETNAME_DELETED)", flush, true},
		{"call Flush =S_OK", flush, false},
		{"call GetSendInfo =flags=0 headers=TRUE", getter, true},
		{"call GetSendInfo =S_OK", getter, false},
		{"send final", sent, true},
		{"send final 27 bytes flags=DISCONNECT|BUFFER_DATA =S_OK", sent, true},
		{"send 26 bytes", sent, false},
		{"send flags=DISCONNECT", sent, false},
		{"send =dropped", sent, false},
		{"send final =dropped", dropped, true},
		{"send =S_OK", dropped, false},
		{"close", reset, true},
		{"close reset", reset, true},
		{"close closed", reset, false},
		{"close", foreignClose, true},
		{"close open", foreignClose, false},
		{"send flags=0", foreignSend, false},
		{"send =S_OK", foreignSend, false},
	}
	for _, c := range cases {
		check, err := c.pattern.compile()
		if err != nil {
			t.Errorf("%q: %v", c.pattern, err)
			continue
		}
		if got := check.match(c.e); got != c.want {
			t.Errorf("%q on %s: %t, want %t", c.pattern, FormatEvent(c.e), got, c.want)
		}
	}
}

// TestEventPatternsNameRealValues: a pattern word that names nothing is an
// error, and the matchers report it, instead of a check that can never
// pass.
func TestEventPatternsNameRealValues(t *testing.T) {
	for _, p := range []EventPattern{"", "RQ_BEGN_REQUEST M", "RQ_BEGIN_REQUEST M =FINSH", "GL_NOPE", "GL_PRE_BEGIN_REQUEST =NOPE",
		"call", "send =dropd", "send flags=FAST", "send quickly", "close aborted", "close reset now", "notify M"} {
		if _, err := p.compile(); err == nil {
			t.Errorf("%q: accepted", p)
		} else if !strings.Contains(err.Error(), "event pattern") {
			t.Errorf("%q: %v", p, err)
		}
	}
	if _, err := HaveEventsInOrder("close reset", "close aborted").Match([]iis.Event{}); err == nil {
		t.Error("HaveEventsInOrder took a pattern that names nothing")
	}
}
