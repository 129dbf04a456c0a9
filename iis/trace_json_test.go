package iis_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/iis"
)

// traceGolden pairs events with the JSON the trace endpoint has always
// written for them (fixtures/PROTOCOL.md, section 3): typed fields must
// not change a byte of it.
var traceGolden = []struct {
	e    iis.Event
	json string
}{
	{iis.Event{Seq: 1, Kind: iis.EventNotification, Notification: iis.RQ_BEGIN_REQUEST, Module: "M", Status: iis.StatusFinishRequest},
		`{"event":"notification","module":"M","notification":"RQ_BEGIN_REQUEST","post":false,"seq":1,"status":"RQ_NOTIFICATION_FINISH_REQUEST"}`},
	{iis.Event{Seq: 2, Kind: iis.EventNotification, Notification: iis.RQ_SEND_RESPONSE, Depth: 1, Module: "N", Status: iis.StatusContinue},
		`{"depth":1,"event":"notification","module":"N","notification":"RQ_SEND_RESPONSE","post":false,"seq":2,"status":"RQ_NOTIFICATION_CONTINUE"}`},
	{iis.Event{Seq: 3, Kind: iis.EventCall, Notification: iis.RQ_BEGIN_REQUEST, Module: "M", Method: "WriteEntityChunks", Args: "1 chunk(s), 6 bytes", Result: iis.S_OK},
		`{"args":"1 chunk(s), 6 bytes","event":"call","method":"WriteEntityChunks","module":"M","notification":"RQ_BEGIN_REQUEST","result":"S_OK","seq":3}`},
	{iis.Event{Seq: 4, Kind: iis.EventCall, Module: "M", Method: "Flush", Result: iis.HRESULT_FROM_WIN32(httpsys.ErrorNetnameDeleted)},
		`{"event":"call","method":"Flush","module":"M","result":"HRESULT_FROM_WIN32(ERROR_NETNAME_DELETED)","seq":4}`},
	{iis.Event{Seq: 5, Kind: iis.EventCall, Module: "M", Method: "IsConnected", Answer: "FALSE"},
		`{"event":"call","method":"IsConnected","module":"M","result":"FALSE","seq":5}`},
	{iis.Event{Seq: 6, Kind: iis.EventSend, Bytes: 27, Flags: httpsys.SendDisconnect | httpsys.SendBufferData, Final: true, Result: iis.S_OK},
		`{"bytes":27,"event":"send","final":true,"flags":"DISCONNECT|BUFFER_DATA","result":"S_OK","seq":6}`},
	{iis.Event{Seq: 7, Kind: iis.EventSend, Bytes: 6, Final: true, Dropped: true},
		`{"bytes":6,"event":"send","final":true,"flags":"0","result":"dropped: connection reset","seq":7}`},
	{iis.Event{Seq: 8, Kind: iis.EventClose, CloseKind: httpsys.Reset},
		`{"event":"close","kind":"reset","seq":8}`},
}

// TestEventJSONIsUnchanged: each event writes the JSON it always has, and
// reads back as the same event.
func TestEventJSONIsUnchanged(t *testing.T) {
	for _, g := range traceGolden {
		b, err := json.Marshal(g.e)
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != g.json {
			t.Errorf("event %d:\n got %s\nwant %s", g.e.Seq, b, g.json)
		}
		var back iis.Event
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("event %d: %v", g.e.Seq, err)
		}
		if !reflect.DeepEqual(back, g.e) {
			t.Errorf("event %d read back:\n got %+v\nwant %+v", g.e.Seq, back, g.e)
		}
	}
}

// TestEventJSONRefusesUnknownSteps: an event kind, notification or status
// the emulator does not know makes the trace unreadable.
func TestEventJSONRefusesUnknownSteps(t *testing.T) {
	for _, bad := range []string{`{"event":"dance"}`, `{"event":"notification","notification":"RQ_NOPE","status":"RQ_NOTIFICATION_CONTINUE"}`,
		`{"event":"notification","notification":"RQ_BEGIN_REQUEST","status":"MAYBE"}`} {
		var e iis.Event
		if err := json.Unmarshal([]byte(bad), &e); err == nil {
			t.Errorf("%s: accepted", bad)
		}
	}
}

// TestEventJSONKeepsWhatItCannotRead: a result, flags or close kind
// another host wrote that names nothing here does not fail the trace. The
// text is kept in Unread and written back as it came; the typed field
// stays zero; a call's result that is no HRESULT is a getter's answer.
func TestEventJSONKeepsWhatItCannotRead(t *testing.T) {
	foreign := []string{
		`{"event":"send","seq":1,"bytes":3,"final":false,"flags":"MORE_DATA|FAST","result":"queued"}`,
		`{"event":"close","seq":2,"kind":"aborted"}`,
		`{"event":"call","seq":3,"method":"GetHeader","module":"M","result":"HRESULT_FROM_WIN32(ERROR_NOPE)"}`,
		`{"event":"call","seq":4,"method":"GetHeader","module":"M","result":""}`,
	}
	var ev []iis.Event
	if err := json.Unmarshal([]byte("["+strings.Join(foreign, ",")+"]"), &ev); err != nil {
		t.Fatalf("the trace was refused: %v", err)
	}
	want := []iis.Event{
		{Seq: 1, Kind: iis.EventSend, Bytes: 3, Unread: map[string]string{"flags": "MORE_DATA|FAST", "result": "queued"}},
		{Seq: 2, Kind: iis.EventClose, Unread: map[string]string{"kind": "aborted"}},
		{Seq: 3, Kind: iis.EventCall, Method: "GetHeader", Module: "M", Answer: "HRESULT_FROM_WIN32(ERROR_NOPE)"},
		{Seq: 4, Kind: iis.EventCall, Method: "GetHeader", Module: "M", Unread: map[string]string{"result": ""}},
	}
	if !reflect.DeepEqual(ev, want) {
		t.Fatalf("read\n got %+v\nwant %+v", ev, want)
	}
	if got := ev[0].FlagsText() + " " + ev[0].ResultText() + " " + ev[1].CloseText(); got != "MORE_DATA|FAST queued aborted" {
		t.Errorf("texts %q", got)
	}
	for i, e := range ev {
		b, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		var got, in map[string]any
		if json.Unmarshal(b, &got) != nil || json.Unmarshal([]byte(foreign[i]), &in) != nil || !reflect.DeepEqual(got, in) {
			t.Errorf("%s written back as %s", foreign[i], b)
		}
	}
}
