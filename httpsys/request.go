package httpsys

import (
	"errors"
	"io"
	"strings"
	"sync"
	"time"
)

// SendState is where a request's response stands. Transitions go through
// (*Request).setSendState, which refuses illegal ones.
type SendState int

const (
	SendNotStarted SendState = iota // nothing sent yet
	SendStreaming                   // headers sent, more entity to come (MORE_DATA)
	SendComplete                    // the final send is done
	SendCancelled                   // HttpCancelHttpRequest reset the connection
	SendFailed                      // the connection died under a send
)

var sendStateNames = [...]string{"not-started", "streaming", "complete", "cancelled", "failed"}

func (s SendState) String() string {
	if int(s) < len(sendStateNames) {
		return sendStateNames[s]
	}
	return "SendState(?)"
}

var sendTransitions = map[SendState][]SendState{
	SendNotStarted: {SendStreaming, SendComplete, SendCancelled, SendFailed},
	SendStreaming:  {SendStreaming, SendComplete, SendCancelled, SendFailed},
}

// Request is one received request: the Go form of an HTTP_REQUEST together
// with its HTTP_REQUEST_ID. Its methods are the HTTP Server API calls made
// on that ID. A Request belongs to its connection and is reused for the
// next request on it once its final send or cancel is done; do not use it
// after that.
type Request struct {
	Head RequestHead
	// ID is unique per server for the server's lifetime.
	ID uint64

	c        *conn
	body     bodyReader
	headerFn func(string) (string, bool) // r.Header, made once (HeaderFunc)

	mu         sync.Mutex // guards the fields below: sends may race Cancel
	state      SendState
	plan       sendPlan
	sent       int64 // entity bytes sent
	continued  bool  // "100 Continue" was sent
	onDone     DoneListener
	wireOut    int64   // bytes of this request's answer written to the socket
	taken      bool    // Receive handed it to the application
	expired    bool    // it waited in the queue past RequestQueue
	queueTimer Timer   // RequestQueue, while the request waits
	resetAfter bool    // ResetAfterFinalSend: RST, not FIN, after a closing final send
	zombie     *zombie // the client left before the response was complete

	firstByteAt time.Time // when the request's first byte was at hand
	lastSendAt  time.Time // when its final send, cancel or failure completed
}

// Timing reports when HTTP.sys had the request's first byte, before
// parsing it, and when its last send completed (or the request was
// cancelled, or its send failed): the two ends of IIS's time-taken
// (LOG-TT-1). Like BytesOnWire, call it before the final send returns
// control to the connection, or from the send's OnDone; last is zero
// before then.
func (r *Request) Timing() (first, last time.Time) {
	return r.firstByteAt, r.lastSendAt
}

// take marks the request as handed to the application, unless it already
// expired in the queue.
func (r *Request) take() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.expired {
		return false
	}
	r.taken = true
	if r.queueTimer != nil {
		r.queueTimer.Stop() // taken: the queue's timer no longer applies
		r.queueTimer = nil
	}
	return true
}

// expire marks a request still in the queue as expired.
func (r *Request) expire() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.taken {
		return false
	}
	r.expired = true
	return true
}

// BytesOnWire reports what this request moved on the connection so far:
// in, its head plus the body bytes read; out, the response bytes written
// to the socket (IIS's cs-bytes and sc-bytes). Call it before the final
// send returns control to the connection, or from the send's OnDone.
func (r *Request) BytesOnWire() (in, out int64) {
	return int64(len(r.Head.Raw)) + r.body.consumed, r.wireOut
}

// HeadSnapshot is a copy of the request head that outlives the request:
// one string holds the raw head, and every field is a substring of it.
type HeadSnapshot struct {
	Raw    string
	Method string
	Target string
	Fields []Header
}

// Snapshot copies the head with one allocation for the bytes and one for
// the field list.
func (r *Request) Snapshot() HeadSnapshot { return r.SnapshotInto(nil) }

// SnapshotInto is Snapshot with the fields appended to fields[:0], so a
// caller with room for them saves an allocation.
func (r *Request) SnapshotInto(fields []Header) HeadSnapshot {
	h := &r.Head
	raw := string(h.Raw)
	part := func(b []byte) string {
		i := cap(h.Raw) - cap(b) // b is a sub-slice of Raw
		return raw[i : i+len(b)]
	}
	s := HeadSnapshot{Raw: raw, Method: part(h.Method), Target: part(h.Target), Fields: fields[:0]}
	if s.Fields == nil {
		s.Fields = make([]Header, 0, len(h.Fields))
	}
	for _, f := range h.Fields {
		s.Fields = append(s.Fields, Header{Name: part(f.Name), Value: part(f.Value)})
	}
	return s
}

