package behaviour

// responseEntries: IHttpResponse.
var responseEntries = []Entry{
	{ID: "BUF-1", Provenance: DOC, Source: iisRef + "ihttpresponse-disablebuffering-method",
		Statement: "Buffering is on by default: the response is built in memory and sent when the request ends."},
	{ID: "BUF-2", Provenance: DOC, Source: iisRef + "ihttpresponse-disablebuffering-method",
		Statement: "After DisableBuffering the client receives data as it is written; it does not turn buffering off inside OnSendResponse."},
	{ID: "BUF-3", Provenance: DOC, Source: iisRef + "ihttpresponse-writeentitychunks-method",
		Statement: "WriteEntityChunks copies chunks while buffering and flushes by itself when buffering is off or the buffer reaches responseBufferLimit (4,194,304 bytes by default)."},
	{ID: "BUF-4", Provenance: DOC, Source: iisRef + "ihttpresponse-writeentitychunks-method",
		Statement: "More than 65,535 chunks fail with ERROR_ARITHMETIC_OVERFLOW, a NULL chunk array with ERROR_INVALID_PARAMETER; pcbSent reports the bytes taken."},
	{ID: "BUF-5", Provenance: DOC, Source: iisRef + "ihttpresponse-writeentitychunkbyreference-method",
		Statement: "WriteEntityChunkByReference inserts a referenced chunk before (0) or after (-1) the buffered data."},
	{ID: "FL-1", Provenance: DOC, Source: iisRef + "ihttpresponse-flush-method",
		Statement: "Flush sends the status line, headers and buffered entity; afterwards Clear cannot change what the client got and Redirect does not redirect."},
	{ID: "FL-2", Provenance: EVID, Source: evFlushThenAbort.Address,
		Statement: "A response flushed before it is complete, without Content-Length, is sent chunked; one sent whole at the end carries Content-Length.",
		Evidence:  []Evidence{evFlushThenAbort},
		Reasoning: "The test shows the chunked framing of an early flush on IIS. That a response sent whole carries Content-Length is " +
			"the project's reading: when the whole entity is known at the send, its length is too, and RFC 9112 section 6.3 " +
			"makes Content-Length the way to frame it."},
	{ID: "CL-1", Provenance: DOC, Source: iisRef + "ihttpresponse-clear-method",
		Statement: "Clear empties the buffered entity and, per the method page's remarks, puts status and headers back to their defaults (scope INFER).",
		Reasoning: "The remarks say status and headers are cleared too but not what they become; the emulator restores the " +
			"defaults ClearHeaders restores (CL-2) and status 200 (Decisions.ClearResetsStatusAndHeaders)."},
	{ID: "CL-2", Provenance: DOC, Source: iisRef + "ihttpresponse-clearheaders-method",
		Statement: "ClearHeaders removes every response header and puts back the default set."},
	{ID: "HD-1", Provenance: DOC, Source: iisRef + "ihttpresponse-setheader-method",
		Statement: "SetHeader replaces with fReplace TRUE and appends with a comma otherwise; a NULL name is ERROR_INVALID_PARAMETER (the emulator gives it for an empty name, INFER), a value too long ERROR_INVALID_DATA.",
		Reasoning: "The page's example of ERROR_INVALID_PARAMETER is a name set to NULL, and its remarks say the name cannot be NULL. " +
			"Go has no NULL string, so the emulator takes the empty name for it. The page does not say whether a space follows " +
			"the comma; the emulator writes none (a,b)."},
	{ID: "HD-2", Provenance: DOC, Source: iisRef + "ihttpresponse-getheader-method",
		Statement: "GetHeader of an absent header returns an empty value; DeleteHeader succeeds whether or not the header exists."},
	{ID: "HD-3", Provenance: EVID, Source: evServerOverride.Address,
		Statement: "Server set through the HTTP_HEADER_ID overload with fReplace TRUE from a handler is the only product on the wire, because IIS's own Microsoft-IIS/10.0 joins the response only at the first send, before RQ_SEND_RESPONSE, when no module set Server (Decisions.DefaultServerHeaderAtSend); once a Server value exists, as in OnSendResponse where the page's sample runs, the overload appends to it even with fReplace TRUE. The by-name overload replaces.",
		Evidence:  []Evidence{evServerOverride},
		Documented: &Documented{Source: iisRef + "ihttpresponse-setheader-method",
			Says: "a Server value set through the HTTP_HEADER_ID overload is appended to the existing value"},
		Reasoning: "Both sources hold once IIS's default is added at the send: the page's sample sets Server in " +
			"OnSendResponse, where the default is present, and appends; ASP.NET Core's in-process server sets it from a " +
			"handler, before any default exists, and its test sees one product. When IIS adds its default is not " +
			"documented; the switch keeps the page's literal reading (the default present from the start)."},
	{ID: "HD-5", Provenance: INFER, Source: iisRef + "ihttpresponse-setheader-method",
		Statement: "SetHeader (both overloads), SetStatus's reason and Redirect's URL refuse text with CR, LF or NUL with ERROR_INVALID_PARAMETER and change nothing, so no module can split the response head (Redirect refuses an empty URL the same way: it has no Location to send); HTTP.sys's send refuses such a head the same way.",
		Reasoning: "The pages do not say what happens to a CR, LF or NUL in a header, reason or URL. Written to the wire they " +
			"would end the field and start another (response splitting), so the emulator refuses them, with " +
			"ERROR_INVALID_PARAMETER, one of the results SetHeader's page lists."},
	{ID: "HD-4", Provenance: INFER, Source: iisRef + "ihttpresponse-setheader-method",
		Statement: "SetHeader and SetStatus after the headers were sent return S_OK and change nothing on the wire.",
		Reasoning: "Neither SetHeader's nor SetStatus's page lists an error for a call made after the headers were sent. What is on " +
			"the wire cannot change, so the call can only succeed or fail; the emulator takes the pages' success path and lets a " +
			"module learn the headers are gone from GetResponseHeadersSent (CTX-HDRS-1)."},
	{ID: "ST-1", Provenance: DOC, Source: iisRef + "ihttpresponse-setstatus-method",
		Statement: "SetStatus records code, reason, substatus and error; GetStatus also tells which module set it and in which notification; a reason too long is ERROR_INVALID_DATA."},
	{ID: "RD-1", Provenance: DOC, Source: iisRef + "ihttpresponse-redirect-method",
		Statement: "Redirect sends a 302 with an absolute Location within the request's host, or with fResetStatusCode FALSE keeps the status and returns an HTML message that the page moved; it removes the data already in the response; after a flush it does nothing. Output written after the call is kept and follows the message.",
		Reasoning: "The page's note that Redirect does not clear the buffer unless the module returns FINISH_REQUEST is " +
			"read as being about output written after the call, since the same page says the data already in the " +
			"response is removed."},
	{ID: "RD-2", Provenance: INFER, Source: iisRef + "ihttpresponse-redirect-method",
		Statement: "Redirect's status line is 302 Redirect, with Content-Type text/html; charset=UTF-8 and IIS's Document Moved message as the entity; after a flush it returns S_OK and changes nothing.",
		Reasoning: "The page names no status text and no body. Public captures of IIS 7.5, 8.0 and 10 redirects carry " +
			"this Document Moved message with a Content-Length that matches it byte for byte; that they come from this " +
			"method, rather than another part of IIS, is the project's reading, and no test against a real IIS was found " +
			"to cite."},
	{ID: "SH-1", Provenance: DOC, Source: iisRef + "ihttpresponse-suppressheaders-method",
		Statement: "After SuppressHeaders status and headers stay readable by modules but only entity bytes are sent."},
	{ID: "SD-1", Provenance: EVID, Source: evServerOverride.Address,
		Statement: "IIS responses carry Server: Microsoft-IIS/10.0, or the application's value alone; HTTP.sys adds Server: Microsoft-HTTPAPI/2.0 to responses that carry no Server header, its own error answers among them (an application that uses HTTP.sys directly gets the product after its own value, SYS-SEND-2).",
		Evidence:  []Evidence{evServerOverride, evHTTPAPIDefault},
		Documented: &Documented{Source: winHTTP + "http-server-api-overview",
			Says: "HttpSendHttpResponse uses HTTP.sys's own product as the Server header by default; if the application gives a " +
				"Server header, that value comes first, followed by a space and HTTP.sys's product (the note still names " +
				"version 1.0)."},
		Reasoning: "Through IIS the client sees the application's Server value with nothing appended, against the page's " +
			"wording; the emulator follows the test. The tests cited do not show IIS's own value; Microsoft-IIS/10.0 is " +
			"IIS 10's product name and version, as the emulator presents it. For an application that uses HTTP.sys " +
			"directly no test shows the page's append false, so the emulator appends there (SYS-SEND-2)."},
	{ID: "ERR-DESC-1", Provenance: DOC, Source: iisRef + "ihttpresponse-seterrordescription-method",
		Statement: "SetErrorDescription stores a description that GetErrorDescription returns."},
	{ID: "KC-1", Provenance: DOC, Source: iisRef + "ihttpresponse-disablekernelcache-method",
		Statement: "After DisableKernelCache, GetKernelCacheEnabled is FALSE."},
}
