package iis

import (
	"encoding/json"
	"fmt"
	"sync"

	"github.com/iisemu/iisemu/httpsys"
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
	Method       string            // call: the IIS method, e.g. "WriteEntityChunks"
	Args         string            // call: a short rendering of the arguments
	Result       HRESULT           // call: what the method returned; send: what HTTP.sys's send returned
	Answer       string            // call: a getter's answer, the call's result in Result's place
	Dropped      bool              // send: nothing went to HTTP.sys, the connection being reset already
	Bytes        int               // send: entity bytes; call: bytes taken
	Flags        httpsys.SendFlags // send: the HTTP_SEND_RESPONSE_FLAG_* flags
	Final        bool              // send: the last send of the response
	CloseKind    httpsys.CloseKind // close: how the connection ended

	// Unread is set only on an event read from another host's trace: the
	// text of its "result", "flags" or "kind" (the JSON names) where that
	// text names no value of the field's type, say a close kind "aborted".
	// The typed field is then zero and means nothing: MarshalJSON,
	// ResultText, FlagsText and CloseText give the text back as the host
	// wrote it, and a check of that field never matches. A call's result
	// that names no HRESULT reads as its Answer instead (a getter may
	// answer any text), unless it is empty.
	Unread map[string]string
}

// droppedText is a dropped send's result in the trace.
const droppedText = "dropped: connection reset"

// ResultText is a call's or a send's result as the trace writes it: the
// answer, "dropped: connection reset", or the HRESULT's name.
func (e Event) ResultText() string {
	switch t, unread := e.Unread["result"]; {
	case unread:
		return t
	case e.Answer != "":
		return e.Answer
	case e.Dropped:
		return droppedText
	}
	return e.Result.String()
}

// FlagsText is a send's flags as the trace writes them, e.g. "MORE_DATA".
func (e Event) FlagsText() string {
	if t, unread := e.Unread["flags"]; unread {
		return t
	}
	return e.Flags.String()
}

// CloseText is a close's kind as the trace writes it: "reset", "closed"
// or "open".
func (e Event) CloseText() string {
	if t, unread := e.Unread["kind"]; unread {
		return t
	}
	return e.CloseKind.String()
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
		m["result"] = e.ResultText()
	case EventSend:
		m["bytes"] = e.Bytes
		m["flags"] = e.FlagsText()
		m["final"] = e.Final
		m["result"] = e.ResultText()
	case EventClose:
		m["kind"] = e.CloseText()
	}
	return json.Marshal(m)
}

// UnmarshalJSON reads what MarshalJSON writes for request events, so a
// trace fetched from another host (the trace endpoint) can be checked like
// one recorded here. A notification or status name it does not know is an
// error; a result, flags or kind it cannot read is kept as text in Unread;
// global notifications are not carried.
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
		Args: w.Args, Bytes: w.Bytes, Final: w.Final}
	switch w.Event {
	case EventNotification:
	case EventCall:
		e.readResult(w.Result)
	case EventSend:
		e.readResult(w.Result)
		if f, ok := httpsys.ParseSendFlags(w.Flags); ok {
			e.Flags = f
		} else {
			e.unread("flags", w.Flags)
		}
	case EventClose:
		if k, ok := httpsys.ParseCloseKind(w.Kind); ok {
			e.CloseKind = k
		} else {
			e.unread("kind", w.Kind)
		}
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

// readResult reads a call's or a send's result text: an HRESULT's name; a
// send's "dropped: connection reset"; any other call result is a getter's
// answer.
func (e *Event) readResult(t string) {
	if hr, ok := ParseHRESULT(t); ok {
		e.Result = hr
		return
	}
	switch {
	case e.Kind == EventSend && t == droppedText:
		e.Dropped = true
	case e.Kind == EventCall && t != "":
		e.Answer = t
	default:
		e.unread("result", t)
	}
}

func (e *Event) unread(field, text string) {
	if e.Unread == nil {
		e.Unread = map[string]string{}
	}
	e.Unread[field] = text
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