// Method returns the request method as a string.
func (r *Request) Method() string { return string(r.Head.Method) }

// URL returns the request target as sent.
func (r *Request) URL() string { return string(r.Head.Target) }

// Header returns the first value of the named request header, and whether
// it was present.
func (r *Request) Header(name string) (string, bool) {
	v := r.Head.Get(name)
	return string(v), v != nil
}

// HeaderFunc returns r.Header as a function value made once for the
// connection's life, where r.Header as a method value would allocate on
// every request. Call it from the goroutine handling the request.
func (r *Request) HeaderFunc() func(name string) (string, bool) {
	if r.headerFn == nil {
		r.headerFn = r.Header
	}
	return r.headerFn
}

// Proto returns "HTTP/1.1" or "HTTP/1.0".
func (r *Request) Proto() string {
	if r.Head.Minor == 0 {
		return "HTTP/1.0"
	}
	return "HTTP/1.1"
}

// RemoteAddr is the client's address.
func (r *Request) RemoteAddr() string { return r.c.remote }

// LocalAddr is the server's address.
func (r *Request) LocalAddr() string { return r.c.local }

// SendState returns where the response stands.
func (r *Request) SendState() SendState {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.state
}

// BytesSent is the count of entity bytes handed to the connection.
func (r *Request) BytesSent() int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.sent
}

func (r *Request) setSendState(to SendState) {
	for _, ok := range sendTransitions[r.state] {
		if ok == to {
			r.state = to
			return
		}
	}
	panic("httpsys: illegal send-state transition " + r.state.String() + " -> " + to.String())
}

// ReadEntityBody reads the request's entity, framing removed. It returns
// io.EOF at the end, as HttpReceiveRequestEntityBody returns
// ERROR_HANDLE_EOF. A client that resets or vanishes mid-body yields
// ERROR_CONNECTION_INVALID; so does a chunked body HTTP.sys cannot frame,
// which HTTP.sys answers with its own 400 (SYS-CHUNK-1). On a request
// with "Expect: 100-continue", the first read sends "100 Continue" unless
// a response has begun.
func (r *Request) ReadEntityBody(p []byte) (int, error) {
	r.mu.Lock()
	if r.Head.Expect100 && !r.continued && r.state == SendNotStarted && !r.body.done() {
		r.continued = true
		n, err := r.c.nc.Write([]byte("HTTP/1.1 100 Continue\r\n\r\n"))
		r.c.wrote(n)
		if err != nil {
			r.mu.Unlock()
			return 0, ErrorNetnameDeleted
		}
	}
	r.mu.Unlock()
	// SYS-TIME-1: EntityBody bounds the wait for each piece of the body.
	c := r.c
	c.nc.SetReadDeadline(c.s.clock.Now().Add(c.s.cfg.Timeouts.EntityBody))
	n, err := r.body.Read(p)
	c.nc.SetReadDeadline(time.Time{})
	switch {
	case err == nil, err == io.EOF:
		return n, err
	case isTimeout(err):
		// HTTP.sys gives up on the request: the connection is dropped.
		c.log(ReasonTimerEntityBody, 0)
		c.resetConn()
		return n, ErrorConnectionInvalid
	case errors.Is(err, ErrBadChunk):
		// SYS-CHUNK-1: HTTP.sys answers 400 itself and the read fails as
		// a disconnect.
		r.answerBadBody()
		return n, ErrorConnectionInvalid
	default:
		// The body ended short of its framing: the client reset or closed
		// mid-body. The ReadEntityBody page's ERROR_CONNECTION_INVALID is
		// "the byte count for the current request is incorrect" (RB-1).
		return n, ErrorConnectionInvalid
	}
}

// PeerState tells, without blocking, whether the client is still there
// (see Conn.PeerState).
func (r *Request) PeerState() CloseKind { return r.c.nc.PeerState() }

// WatchPeer calls f, once and from another goroutine, if the client
// resets or closes while this request is being processed. The watch ends
// when the request does; a client that sends more data ends it too.
func (r *Request) WatchPeer(f func(CloseKind)) {
	c := r.c
	if c.watchStop != nil {
		return
	}
	stop := make(chan struct{})
	c.watchStop, c.watchDone = stop, make(chan struct{})
	go func(done chan struct{}) {
		defer close(done)
		if k := c.nc.WaitPeer(stop); k != Open {
			if k == Reset {
				r.mu.Lock()
				r.clientGoneLocked() // SYS-LOG-5
				r.mu.Unlock()
			}
			f(k)
		}
	}(c.watchDone)
}

