package iis

import (
	"encoding/json"
	"fmt"
	"sync"
)

// EventKind says what a trace event records.
type EventKind string

const (
	EventNotification EventKind = "notification" // a module's handler ran
	EventCall         EventKind = "call"         // a module called an IIS method
	EventSend         EventKind = "send"         // the response went (or did not go) to HTTP.sys
	EventClose        EventKind = "close"        // how the connection ended for this request
)

// Event is one step of a request's trace. Which fields are set depends on
// Kind; MarshalJSON writes only those.
type Event struct {
	Seq  int
	Kind EventKind

	Notification RequestNotification // notification, call
	Global       GlobalNotification  // notification: a GL_* one instead
	GlobalStatus GlobalNotificationStatus
	Post         bool   // notification: the post-notification
	Depth        int    // notification: how many handlers it runs inside (RQ_SEND_RESPONSE during a flush: 1)
	Module       string // notification, call: the module
	Status       RequestNotificationStatus
	Method       string // call: the IIS method, e.g. "WriteEntityChunks"
	Args         string // call: a short rendering of the arguments
	Result       string // call: e.g. "S_OK"; send: S_OK, or why nothing was sent
	Bytes        int    // send: entity bytes; call: bytes taken
	Flags        string // send: HTTP_SEND_RESPONSE_FLAG_* names
	Final        bool   // send: the last send of the response
	CloseKind    string // close: "reset", "closed" or "open"
}

// MarshalJSON writes the fields of the event's kind: seq and event always;
// notification, post, module, status for a notification; method, module,
// args, result for a call; bytes, flags, final, result for a send; kind for
// a close.
func (e Event) MarshalJSON() ([]byte, error) {
	m := map[string]any{"seq": e.Seq, "event": e.Kind}
	switch e.Kind {
	case EventNotification:
		m["notification"] = e.Notification.String()
		m["post"] = e.Post
		m["module"] = e.Module
		m["status"] = e.Status.String()
		if e.Depth != 0 {
			m["depth"] = e.Depth
		}
		if e.Global != 0 {
			m["notification"] = e.Global.String()
			m["status"] = e.GlobalStatus.String()
		}
	case EventCall:
		m["method"] = e.Method
		m["module"] = e.Module
		if e.Notification != 0 {
			m["notification"] = e.Notification.String()
		}
		if e.Args != "" {
			m["args"] = e.Args
		}
		m["result"] = e.Result
	case EventSend:
		m["bytes"] = e.Bytes
		m["flags"] = e.Flags
		m["final"] = e.Final
		m["result"] = e.Result
	case EventClose:
		m["kind"] = e.CloseKind
	}
	return json.Marshal(m)
}

// UnmarshalJSON reads what MarshalJSON writes for request events, so a
// trace fetched from another host (the trace endpoint) can be checked like
// one recorded here. A notification or status name it does not know is an
// error; global notifications are not carried.
func (e *Event) UnmarshalJSON(b []byte) error {
	var w struct {
		Seq          int       `json:"seq"`
		Event        EventKind `json:"event"`
		Notification string    `json:"notification"`
		Post         bool      `json:"post"`
		Depth        int       `json:"depth"`
		Module       string    `json:"module"`
		Status       string    `json:"status"`
		Method       string    `json:"method"`
		Args         string    `json:"args"`
		Result       string    `json:"result"`
		Bytes        int       `json:"bytes"`
		Flags        string    `json:"flags"`
		Final        bool      `json:"final"`
		Kind         string    `json:"kind"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*e = Event{Seq: w.Seq, Kind: w.Event, Post: w.Post, Depth: w.Depth, Module: w.Module, Method: w.Method,
		Args: w.Args, Result: w.Result, Bytes: w.Bytes, Flags: w.Flags, Final: w.Final, CloseKind: w.Kind}
	switch w.Event {
	case EventNotification, EventCall, EventSend, EventClose:
	default:
		return fmt.Errorf("trace event %d: unknown event %q", w.Seq, w.Event)
	}
	if w.Notification != "" {
		n, ok := ParseNotification(w.Notification)
		if !ok {
			return fmt.Errorf("trace event %d: unknown notification %q", w.Seq, w.Notification)
		}
		e.Notification = n
	}
	if w.Event == EventNotification {
		st, ok := ParseStatus(w.Status)
		if !ok {
			return fmt.Errorf("trace event %d: unknown status %q", w.Seq, w.Status)
		}
		e.Status = st
	}
	return nil
}

// Trace is the record of one request through the pipeline.
type Trace struct {
	RequestID uint64
	Remote    string // the client's address
	Method    string
	URL       string
	App       string // the application path that served it
	// Tag is what Options.TraceTag picked from the request's headers.
	Tag    string
	Events []Event
}

// tracer collects a request's events. A nil tracer records nothing, so
// tracing costs nothing when off.
type tracer struct {
	mu sync.Mutex
	t  Trace
}

func (tr *tracer) add(e Event) { tr.begin(e) }

func (tr *tracer) on() bool { return tr != nil }

// begin records e and returns its index, for finish; -1 when off.
func (tr *tracer) begin(e Event) int {
	if tr == nil {
		return -1
	}
	tr.mu.Lock()
	defer tr.mu.Unlock()
	e.Seq = len(tr.t.Events) + 1
	tr.t.Events = append(tr.t.Events, e)
	return len(tr.t.Events) - 1
}

// finish completes the event begin recorded: what a step returned is
// known only after what it caused, which keeps its place after it.
func (tr *tracer) finish(i int, f func(*Event)) {
	if tr == nil || i < 0 {
		return
	}
	tr.mu.Lock()
	f(&tr.t.Events[i])
	tr.mu.Unlock()
}
