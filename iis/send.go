package iis

import "github.com/iisemu/iisemu/httpsys"

// The send machinery: every Flush, automatic flush and the final send goes
// through send, which fires RQ_SEND_RESPONSE (PIPE-6) and hands the
// response to HTTP.sys with its flags.

// send hands the buffered response to HTTP.sys: one real send. It runs
// RQ_SEND_RESPONSE first (PIPE-6), whose modules may still change the
// response and the send flags.
func (r *httpResponse) send(final bool) HRESULT {
	c := r.ctx
	flags := httpsys.SendFlags(0)
	if !final {
		flags = httpsys.SendMoreData
	}
	if final && r.needDisconnect {
		flags |= httpsys.SendDisconnect
		if !c.decisions.NeedDisconnectClosesOrderly {
			c.sys.ResetAfterFinalSend() // ND-2: the page's "resets the socket"
		}
	}
	r.addDefaultServer()
	if !r.reset || c.decisions.SendResponseFiresAfterReset {
		p := &r.sendProvider // one send at a time: inSend keeps a second from starting
		*p = sendResponseProvider{ctx: c, flags: flags, headersBeingSent: !r.headersSent && !r.suppressed, readyToLog: final}
		r.inSend = true
		c.notifySendResponse(p)
		r.inSend = false
		flags = p.flags
	}
	entity := r.entity
	n := r.entityLen
	r.entity, r.entityLen = nil, 0
	defer r.sent() // HTTP.sys has copied the entity by then
	ev := c.beginSend(n, flags, final)
	if r.reset {
		c.dropSend(ev)
		return S_OK
	}
	var err error
	if !r.headersSent {
		resp := &r.sysResponse
		*resp = httpsys.Response{StatusCode: int(r.status.Code), Reason: r.status.Reason, Headers: r.headers, NoHead: r.suppressed,
			ServerAsGiven: true} // SYS-SEND-2: IIS's Server goes out alone
		if flags&httpsys.SendMoreData != 0 && r.getHeader("Content-Length") == "" &&
			r.getHeader("Transfer-Encoding") == "" && c.request.raw.Version == "HTTP/1.1" {
			// FL-2: a response flushed before it is complete, with no
			// Content-Length, is sent chunked.
			resp.Headers = append(append([]httpsys.Header(nil), r.headers...),
				httpsys.Header{Name: "Transfer-Encoding", Value: "chunked"})
		}
		r.headersSent = true
		err = c.sys.SendResponse(resp, entity, flags)
	} else {
		err = c.sys.SendEntityBody(entity, flags)
	}
	hr := hrFromErr(err)
	c.endSend(ev, hr)
	return hr
}

// notifySendResponse runs RQ_SEND_RESPONSE for one send (PIPE-6), in its
// reversed order (PIPE-3), through notifyUnordered.
func (c *httpContext) notifySendResponse(p *sendResponseProvider) {
	c.notifyUnordered(RQ_SEND_RESPONSE, p)
}

// ISendResponseProvider is the provider of RQ_SEND_RESPONSE
// (iis:isendresponseprovider-interface).
type ISendResponseProvider interface {
	IHttpEventProvider
	// GetFlags returns the HTTP_SEND_RESPONSE_FLAG_* of this send.
	GetFlags() httpsys.SendFlags
	// SetFlags replaces them.
	SetFlags(httpsys.SendFlags)
	// GetHeadersBeingSent reports whether this send carries the headers.
	GetHeadersBeingSent() bool
	// GetReadyToLogData is TRUE on the final send: the request is done and
	// its log data is ready (PIPE-7).
	GetReadyToLogData() bool
	// GetLogData returns the request's log fields, or nil (LOG-DATA-1).
	GetLogData() *LogFieldsData
	// SetLogData makes IIS log these fields (LOG-DATA-1).
	SetLogData(data *LogFieldsData) HRESULT
}

// sendResponseProvider is ISendResponseProvider for one send.
type sendResponseProvider struct {
	ctx              *httpContext
	flags            httpsys.SendFlags
	headersBeingSent bool
	readyToLog       bool
	errorStatus      HRESULT
}

func (p *sendResponseProvider) GetFlags() httpsys.SendFlags  { return p.flags }
func (p *sendResponseProvider) SetFlags(f httpsys.SendFlags) { p.flags = f }
func (p *sendResponseProvider) GetHeadersBeingSent() bool    { return p.headersBeingSent }
func (p *sendResponseProvider) GetReadyToLogData() bool      { return p.readyToLog }
func (p *sendResponseProvider) SetErrorStatus(hr HRESULT)    { p.errorStatus = hr }

var _ ISendResponseProvider = (*sendResponseProvider)(nil)
