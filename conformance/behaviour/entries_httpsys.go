package behaviour

// httpsysEntries: the kernel side, HTTP.sys.
var httpsysEntries = []Entry{
	{ID: "SYS-KA-1", Provenance: EVID, Source: rfc9112 + "#section-9.3",
		Statement: "HTTP/1.1 connections persist by default; Connection: close, or HTTP/1.0 without keep-alive, ends the connection after the response; pipelined requests are answered in order.",
		Evidence:  []Evidence{evHTTP10KeepAlive, evHTTP10Close, evPipelined},
		Reasoning: "RFC 9112 section 9.3 sets the persistence rules; the tests show HTTP.sys following them. Two details are the " +
			"project's reading: the Connection: close header on the answer to an HTTP/1.0 request without keep-alive (the IIS " +
			"test sees the close but does not look for the header), and the Connection: keep-alive header the emulator puts " +
			"on a persisting HTTP/1.0 answer (the HTTP.sys test checks only that no close is announced)."},
	{ID: "SYS-DISC-1", Provenance: DOC, Source: winRef + "nf-http-httpsendhttpresponse",
		Statement: "The DISCONNECT send flag closes the connection in an orderly way after the response; a response framed by neither Content-Length nor chunking ends with the close.",
		Reasoning: "The page says the connection is disconnected after the response is sent; that the disconnection is orderly " +
			"(FIN after the last byte) is the project's reading, since a reset could destroy the response's tail " +
			"(RFC 9112 section 9.6)."},
	{ID: "SYS-CANCEL-1", Provenance: INFER, Source: winRef + "nf-http-httpcancelhttprequest",
		Statement: "HttpCancelHttpRequest closes the request's connection with a reset; after the last send it fails with ERROR_CONNECTION_INVALID.",
		Reasoning: "The page says only that the request's connection is closed, and lists no error but NO_ERROR. The emulator " +
			"resets it: cancelling abandons the response under way, and an orderly close would present a cut response as " +
			"complete to a client that reads until the end. ERROR_CONNECTION_INVALID is chosen by analogy with Wine's " +
			"test_v1_server and test_v1_entity_body (" + wineHTTPAPITests + "), which pass on Windows: HTTP.sys gives that " +
			"code to HttpSendHttpResponse for an unknown request and to HttpReceiveHttpRequest for one already answered. " +
			"No test found calls HttpCancelHttpRequest itself."},
	{ID: "SYS-DRAIN-1", Provenance: DOC, Source: winRef + "ns-http-http_timeout_limit_info",
		Statement: "On a persistent connection HTTP.sys drains an unread request body after the response so the next request can be read."},
	{ID: "SYS-ERR-1", Provenance: EVID, Source: winHTTP + "types-of-errors-logged-by-the-http-server-api",
		Statement: "HTTP.sys answers a request it cannot parse itself, then closes the connection in an orderly way; the application never sees it.",
		Evidence:  []Evidence{evBadRequest},
		Reasoning: "The page says that once the HTTP Server API has sent its error response it ends the connection; Wine's " +
			"test shows the end is orderly. That the application never receives the request is the project's reading: " +
			"HTTP.sys answers it itself, and a request it could not parse has no URL to route to a queue."},
	{ID: "SYS-ERR-2", Provenance: EVID, Source: evErrorPage.Address,
		Statement: "HTTP.sys's error page is a small us-ascii HTML 4.01 page with a title, an h2 heading and 'HTTP Error <code>. <text>'.",
		Evidence:  []Evidence{evErrorPage, evBadRequest},
		Reasoning: "No test of a real HTTP.sys that was found checks the page's body; the shape comes from the copy cited, and " +
			"Wine's test confirms the status line and Connection: close around it. Headings and texts the emulator uses for " +
			"other errors follow the same template; the README's decisions list those that are guesses."},
	{ID: "SYS-LIM-1", Provenance: DOC, Source: regRef,
		Statement: "HTTP.sys enforces its registry limits (MaxFieldLength, MaxRequestBytes, UrlSegmentMaxLength, …) with their documented defaults."},
	{ID: "SYS-TIME-1", Provenance: DOC, Source: winRef + "ns-http-http_timeout_limit_info",
		Statement: "HTTP.sys's timers (EntityBody, DrainEntityBody, RequestQueue, IdleConnection, HeaderWait, MinSendRate) have documented defaults."},
	{ID: "SYS-LOG-1", Provenance: DOC, Source: winHTTP + "types-of-errors-logged-by-the-http-server-api",
		Statement: "HTTP.sys logs the connections it ends itself in httperr*.log with a reason phrase."},
	{ID: "SYS-LOG-2", Provenance: DOC, Source: logRef,
		Statement: "IIS's request log is W3C extended format with status, substatus, Win32 status, bytes and time taken."},
}
