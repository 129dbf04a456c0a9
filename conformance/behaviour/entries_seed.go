package behaviour

// seedEntries: resetting, disconnecting and reading the request.
var seedEntries = []Entry{
	{ID: "RC-1", Provenance: DOC, Source: iisRef + "ihttpresponse-resetconnection-method",
		Statement: "ResetConnection resets the client's socket at once: the client gets none of the buffered response and sees a TCP reset, not an orderly close."},
	{ID: "RC-2", Provenance: DOC, Source: iisRef + "ihttpresponse-resetconnection-method",
		Statement: "WriteEntityChunks after ResetConnection still returns S_OK, and nothing written before or after the reset reaches the client."},
	{ID: "RC-3", Provenance: DOC, Source: iisRef + "ihttpresponse-resetconnection-method",
		Statement: "Unless the module returns RQ_NOTIFICATION_FINISH_REQUEST after ResetConnection, the remaining modules and notifications still run with the client gone."},
	{ID: "RC-4", Provenance: DOC, Source: iisRef + "ihttpresponse-resetconnection-method",
		Statement: "Returning RQ_NOTIFICATION_FINISH_REQUEST after ResetConnection ends request-level processing."},
	{ID: "RC-5", Provenance: DOC, Source: iisRef + "ihttpresponse-resetconnection-method",
		Statement: "The ResetConnection sample (OnSendResponse: Clear, text/plain, write, reset, write, FINISH_REQUEST) delivers no text at all."},
	{ID: "RC-6", Provenance: INFER, Source: iisRef + "ihttpresponse-resetconnection-method",
		Statement: "After a reset IsConnected is FALSE, Flush returns S_OK and sends nothing, and the connection never carries another request.",
		Reasoning: "The ResetConnection page says the socket is reset at once and that a later WriteEntityChunks still succeeds (RC-2); " +
			"it says nothing of IsConnected, Flush or the connection's next request. No client is left behind a reset socket, so " +
			"IsConnected is FALSE; Flush succeeds without sending, as WriteEntityChunks does; and a reset TCP connection cannot " +
			"carry another request."},
	{ID: "RC-7", Provenance: EVID, Source: evFlushThenAbort.Address,
		Statement: "Bytes flushed before the reset reach the client, which then sees the end of the connection; a chunked response lacks its last chunk.",
		Evidence:  []Evidence{evFlushThenAbort},
		Reasoning: "The test shows the flushed chunk arriving and the connection ending without a last chunk; that the end is a reset is RC-1's (DOC)."},
	{ID: "RC-8", Provenance: DOC, Source: iisRef + "ihttpresponse-closeconnection-method",
		Statement: "CloseConnection closes the connection with a reset packet; observably the same as ResetConnection (INFER).",
		Reasoning: "The page says CloseConnection closes the connection and sends a reset packet, as ResetConnection resets the socket; " +
			"the page names no other difference a client could see, so the emulator treats the two alike."},
	{ID: "ND-1", Provenance: DOC, Source: iisRef + "ihttpresponse-setneeddisconnect-method",
		Statement: "SetNeedDisconnect asks for the socket to be disconnected once the server has finished the current request."},
	{ID: "ND-2", Provenance: INFER, Source: iisRef + "ihttpresponse-setneeddisconnect-method",
		Statement: "SetNeedDisconnect delivers the full response with Connection: close, then closes in an orderly way (FIN); no further request on the connection is served (Decisions.NeedDisconnectClosesOrderly; FALSE resets after the complete response instead).",
		Reasoning: "The method's summary and CancelIo's remarks say the socket is reset after the response is complete. The " +
			"emulator closes with FIN by default because the method's remarks ask only that the socket be disconnected " +
			"after processing, IIS most plausibly ends the final send with HTTP.sys's DISCONNECT flag, and a reset may make " +
			"the client's TCP discard the response the page promises (RFC 9293 section 3.10.7.4). The other reading is the " +
			"switch."},
	{ID: "ND-3", Provenance: INFER, Source: iisRef + "ihttpcontext-cancelio-method",
		Statement: "ResetConnection acts immediately and the client loses the response; SetNeedDisconnect acts only after the response is complete, and the client gets all of it.",
		Reasoning: "CancelIo's remarks document the timing of the two (immediately, and after the response is complete); " +
			"that the client keeps the whole response after SetNeedDisconnect is the project's reading (ND-2): the pages " +
			"say when, not what the client keeps."},
	{ID: "DISC-1", Provenance: INFER, Source: ProjectDecision,
		Statement: "IsConnected turns FALSE once the client has reset or closed its side while a request is processed.",
		Reasoning: "IHttpConnection::IsConnected's page does not say when IIS notices that a client left. HTTP.sys owns the socket and " +
			"sees a reset or a FIN as soon as it arrives; the emulator reports the client gone from that moment, for a half-close " +
			"too, since a client that closed its side can no longer send a request."},
	{ID: "DISC-2", Provenance: DOC, Source: iisRef + "ihttpconnectionstoredcontext-notifydisconnect-method",
		Statement: "When the client disconnects, the connection's stored contexts are told through IHttpConnectionStoredContext::NotifyDisconnect."},
	{ID: "DISC-3", Provenance: INFER, Source: ProjectDecision,
		Statement: "After the client left, buffered writes still succeed; a write or flush that must reach the dead socket fails with ERROR_NETNAME_DELETED, IIS's usual client-disconnect status (a first send after a FIN may still be accepted, as TCP accepts it).",
		Reasoning: "No page gives the error of a send to a client that left. A buffered write touches no socket, so it cannot fail; " +
			"ERROR_NETNAME_DELETED (64) is the Win32 status IIS logs as sc-win32-status for requests whose client went away; " +
			"TCP accepts a first send after the peer's FIN and answers it with a reset, so only the next send fails."},
	{ID: "RQ-1", Provenance: DOC, Source: iisRef + "ihttprequest-interface",
		Statement: "IHttpRequest gives modules the request as HTTP.sys parsed it: the verb, the headers, the entity and how much of it is left."},
	{ID: "RB-1", Provenance: DOC, Source: iisRef + "ihttprequest-readentitybody-method",
		Statement: "ReadEntityBody returns ERROR_CONNECTION_INVALID when the request's byte count is wrong (the body ended short), and ERROR_HANDLE_EOF at the end."},
	{ID: "CIO-1", Provenance: DOC, Source: iisRef + "ihttpcontext-cancelio-method",
		Statement: "IHttpContext::CancelIo cancels pending I/O; it is neither a reset nor a disconnect."},
}
