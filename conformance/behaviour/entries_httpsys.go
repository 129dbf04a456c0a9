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
		Statement: "HTTP.sys logs in httperr*.log, with a reason phrase and once each, the connections it ends itself and those a client drops before its request reached the application.",
		Reasoning: "The page lists the phrases, not every case. The project's readings: a DrainEntityBody expiry is " +
			"Timer_EntityBody (the page has no drain phrase); a broken chunk met while draining is BadRequest; part of a " +
			"request followed by the client's FIN is Client_Reset, the page's phrase for a client that closes prematurely; " +
			"and a connection gets one entry, for its first cause. A client that leaves a request the application holds " +
			"is SYS-LOG-5's matter."},
	{ID: "SYS-LOG-2", Provenance: DOC, Source: logRef,
		Statement: "IIS's request log is W3C extended format with the fields logExtFileFlags selects, by default date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken in that order; BytesSent and BytesRecv add sc-bytes and cs-bytes before time-taken."},
	{ID: "SYS-CHUNK-1", Provenance: EVID, Source: evBadChunk.Address,
		Statement: "HTTP.sys reads a chunked request body as RFC 9112 section 7.1 says: well-formed chunk extensions are ignored and trailer fields after the last chunk are read and dropped; a chunk-size line outside the grammar (a size that is not hexadecimal, a bare LF, a control byte, text after the size that is not a ';' extension, an extension without a token name, a value that is neither token nor quoted-string), chunk data not followed by CRLF, or a trailer line that is not a field line is answered by HTTP.sys itself with its 400 page and a close while the request is the application's; ReadEntityBody fails as a disconnect (ERROR_CONNECTION_INVALID) and the application's own response never reaches the client.",
		Evidence:  []Evidence{evBadChunk},
		Reasoning: "RFC 9112 section 7.1.1 gives the chunk-ext grammar and no leniency; a parser that skips to the next CR " +
			"reads a bare LF differently from one that ends the line there, which is a request-smuggling vector. The IIS " +
			"test shows HTTP.sys's 400 for a size that is not hexadecimal; that every other breach of the grammar gets the " +
			"same answer, and the error code the application's read returns, are the project's reading."},
	{ID: "SYS-CHUNK-2", Provenance: INFER, Source: rfc9112 + "#section-7.1.1",
		Statement: "HTTP.sys bounds a chunk-size line, its extensions included, at 4,096 bytes: a longer one is answered as a malformed chunk (SYS-CHUNK-1).",
		Reasoning: "RFC 9112 section 7.1.1 asks a server to limit the length of the chunk extensions it receives and to answer " +
			"4xx past the limit; no page of Microsoft's gives HTTP.sys's limit. 4,096 bytes is the project's value, a quarter of " +
			"MaxFieldLength's default; the spec sends a line of 20 KiB, longer than the default MaxFieldLength lets a header line be."},
	{ID: "SYS-HOST-1", Provenance: EVID, Source: "https://github.com/dotnet/aspnetcore/issues/42549",
		Statement: "HTTP.sys answers 400 'Bad Request - Invalid Hostname' to an HTTP/1.1 request without Host, to a request with two Host fields, and to one whose Host is not a host and optional port (whitespace, userinfo, a path, a second colon, an unclosed IP-literal, an IPvFuture literal outside RFC 3986's grammar, control bytes, an IPv4-mapped IPv6 literal); an HTTP/1.0 request may leave Host out; the application never sees a refused request.",
		Evidence: []Evidence{{Address: "https://github.com/dotnet/aspnetcore/issues/42549",
			Shows: "an ASP.NET Core application on HTTP.sys never receives a request with an IPv4-mapped IPv6 Host: HTTP.sys answers it 400 Invalid Hostname itself"}},
		Reasoning: "The evidence is a report against real HTTP.sys, not a test, and covers one kind of bad Host; that the other " +
			"malformed values get the same answer is the project's reading of RFC 9112 section 3.2, which requires a 400 for an " +
			"invalid Host, with HTTP.sys's own heading for it."},
	{ID: "SYS-HOST-2", Provenance: INFER, Source: rfc9112 + "#section-3.2",
		Statement: "Where RFC 3986 allows an odd Host, the project decides: an empty Host is passed on (IIS receives such requests, KB 967342); a comma, the mark of two Host fields folded into one, and a port above 65535 are 400 Invalid Hostname; an IPvFuture literal ([v1.x]) is passed on.",
		Reasoning: "RFC 3986's reg-name admits a comma, and HTTP/1.1 allows an empty Host for a target without authority. A comma " +
			"is what two Host fields folded into one look like, which RFC 9112 section 3.2 makes a 400; a port above 65535 " +
			"cannot be one; an empty Host is passed on because Microsoft's KB 967342 describes IIS receiving such requests. " +
			"An IPvFuture literal names no address HTTP.sys can listen on, but RFC 3986 section 3.2.2 makes it a valid host " +
			"and no page or test found shows HTTP.sys refusing one, so the emulator follows the grammar: such a host is passed " +
			"on, and one outside the grammar is refused as any malformed Host is (SYS-HOST-1)."},
	{ID: "SYS-TE-1", Provenance: INFER, Source: rfc9112 + "#section-6.3",
		Statement: "Transfer-Encoding with chunked not last, chunked twice, several codings without chunked, or no coding at all is 400 and a close, as RFC 9112 requires; one coding HTTP.sys does not implement, alone or before a final chunked, is 501.",
		Reasoning: "RFC 9112 section 6.3 makes a request whose final coding is not chunked unframeable, so it is a 400 and the " +
			"connection cannot be reused; section 6.1 gives 501 for a coding the server does not understand, which is the " +
			"answer left for a single unknown coding, where the framing is still clear."},
	{ID: "SYS-FIELD-1", Provenance: INFER, Source: "https://www.rfc-editor.org/rfc/rfc9110#section-5.5",
		Statement: "A request field value with a control byte other than HTAB (NUL, a bare CR, DEL, ...) is answered 400 Bad Request by HTTP.sys itself.",
		Reasoning: "RFC 9110 section 5.5 excludes control bytes other than HTAB from field values and lets a recipient reject " +
			"them; the emulator rejects rather than passes them on, since a NUL or bare CR read differently by two parsers " +
			"is a smuggling vector, and HTTP.sys answers malformed heads with its own 400."},
	{ID: "SYS-PARSE-1", Provenance: INFER, Source: rfc9112 + "#section-5",
		Statement: "HTTP.sys refuses with 400 a request whose request line or header fields break the HTTP/1.1 grammar (a method that is not a token, a second space in the request line, bare LF line endings, a field name with a character outside token or whitespace before its colon, a NUL in a value, an obsolete folded line, a garbled version), and with 505 a version it does not speak.",
		Reasoning: "RFC 9112 requires refusing whitespace before the colon and lets a server refuse the rest; HTTP.sys's error " +
			"log names such refusals BadRequest, Verb and Version_N/S, so it refuses them rather than repairing them."},
	{ID: "SYS-FRAME-1", Provenance: INFER, Source: rfc9112 + "#section-6.3",
		Statement: "HTTP.sys frames a request body only by one unambiguous length: Content-Length together with Transfer-Encoding, differing or non-numeric Content-Length values, and Transfer-Encoding on HTTP/1.0 are refused with 400, a transfer coding other than chunked with 501, a POST with neither with 411 (LengthRequired); the same Content-Length repeated is one length.",
		Reasoning: "RFC 9112 section 6 requires or allows each refusal. Refusing Content-Length with Transfer-Encoding, rather " +
			"than following Transfer-Encoding, is the project's choice: a front end that followed Content-Length would see " +
			"another request boundary."},
	{ID: "SYS-FRAME-2", Provenance: INFER, Source: rfc9112 + "#section-6.1",
		Statement: "HTTP.sys frames a response for the request's version and status: an application's Transfer-Encoding: chunked is not sent to an HTTP/1.0 client, whose answer ends with an orderly close instead, and the entity an application writes on a 304 is dropped.",
		Reasoning: "RFC 9112 section 6.1 forbids Transfer-Encoding on a response to a request that does not indicate HTTP/1.1, " +
			"and RFC 9110 section 15.4.5 lets a 304 carry no content. HTTP.sys's pages do not say whether it repairs such a " +
			"response or refuses the send; the emulator repairs it, which keeps the application's answer and the connection's " +
			"framing intact."},
	{ID: "SYS-ID-1", Provenance: INFER, Source: winRef + "ns-http-http_request_v1",
		Statement: "HTTP.sys gives each request it hands to the application an ID of its own (HTTP_REQUEST_ID), never HTTP_NULL_ID: two requests, on one connection or two, have two IDs.",
		Reasoning: "The HTTP_REQUEST page says only that RequestId identifies the request; HttpReceiveHttpRequest's page reserves " +
			"HTTP_NULL_ID for asking for a new request, so it names none, and HttpSendHttpResponse names the request it answers " +
			"by its ID, so two requests open at once cannot share one. That IDs are never reused while the server runs is the " +
			"emulator's choice (it counts them from 1)."},
	{ID: "SYS-SMUGGLE-1", Provenance: INFER, Source: rfc9112 + "#section-11.2",
		Statement: "HTTP.sys never reads a request out of a body's bytes: body bytes that look like a request are only body, the request after them is answered next, and a connection whose framing is lost (a malformed chunk) carries no further request.",
		Reasoning: "This is what RFC 9112 section 11.2 asks of a server against request smuggling; no page of Microsoft's " +
			"describes HTTP.sys's framing in these terms."},
	{ID: "SYS-TARGET-1", Provenance: INFER, Source: rfc9112 + "#section-3.2.2",
		Statement: "HTTP.sys accepts a request target in absolute form (http://host/path) and hands the request on.",
		Reasoning: "RFC 9112 section 3.2.2 requires a server to accept the absolute form; the HTTP Server API's pages do not " +
			"say otherwise."},
	{ID: "SYS-EXPECT-1", Provenance: INFER, Source: "https://www.rfc-editor.org/rfc/rfc9110#section-10.1.1",
		Statement: "With Expect: 100-continue, HTTP.sys sends the interim 100 Continue when the application first reads the body, then the application's answer.",
		Reasoning: "RFC 9110 section 10.1.1 lets the server send 100 before it reads the body; sending it on the " +
			"application's first read is the project's choice, since only then is the body wanted."},
	{ID: "SD-2", Provenance: DOC, Source: regRef,
		Statement: "DisableServerHeader 0 lets HTTP.sys add Server: Microsoft-HTTPAPI/2.0 to responses without one; 1 keeps it off the answers HTTP.sys generates itself (400, 503, ...); 2 stops HTTP.sys adding one to any response, while a Server the application set is kept."},
	{ID: "LOG-TT-1", Provenance: DOC, Source: logRef,
		Statement: "IIS's time-taken runs from when HTTP.sys receives the request's first byte, before it parses the request, to when the last send completes (or the request is cancelled or its send fails).",
		Reasoning: "The page defines time-taken from the first byte to the last send; for a pipelined request, whose first " +
			"byte may arrive with the one before, the emulator counts from when HTTP.sys turns to it."},
	{ID: "SYS-KA-2", Provenance: EVID, Source: evHTTP10KeepAlive.Address,
		Statement: "An HTTP/1.0 request with Connection: keep-alive keeps its connection for the next request, and HTTP.sys answers every request, 1.0 ones and its own error pages included, with an HTTP/1.1 status line.",
		Evidence:  []Evidence{evHTTP10KeepAlive},
		Reasoning: "The test shows the persistence and the HTTP/1.1 status line; that the answer to a 1.0 keep-alive request " +
			"says Connection: keep-alive is the project's reading (the test checks only that no close is announced)."},
	{ID: "SYS-SEND-1", Provenance: DOC, Source: winRef + "nf-http-httpsendhttpresponse",
		Statement: "HttpSendHttpResponse with the OPAQUE flag and any status but 101 fails with ERROR_INVALID_PARAMETER and sends nothing; with 101 the emulator does not emulate opaque data and fails with ERROR_NOT_SUPPORTED.",
		Reasoning: "The page makes OPAQUE valid only with 101; ERROR_NOT_SUPPORTED for 101 is the project's, since the " +
			"emulator has no opaque stream to hand over."},
	{ID: "SYS-SEND-2", Provenance: DOC, Source: winRef + "nf-http-httpsendhttpresponse",
		Statement: "An application's Server value is sent first, then a space and HTTP.sys's own product (Microsoft-HTTPAPI/2.0), unless DisableServerHeader is 2; IIS's responses carry Microsoft-IIS/10.0 alone.",
		Reasoning: "The page documents the suffix. How IIS's responses escape it is undocumented; the emulator's IIS " +
			"pipeline asks HTTP.sys to send its Server as given, since IIS's responses are seen with its product alone."},
	{ID: "SYS-SEND-3", Provenance: INFER, Source: winRef + "nf-http-httpsendhttpresponse",
		Statement: "DISCONNECT together with MORE_DATA, whose results the HttpSendHttpResponse page calls undefined, is refused with ERROR_INVALID_PARAMETER and sends nothing.",
		Reasoning: "The page says the combination's results are undefined; refusing it is the only answer that neither " +
			"closes a response still being sent nor ignores the caller's request to disconnect."},
	{ID: "SYS-LIM-2", Provenance: DOC, Source: regRef,
		Statement: "When MaxRequestBytes is lower than MaxFieldLength, MaxFieldLength is adjusted: brought down to MaxRequestBytes, so one line longer than that is refused as FieldLength.",
		Reasoning: "The registry page says MaxFieldLength is adjusted in that case without saying to what; lowering it to " +
			"MaxRequestBytes is the only value that keeps both limits meaningful."},
	{ID: "SYS-TIME-2", Provenance: DOC, Source: winRef + "ns-http-http_timeout_limit_info",
		Statement: "A timer of HTTP_TIMEOUT_LIMIT_INFO set to 0 takes its default, and MinSendRate MAXULONG (4294967295) turns the send-rate timer off. The emulator's IdleConnection and HeaderWait are the HTTP Server API-wide values, in force from a connection's first request; the application-specific ones, which the page says apply only from the second request on a keep-alive connection, are not emulated."},
	{ID: "SYS-LOG-3", Provenance: DOC, Source: winHTTP + "types-of-errors-logged-by-the-http-server-api",
		Statement: "HTTP.sys logs the 501 it answers to a transfer coding it does not implement with the reason N/I, not BadRequest."},
	{ID: "SYS-LOG-4", Provenance: INFER, Source: "https://learn.microsoft.com/en-us/troubleshoot/developer/webapps/aspnet/site-behavior-performance/error-logging-http-apis",
		Statement: "HTTP.sys logs a request its application cancelled or reset (HttpCancelHttpRequest, IIS's ResetConnection) as Request_Cancelled.",
		Reasoning: "Microsoft's pages do not name this case: KB 820729 gives Connection_Abandoned_By_ReqQueue for a worker " +
			"process that quit or orphaned pending requests by closing its handle, and the Types-of-errors page " +
			"Connection_Abandoned_By_AppPool; Azure App Service's diagnostics notes give Request_Cancelled for an " +
			"application that aborts its request, apart from Connection_Abandoned_By_ReqQueue. A module's deliberate " +
			"reset is the application cancelling, not a process that died, so the emulator writes Request_Cancelled."},
	{ID: "SYS-LOG-5", Provenance: DOC, Source: winHTTP + "types-of-errors-logged-by-the-http-server-api",
		Statement: "When a client leaves before its response is complete, HTTP.sys keeps the request until the application completes it: completed within the logging timeout (1 minute), the request is logged only in the request log; still open when the timeout passes, it is logged Connection_Dropped in httperr*.log, once, at that moment.",
		Reasoning: "The page describes Connection_Dropped as logging data not returned within the time limit (1 minute) after " +
			"the client left, and KB 937692 (https://mskb.pkisolutions.com/kb/937692, an archive of Microsoft's article) says " +
			"a response completed before the time-out leaves nothing in httperr.log, its status being in the IIS log instead. " +
			"The project's readings: HTTP.sys finds the client gone when a send fails or when the application's " +
			"HttpWaitForDisconnect sees a reset, and the timeout runs from then; the application completes the request with " +
			"its final send or by cancelling it; a client that leaves after the last byte of the response was sent, while " +
			"HTTP.sys drains an unread body, leaves a complete request and no entry. An IIS blog puts the timeout near two " +
			"minutes; the emulator takes the page's minute, LoggingTimeout in its Go configuration."},
}