// ConnValue returns what SetConnValue stored on the request's connection:
// state that lives as long as the connection, across its requests.
func (r *Request) ConnValue() any { return r.c.value }

// SetConnValue stores v on the request's connection.
func (r *Request) SetConnValue(v any) { r.c.value = v }

// connHeader is what the Connection response header says.
type connHeader int

const (
	connHeaderNone connHeader = iota
	connHeaderClose
	connHeaderKeepAlive
)

// sendPlan is the framing decided when the response head is sent.
type sendPlan struct {
	framing    Framing
	length     int64 // Content-Length, when framing is content-length
	noBody     bool  // HEAD, 1xx, 204, 304: entity is dropped
	conn       connHeader
	closeAfter bool // the connection ends after this response
}

// planResponse decides framing and persistence for resp on this request.
// entityLen is the entity given with this call; final means no MORE_DATA.
func (r *Request) planResponse(resp *Response, entityLen int64, flags SendFlags) (sendPlan, error) {
	var p sendPlan
	if resp.NoHead {
		// Only entity bytes go out: nothing frames them but the close.
		p.framing, p.closeAfter = FramingClose, true
		return p, nil
	}
	if err := checkResponseHead(resp); err != nil {
		return p, err
	}
	final := flags&SendMoreData == 0
	p.noBody = !bodyAllowed(r.Head.Method, resp.StatusCode)
	cl, hasCL := resp.header("Content-Length")
	te, hasTE := resp.header("Transfer-Encoding")
	switch {
	case hasCL:
		n, ok := parseContentLength([]byte(strings.TrimSpace(cl)))
		if !ok {
			return p, ErrorInvalidParameter
		}
		p.framing, p.length = FramingContentLength, n
	case p.noBody:
		p.framing = FramingNone
		if string(r.Head.Method) == "HEAD" && final {
			p.framing, p.length = FramingContentLength, entityLen
		}
	case final && !(hasTE && equalFoldString(strings.TrimSpace(te), "chunked")):
		p.framing, p.length = FramingContentLength, entityLen
	case hasTE && equalFoldString(strings.TrimSpace(te), "chunked") && r.Head.Minor >= 1:
		p.framing = FramingChunked
	default:
		// SYS-DISC-1: neither Content-Length nor chunked framing, so the
		// end of the entity is the end of the connection.
		p.framing, p.closeAfter = FramingClose, true
	}
	if flags&SendDisconnect != 0 || !r.Head.KeepAlive {
		p.closeAfter = true
	}
	switch {
	case p.closeAfter:
		p.conn = connHeaderClose
	case r.Head.Minor == 0:
		p.conn = connHeaderKeepAlive
	}
	return p, nil
}

// SendResponse is HttpSendHttpResponse: it sends the status line and
// headers, and the entity chunks given. Without SendMoreData this is the
// final send. HTTP.sys adds Date, and Server when the response has none
// (SD-1) or its product after the application's Server (SYS-SEND-2). Chunked framing, when the response declares
// "Transfer-Encoding: chunked", is applied here to the plain entity bytes.
func (r *Request) SendResponse(resp *Response, entity [][]byte, flags SendFlags) error {
	if flags&SendOpaque != 0 && resp.StatusCode != 101 {
		// SYS-SEND-1: OPAQUE is for a 101 answer only; "ERROR_INVALID_PARAMETER
		// for all other HTTP response types" (HttpSendHttpResponse page).
		return ErrorInvalidParameter
	}
	if err := flags.validate(); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	switch r.state {
	case SendNotStarted:
	case SendCancelled:
		return ErrorConnectionInvalid
	case SendFailed:
		if flags&SendMoreData == 0 {
			r.completedLocked() // SYS-LOG-5: the final send came
		}
		return ErrorNetnameDeleted
	default:
		return ErrorInvalidParameter // the response head was already sent
	}
	var n int64
	for _, e := range entity {
		n += int64(len(e))
	}
	plan, err := r.planResponse(resp, n, flags)
	if err != nil {
		return err
	}
	r.plan = plan
	c := r.c
	if !resp.NoHead {
		c.out = appendResponseHead(c.out, resp, &plan, c.s.date.get(), c.s.cfg.serverOnResponses())
	}
	return r.sendEntityLocked(entity, flags)
}

