package behaviour

import "sort"

// Provenance says where a behaviour comes from (the reference's tags).
type Provenance string

const (
	DOC   Provenance = "DOC"   // Microsoft's documentation states it
	HDR   Provenance = "HDR"   // the SDK headers declare it
	EVID  Provenance = "EVID"  // code or tests run on real IIS show it
	INFER Provenance = "INFER" // the project's decision, to be confirmed on a real IIS
)

// Entry is one behaviour of the catalogue.
type Entry struct {
	ID         string
	Provenance Provenance
	Statement  string
	Source     string // URL
}

const (
	iisRef = "https://learn.microsoft.com/en-us/iis/web-development-reference/native-code-api-reference/"
	winRef = "https://learn.microsoft.com/en-us/windows/win32/api/http/"
	semRef = "SEMANTICS.md#"
)

// catalogue is every behaviour the project knows, by ID.
var catalogue = indexBehaviours([]Entry{
	// The seed.
	{"RC-1", DOC, "ResetConnection resets the client's socket at once: the client gets none of the buffered response and sees a TCP reset, not an orderly close.", iisRef + "ihttpresponse-resetconnection-method"},
	{"RC-2", DOC, "WriteEntityChunks after ResetConnection still returns S_OK, and nothing written before or after the reset reaches the client.", iisRef + "ihttpresponse-resetconnection-method"},
	{"RC-3", DOC, "Unless the module returns RQ_NOTIFICATION_FINISH_REQUEST after ResetConnection, the remaining modules and notifications still run with the client gone.", iisRef + "ihttpresponse-resetconnection-method"},
	{"RC-4", DOC, "Returning RQ_NOTIFICATION_FINISH_REQUEST after ResetConnection ends request-level processing.", iisRef + "ihttpresponse-resetconnection-method"},
	{"RC-5", DOC, "The ResetConnection sample (OnSendResponse: Clear, text/plain, write, reset, write, FINISH_REQUEST) delivers no text at all.", iisRef + "ihttpresponse-resetconnection-method"},
	{"RC-6", INFER, "After a reset IsConnected is FALSE, Flush returns S_OK and sends nothing, and the connection never carries another request.", semRef + "1-the-seed"},
	{"RC-7", EVID, "Bytes flushed before the reset reach the client, which then sees the reset; a chunked response lacks its last chunk.", "https://github.com/dotnet/aspnetcore (ResponseAbortTests.ClosesAfterDataSent)"},
	{"RC-8", DOC, "CloseConnection closes the connection with a reset packet; observably the same as ResetConnection (INFER).", iisRef + "ihttpresponse-closeconnection-method"},
	{"ND-1", DOC, "SetNeedDisconnect asks for the socket to be disconnected once the server has finished the current request.", iisRef + "ihttpresponse-setneeddisconnect-method"},
	{"ND-2", INFER, "SetNeedDisconnect delivers the full response with Connection: close, then closes in an orderly way (FIN); no further request on the connection is served.", semRef + "1-the-seed"},
	{"ND-3", DOC, "ResetConnection acts immediately and the client loses the response; SetNeedDisconnect acts after the request and the client gets all of it.", iisRef + "ihttpresponse-resetconnection-method"},
	{"DISC-1", INFER, "IsConnected turns FALSE once the client has reset or closed its side while a request is processed.", "project decision"},
	{"DISC-2", DOC, "When the client disconnects, the connection's stored contexts are told through IHttpConnectionStoredContext::NotifyDisconnect.", iisRef + "ihttpconnectionstoredcontext-notifydisconnect-method"},
	{"DISC-3", INFER, "After the client left, buffered writes still succeed; a write or flush that must reach the dead socket fails with ERROR_NETNAME_DELETED, IIS's usual client-disconnect status (a first send after a FIN may still be accepted, as TCP accepts it).", "project decision"},
	{"RQ-1", DOC, "IHttpRequest gives modules the request as HTTP.sys parsed it: the verb, the headers, the entity and how much of it is left.", iisRef + "ihttprequest-interface"},
	{"RB-1", DOC, "ReadEntityBody returns ERROR_CONNECTION_INVALID when the request's byte count is wrong (the body ended short), and ERROR_HANDLE_EOF at the end.", iisRef + "ihttprequest-readentitybody-method"},
	{"CIO-1", DOC, "IHttpContext::CancelIo cancels pending I/O; it is neither a reset nor a disconnect.", iisRef + "ihttpcontext-cancelio-method"},
	// IHttpResponse.
	{"BUF-1", DOC, "Buffering is on by default: the response is built in memory and sent when the request ends.", iisRef + "ihttpresponse-disablebuffering-method"},
	{"BUF-2", DOC, "After DisableBuffering the client receives data as it is written; it does not turn buffering off inside OnSendResponse.", iisRef + "ihttpresponse-disablebuffering-method"},
	{"BUF-3", DOC, "WriteEntityChunks copies chunks while buffering and flushes by itself when buffering is off or the buffer reaches responseBufferLimit (4,194,304 bytes by default).", iisRef + "ihttpresponse-writeentitychunks-method"},
	{"BUF-4", DOC, "More than 65,535 chunks fail with ERROR_ARITHMETIC_OVERFLOW, a NULL chunk array with ERROR_INVALID_PARAMETER; pcbSent reports the bytes taken.", iisRef + "ihttpresponse-writeentitychunks-method"},
	{"BUF-5", DOC, "WriteEntityChunkByReference inserts a referenced chunk before (0) or after (-1) the buffered data.", iisRef + "ihttpresponse-writeentitychunkbyreference-method"},
	{"FL-1", DOC, "Flush sends the status line, headers and buffered entity; afterwards Clear cannot change what the client got and Redirect does not redirect.", iisRef + "ihttpresponse-flush-method"},
	{"FL-2", EVID, "A response flushed before it is complete, without Content-Length, is sent chunked; one sent whole at the end carries Content-Length.", semRef + "2-ihttpresponse"},
	{"CL-1", DOC, "Clear empties the buffered entity and, per the method page's remarks, puts status and headers back to their defaults (scope INFER).", iisRef + "ihttpresponse-clear-method"},
	{"CL-2", DOC, "ClearHeaders removes every response header and puts back the default set.", iisRef + "ihttpresponse-clearheaders-method"},
	{"HD-1", DOC, "SetHeader replaces with fReplace TRUE and appends with a comma otherwise; an empty name is ERROR_INVALID_PARAMETER, a value too long ERROR_INVALID_DATA.", iisRef + "ihttpresponse-setheader-method"},
	{"HD-2", DOC, "GetHeader of an absent header returns an empty value; DeleteHeader succeeds whether or not the header exists.", iisRef + "ihttpresponse-getheader-method"},
	{"HD-3", DOC, "Setting Server through the HTTP_HEADER_ID overload appends to the existing value; the by-name overload replaces.", iisRef + "ihttpresponse-setheader-method"},
	{"HD-4", INFER, "SetHeader and SetStatus after the headers were sent return S_OK and change nothing on the wire.", semRef + "2-ihttpresponse"},
	{"ST-1", DOC, "SetStatus records code, reason, substatus and error; GetStatus also tells which module set it and in which notification; a reason too long is ERROR_INVALID_DATA.", iisRef + "ihttpresponse-setstatus-method"},
	{"RD-1", DOC, "Redirect sends a 302 with an absolute Location within the request's host; after a flush it does nothing.", iisRef + "ihttpresponse-redirect-method"},
	{"SH-1", DOC, "After SuppressHeaders status and headers stay readable by modules but only entity bytes are sent.", iisRef + "ihttpresponse-suppressheaders-method"},
	{"SD-1", HDR, "IIS responses carry Server: Microsoft-IIS/10.0; HTTP.sys's own responses carry Server: Microsoft-HTTPAPI/2.0.", semRef + "2-ihttpresponse"},
	// The pipeline.
	{"PIPE-1", DOC, "The 12 ordered notifications run in order, each followed by its post-notification before the next stage.", iisRef + "request-processing-constants"},
	{"PIPE-2", DOC, "Within a notification modules run by priority FIRST, HIGH, MEDIUM, LOW, LAST, ties in configuration order.", iisRef + "ihttpmoduleregistrationinfo-setpriorityforrequestnotification-method"},
	{"PIPE-3", DOC, "For RQ_SEND_RESPONSE the priority order is reversed; the configuration order is reversed too (INFER).", iisRef + "ihttpmoduleregistrationinfo-setpriorityforrequestnotification-method"},
	{"PIPE-4", DOC, "The factory makes one module instance per request, Dispose ends it with the request, and Terminate is called on the factory at shutdown.", iisRef + "ihttpmodulefactory-interface"},
	{"PIPE-5", DOC, "A second SetRequestNotifications fails with ERROR_ALREADY_EXISTS; RegisterModule receives the IIS major version.", iisRef + "ihttpmoduleregistrationinfo-setrequestnotifications-method"},
	{"PIPE-6", INFER, "RQ_SEND_RESPONSE fires for every real send: each flush, each automatic flush, and the final send.", semRef + "3-the-request-pipeline"},
	{"PIPE-7", INFER, "The buffered response is sent after RQ_END_REQUEST and its post-notification, so OnEndRequest can still change it.", semRef + "3-the-request-pipeline"},
	{"PIPE-FIN-1", DOC, "RQ_NOTIFICATION_FINISH_REQUEST stops further request-level notifications.", iisRef + "request-notification-status-enumeration"},
	{"PIPE-FIN-2", INFER, "After FINISH_REQUEST the later modules of the same notification, and its post-notification, do not run.", semRef + "3-the-request-pipeline"},
	{"PIPE-FIN-3", INFER, "After FINISH_REQUEST the end stages still run: RQ_LOG_REQUEST and RQ_END_REQUEST with their post-notifications, then the final send with RQ_SEND_RESPONSE.", semRef + "3-the-request-pipeline"},
	{"PIPE-FIN-4", INFER, "FINISH_REQUEST returned from OnSendResponse during a flush ends request-level processing of the notification that flushed.", "project decision"},
	{"PIPE-CONT-1", DOC, "RQ_NOTIFICATION_CONTINUE lets the pipeline go on.", iisRef + "request-notification-status-enumeration"},
	{"PIPE-PEND-1", DOC, "RQ_NOTIFICATION_PENDING pauses the request until IndicateCompletion (no re-entry) or PostCompletion (through OnAsyncCompletion) resumes it.", iisRef + "ihttpcontext-indicatecompletion-method"},
	{"PIPE-DIS-1", DOC, "DisableNotifications affects only the calling module, for this request, for deterministic notifications.", iisRef + "ihttpcontext-disablenotifications-method"},
	{"PIPE-HND-1", DOC, "After SetRequestHandled no further handlers run for the request.", iisRef + "ihttpcontext-setrequesthandled-method"},
	{"PIPE-GL-1", DOC, "Global modules return GL_NOTIFICATION_CONTINUE or GL_NOTIFICATION_HANDLED; HANDLED stops other global modules for that notification.", iisRef + "cglobalmodule-class"},
	{"PIPE-GL-2", INFER, "GL_APPLICATION_START is raised for every application when the site loads; at shutdown GL_STOP_LISTENING comes first, then GL_APPLICATION_STOP for each application, then Terminate.", "project decision"},
	{"PIPE-HANDLER-1", INFER, "An application's handler runs at RQ_EXECUTE_REQUEST_HANDLER after the modules registered for that notification.", "project decision"},
	{"RD-2", INFER, "Redirect's status line is 302 Redirect and it adds no body of its own; after a flush it returns S_OK and changes nothing.", "project decision"},
	{"CTX-LAST-1", INFER, "GetIsLastNotification follows its name (the page contradicts itself): TRUE when, returning the given status, the calling module gets no further notification in this request.", iisRef + "ihttpcontext-getislastnotification-method"},
	{"CTX-NEXT-1", INFER, "GetNextNotification reports the next notification the calling module is registered for, given the status it would return; it does not run it early.", iisRef + "ihttpcontext-getnextnotification-method"},
	{"CTX-HDRS-1", DOC, "GetResponseHeadersSent is TRUE once the status and headers have gone to the client.", iisRef + "ihttpcontext-getresponseheaderssent-method"},
	{"CTX-CONT-1", DOC, "A module context container keeps one stored context per module ID; a second SetModuleContext for the same module fails with ERROR_ALREADY_ASSIGNED, and request contexts are cleaned up when the request ends.", iisRef + "ihttpmodulecontextcontainer-interface"},
	{"ERR-DESC-1", DOC, "SetErrorDescription stores a description that GetErrorDescription returns.", iisRef + "ihttpresponse-seterrordescription-method"},
	{"KC-1", DOC, "After DisableKernelCache, GetKernelCacheEnabled is FALSE.", iisRef + "ihttpresponse-disablekernelcache-method"},
	{"ASYNC-1", INFER, "Asynchronous WriteEntityChunks, Flush and ReadEntityBody complete at once with completion expected; the module returns RQ_NOTIFICATION_PENDING and receives the completion, bytes and status, through OnAsyncCompletion.", iisRef + "ihttpresponse-writeentitychunks-method"},
	{"SR-FLAGS-1", DOC, "ISendResponseProvider::SetFlags in OnSendResponse changes the flags of that send: DISCONNECT on the final send delivers the response, then an orderly close.", iisRef + "isendresponseprovider-setflags-method"},
	{"SR-INFO-1", DOC, "GetHeadersBeingSent is TRUE for the send that carries the headers; GetReadyToLogData is TRUE for the final send.", iisRef + "isendresponseprovider-interface"},
	{"RE-1", DOC, "RQ_READ_ENTITY gives modules the entity as it is read (IReadEntityProvider); what a module sets with SetEntity is what the reader gets (INFER: raised on each ReadEntityBody that returns data).", iisRef + "ireadentityprovider-interface"},
	{"MP-1", DOC, "IHttpContext::MapPath raises RQ_MAP_PATH; a module may change the physical path with IMapPathProvider::SetPhysicalPath (INFER: the default root is C:\\inetpub\\wwwroot).", iisRef + "imappathprovider-interface"},
	{"CN-1", DOC, "NotifyCustomNotification raises RQ_CUSTOM_NOTIFICATION to the modules registered for it, which run before it returns.", iisRef + "ihttpcontext-notifycustomnotification-method"},
	{"LOG-W32-1", INFER, "IIS logs a request whose connection the server reset with sc-win32-status 1236 (ERROR_CONNECTION_ABORTED), one whose client was gone with 64 (ERROR_NETNAME_DELETED), and the status that was set even if nothing was sent.", "project decision"},
	{"SR-NEST-1", INFER, "Flush called inside OnSendResponse returns S_OK and starts no second send: the send under way carries the data.", "project decision"},
	// HTTP.sys.
	{"SYS-KA-1", EVID, "HTTP/1.1 connections persist by default; Connection: close, or HTTP/1.0 without keep-alive, ends the connection after the response; pipelined requests are answered in order.", semRef + "4-httpsys"},
	{"SYS-DISC-1", DOC, "The DISCONNECT send flag closes the connection in an orderly way after the response; a response framed by neither Content-Length nor chunking ends with the close.", winRef + "nf-http-httpsendhttpresponse"},
	{"SYS-CANCEL-1", DOC, "HttpCancelHttpRequest closes the request's connection with a reset; after the last send it fails with ERROR_CONNECTION_INVALID.", winRef + "nf-http-httpcancelhttprequest"},
	{"SYS-DRAIN-1", DOC, "On a persistent connection HTTP.sys drains an unread request body after the response so the next request can be read.", winRef + "ns-http-http_timeout_limit_info"},
	{"SYS-ERR-1", DOC, "HTTP.sys answers a request it cannot parse itself, then closes the connection in an orderly way; the application never sees it.", winRef + "nf-http-httpreceivehttprequest"},
	{"SYS-ERR-2", EVID, "HTTP.sys's error page is a small us-ascii HTML 4.01 page with a title, an h2 heading and 'HTTP Error <code>. <text>'.", semRef + "4-httpsys"},
	{"SYS-LIM-1", DOC, "HTTP.sys enforces its registry limits (MaxFieldLength, MaxRequestBytes, UrlSegmentMaxLength, …) with their documented defaults.", "https://learn.microsoft.com/en-us/troubleshoot/developer/webapps/iis/iisadmin-service-inetinfo/httpsys-registry-windows"},
	{"SYS-TIME-1", DOC, "HTTP.sys's timers (EntityBody, DrainEntityBody, RequestQueue, IdleConnection, HeaderWait, MinSendRate) have documented defaults.", winRef + "ns-http-http_timeout_limit_info"},
	{"SYS-LOG-1", DOC, "HTTP.sys logs in httperr*.log, with a reason phrase and once each, the connections it ends itself and those a client drops mid-request.", "https://learn.microsoft.com/en-us/windows/win32/http/types-of-errors-logged-by-the-http-server-api"},
	{"SYS-LOG-2", DOC, "IIS's request log is W3C extended format with status, substatus, Win32 status, bytes and time taken.", "https://learn.microsoft.com/en-us/iis/configuration/system.applicationhost/sites/site/logfile/"},
})

func indexBehaviours(list []Entry) map[string]Entry {
	m := make(map[string]Entry, len(list))
	for _, b := range list {
		if _, dup := m[b.ID]; dup {
			panic("conformance: behaviour " + b.ID + " listed twice")
		}
		m[b.ID] = b
	}
	return m
}

// Lookup returns the catalogue entry for id.
func Lookup(id string) (Entry, bool) {
	b, ok := catalogue[id]
	return b, ok
}

// All returns the catalogue sorted by ID.
func All() []Entry {
	out := make([]Entry, 0, len(catalogue))
	for _, b := range catalogue {
		out = append(out, b)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
