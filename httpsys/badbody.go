package httpsys

// answerBadBody is HTTP.sys's answer to a chunked request body it cannot
// frame (SYS-CHUNK-1). The request already belongs to the application, but
// HTTP.sys ends it: while no response has begun it sends its own 400 error
// page (SYS-ERR-2) and closes the connection, as ASP.NET Core's IIS test
// ClientDisconnectTests.ReaderThrowsResetExceptionOnInvalidBody shows; once
// a response head is out it can only reset the connection (INFER). Either
// way the application's read fails as a disconnect and its later sends
// fail with ERROR_CONNECTION_INVALID.
func (r *Request) answerBadBody() {
	r.mu.Lock()
	defer r.mu.Unlock()
	c := r.c
	done := Closed
	switch r.state {
	case SendNotStarted:
		c.log(RejectBadRequest.LogReason, RejectBadRequest.Status)
		c.out = appendErrorResponse(c.out[:0], RejectBadRequest, c.s.date.get(), c.s.cfg.serverOnOwnAnswers())
		if c.write() != nil {
			c.resetConn()
			done = Reset
		}
	case SendStreaming:
		c.log(RejectBadRequest.LogReason, 0)
		c.out = c.out[:0]
		c.resetConn()
		done = Reset
	default:
		return // already ended
	}
	r.setSendState(SendCancelled)
	r.doneLocked(done)
	// The serve loop closes in an orderly way; after a reset that close
	// finds the socket gone and ends as a reset.
	c.finish(dispositionClose)
}
