package iis_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/iisemu/iisemu/iis"
)

// TestEventJSONRoundTrip: a request trace written as JSON reads back as the
// same events, as the trace endpoint's clients need.
func TestEventJSONRoundTrip(t *testing.T) {
	events := []iis.Event{
		{Seq: 1, Kind: iis.EventNotification, Notification: iis.RQ_BEGIN_REQUEST, Module: "M", Status: iis.StatusFinishRequest},
		{Seq: 2, Kind: iis.EventNotification, Notification: iis.RQ_SEND_RESPONSE, Post: false, Depth: 1, Module: "N", Status: iis.StatusContinue},
		{Seq: 3, Kind: iis.EventCall, Notification: iis.RQ_BEGIN_REQUEST, Module: "M", Method: "WriteEntityChunks", Args: "1 chunk(s), 6 bytes", Result: "S_OK"},
		{Seq: 4, Kind: iis.EventSend, Bytes: 6, Flags: "0", Final: true, Result: "dropped: connection reset"},
		{Seq: 5, Kind: iis.EventClose, CloseKind: "reset"},
	}
	b, err := json.Marshal(events)
	if err != nil {
		t.Fatal(err)
	}
	var back []iis.Event
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, events) {
		t.Fatalf("round trip:\n got %+v\nwant %+v", back, events)
	}
	for _, bad := range []string{`{"event":"dance"}`, `{"event":"notification","notification":"RQ_NOPE","status":"RQ_NOTIFICATION_CONTINUE"}`,
		`{"event":"notification","notification":"RQ_BEGIN_REQUEST","status":"MAYBE"}`} {
		var e iis.Event
		if err := json.Unmarshal([]byte(bad), &e); err == nil {
			t.Errorf("%s: accepted", bad)
		}
	}
}
