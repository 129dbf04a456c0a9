package iis

import (
	"fmt"
	"github.com/iisemu/iisemu/httpsys"
)

// WriteEntityChunks copies the chunks into the response buffer (BUF-3).
// With buffering off, or once the buffer reaches the application's
// responseBufferLimit, it flushes by itself. After ResetConnection it still
// returns S_OK, and nothing reaches the client (RC-2).
func (r *httpResponse) WriteEntityChunks(chunks []DataChunk, async, moreData bool) (uint32, bool, HRESULT) {
	var taken uint32
	hr := S_OK
	switch {
	case chunks == nil:
		hr = hrInvalidParameter // BUF-4
	case r.chunks+len(chunks) > maxChunksPerResponse:
		hr = hrArithmeticOverflow // BUF-4
	default:
		for _, c := range chunks {
			if c.DataChunkType != HttpDataChunkFromMemory {
				hr = hrNotSupported
				break
			}
		}
	}
	if hr == S_OK && r.reset && r.ctx.faults.WriteAfterResetFails {
		hr = HRESULT_FROM_WIN32(httpsys.ErrorConnectionInvalid) // self-check fault
	}
	if hr == S_OK {
		r.chunks += len(chunks)
		for _, c := range chunks {
			if len(c.FromMemory) == 0 {
				continue
			}
			r.entity = append(r.entity, append([]byte(nil), c.FromMemory...))
			r.entityLen += len(c.FromMemory)
			taken += uint32(len(c.FromMemory))
		}
	}
	r.ctx.callf("WriteEntityChunks", hr, int(taken), func() string {
		return fmt.Sprintf("%d chunk(s), %d bytes", len(chunks), taken)
	})
	if hr == S_OK && !r.inSend && !r.reset && (!r.buffering || r.entityLen >= r.ctx.app.responseBufferLimit()) {
		// Inside RQ_SEND_RESPONSE, writes join the send under way (BUF-2).
		hr = r.send(false)
	}
	if async && hr == S_OK {
		r.ctx.completeAsync(taken, hr)
		return taken, true, hr
	}
	return taken, false, hr
}

// Flush sends the status line, headers and buffered entity now (FL-1). It
// fires RQ_SEND_RESPONSE (PIPE-6). After ResetConnection it returns S_OK and
// sends nothing (RC-6). Called from inside OnSendResponse it does nothing:
// the send under way carries the data (INFER, SR-NEST-1).
func (r *httpResponse) Flush(async, moreData bool) (uint32, bool, HRESULT) {
	n := r.entityLen
	hr := S_OK
	switch {
	case r.reset:
		// RC-6: nothing is sent, so no RQ_SEND_RESPONSE either (PIPE-6).
		r.entity, r.entityLen, n = r.entity[:0], 0, 0
	case !r.inSend:
		hr = r.send(false)
	}
	r.ctx.call("Flush", "", hr, n)
	if async && hr == S_OK {
		r.ctx.completeAsync(uint32(n), hr)
		return uint32(n), true, hr
	}
	return uint32(n), false, hr
}

// SetNeedDisconnect asks that the connection close after the response
// (ND-1); the close is orderly (ND-2, INFER).
func (r *httpResponse) SetNeedDisconnect() {
	r.needDisconnect = true
	r.ctx.call("SetNeedDisconnect", "", S_OK, 0)
}

// ResetConnection resets the client's socket at once (RC-1): HTTP.sys
// cancels the request, the client gets RST, and nothing buffered is sent.
func (r *httpResponse) ResetConnection() {
	r.ctx.call("ResetConnection", "", S_OK, 0)
	r.resetConnection()
}

// CloseConnection "closes the connection and sends a reset packet" (RC-8):
// observably the same as ResetConnection (INFER).
func (r *httpResponse) CloseConnection() {
	r.ctx.call("CloseConnection", "", S_OK, 0)
	r.resetConnection()
}

func (r *httpResponse) resetConnection() {
	if r.reset {
		return
	}
	r.reset = true
	r.entity, r.entityLen = r.entity[:0], 0
	if r.ctx.faults.ResetIsOrderly {
		// Self-check fault: a wrong emulation that closes politely.
		r.needDisconnect = true
		r.reset = false
		return
	}
	r.ctx.sys.Cancel() // SYS-CANCEL-1: RST now
}

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
	}
	if !r.reset || c.decisions.SendResponseFiresAfterReset {
		p := &sendResponseProvider{flags: flags, headersBeingSent: !r.headersSent && !r.suppressed, readyToLog: final}
		r.inSend = true
		c.notifySendResponse(p)
		r.inSend = false
		flags = p.flags
	}
	entity := r.entity
	n := r.entityLen
	r.entity, r.entityLen = nil, 0
	ev := c.beginSend(n, flags, final)
	if r.reset {
		c.dropSend(ev)
		return S_OK
	}
	var err error
	if !r.headersSent {
		resp := &httpsys.Response{StatusCode: int(r.status.Code), Reason: r.status.Reason, Headers: r.headers, NoHead: r.suppressed}
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

// sendResponseProvider is ISendResponseProvider for one send.
type sendResponseProvider struct {
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