// SendEntityBody is HttpSendResponseEntityBody: more entity after
// SendResponse with SendMoreData.
func (r *Request) SendEntityBody(entity [][]byte, flags SendFlags) error {
	if err := flags.validate(); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	switch r.state {
	case SendStreaming:
	case SendCancelled, SendComplete:
		return ErrorConnectionInvalid
	case SendFailed:
		if flags&SendMoreData == 0 {
			r.completedLocked() // SYS-LOG-5: the final send came
		}
		return ErrorNetnameDeleted
	default:
		return ErrorInvalidParameter // no response head yet
	}
	if flags&SendDisconnect != 0 {
		r.plan.closeAfter = true
	}
	return r.sendEntityLocked(entity, flags)
}

func (r *Request) sendEntityLocked(entity [][]byte, flags SendFlags) error {
	c := r.c
	final := flags&SendMoreData == 0
	p := &r.plan
	if !p.noBody {
		for _, e := range entity {
			if p.framing == FramingContentLength && r.sent+int64(len(e)) > p.length {
				return ErrorInvalidParameter // more entity than Content-Length announced
			}
			if p.framing == FramingChunked {
				c.out = appendChunk(c.out, e)
			} else {
				c.out = append(c.out, e...)
			}
			r.sent += int64(len(e))
		}
	}
	if final {
		switch {
		case p.framing == FramingChunked:
			c.out = append(c.out, lastChunk...)
		case p.framing == FramingContentLength && !p.noBody && r.sent < p.length:
			p.closeAfter = true // a short entity cannot leave the connection usable
		}
	}
	if !final && flags&SendBufferData != 0 {
		r.setSendState(SendStreaming) // held in c.out, coalesced with the next send
		return nil
	}
	err := c.write()
	switch {
	case err != nil:
		r.setSendState(SendFailed)
		r.clientGoneLocked() // SYS-LOG-5
		if final {
			r.completedLocked()
		}
		r.doneLocked(Reset)
		c.finish(dispositionFailed)
		return ErrorNetnameDeleted
	case final:
		r.setSendState(SendComplete)
		if p.closeAfter && r.resetAfter {
			r.doneLocked(Reset)
			c.finish(dispositionSentReset)
		} else if p.closeAfter {
			r.doneLocked(Closed)
			c.finish(dispositionClose)
		} else {
			r.doneLocked(Open)
			c.finish(dispositionKeepAlive)
		}
	default:
		r.setSendState(SendStreaming)
	}
	return nil
}

// ResetAfterFinalSend makes a final send that ends the connection (the
// DISCONNECT flag, or a response that cannot keep it) end it with a reset
// instead of the orderly close, once the whole response is written. HTTP.sys
// has no such flag; it serves IIS's SetNeedDisconnect read as the method
// page's "resets the socket after the response is complete" (ND-2).
func (r *Request) ResetAfterFinalSend() {
	r.mu.Lock()
	r.resetAfter = true
	r.mu.Unlock()
}

// Cancel is HttpCancelHttpRequest: it resets the request's connection at
// once. Once the final send has completed it fails with
// ERROR_CONNECTION_INVALID. Both are INFER (SYS-CANCEL-1): the page says
// only that the connection is closed; the catalogue gives the reasoning.
func (r *Request) Cancel() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.completedLocked() // SYS-LOG-5: cancelling is the application's last word too
	switch r.state {
	case SendComplete, SendCancelled, SendFailed:
		return ErrorConnectionInvalid
	}
	r.setSendState(SendCancelled)
	r.c.resetConn()
	r.doneLocked(Reset)
	r.c.finish(dispositionReset)
	return nil
}

// RemainingEntityBytes is what is left of a Content-Length body (0 for a
// chunked one, whose length is unknown).
func (r *Request) RemainingEntityBytes() int64 {
	if r.body.framing == FramingContentLength && r.body.err == nil {
		return r.body.remaining
	}
	return 0
}

// DoneListener hears, once, how a request left its connection.
type DoneListener interface {
	// RequestDone is called with Open or Closed after the final send (the
	// connection persists or closes in an orderly way), with Reset after
	// Cancel or a failed send. It runs inside the send or cancel call and
	// must not call back into the request.
	RequestDone(CloseKind)
}

// SetOnDone registers l for this request.
func (r *Request) SetOnDone(l DoneListener) {
	r.mu.Lock()
	r.onDone = l
	r.mu.Unlock()
}

func (r *Request) doneLocked(k CloseKind) {
	r.lastSendAt = r.c.s.clock.Now()
	if l := r.onDone; l != nil {
		r.onDone = nil
		l.RequestDone(k)
	}
}
