package httpsys

// LogReason is the reason phrase of an HTTP.sys error-log entry, the
// s-reason field of httperr*.log (SYS-LOG-1). Most values are phrases of
// the table on "Types of errors logged by the HTTP Server API",
// https://learn.microsoft.com/en-us/windows/win32/http/types-of-errors-logged-by-the-http-server-api;
// Connection_Abandoned_By_ReqQueue, Client_Reset and Timer_ReqQueue are
// not on that page but on KB 820729, "Error logging in HTTP APIs",
// https://learn.microsoft.com/en-us/troubleshoot/developer/webapps/aspnet/site-behavior-performance/error-logging-http-apis;
// Request_Cancelled is on neither (see ReasonRequestCancelled). Each
// constant below is spelled as its source spells it.
type LogReason string

// Reasons for a request HTTP.sys answers itself with an error page
// (SYS-ERR-1); each is a phrase of the table on the Types-of-errors page
// named at LogReason (N/I is on KB 820729 too).
const (
	ReasonBadRequest     LogReason = "BadRequest"     // a parse error in the request
	ReasonVerb           LogReason = "Verb"           // a parse error in the verb
	ReasonURL            LogReason = "URL"            // a parse error in the URL
	ReasonURLLength      LogReason = "URL_Length"     // the URL is longer than allowed
	ReasonVersion        LogReason = "Version_N/S"    // an HTTP version HTTP.sys does not support
	ReasonHostname       LogReason = "Hostname"       // a parse error in the host name
	ReasonFieldLength    LogReason = "FieldLength"    // a header is longer than allowed
	ReasonRequestLength  LogReason = "RequestLength"  // the request's headers are longer than allowed
	ReasonLengthRequired LogReason = "LengthRequired" // a body with neither a length nor chunked coding
	ReasonNotImplemented LogReason = "N/I"            // 501: a transfer coding HTTP.sys does not implement
)

// Reasons for a connection HTTP.sys refuses with 503 (SYS-LIM-1); phrases
// of the same page.
const (
	ReasonConnLimit LogReason = "ConnLimit" // the site's connection limit is reached
	ReasonQueueFull LogReason = "QueueFull" // the application's request queue is full
)

// Reasons for a timer that ended a connection or request (SYS-TIME-1):
// each is the Timer_ phrase for one of httpsys.Timeouts, of the
// Types-of-errors page but for Timer_ReqQueue, which is KB 820729's.
const (
	ReasonTimerConnectionIdle    LogReason = "Timer_ConnectionIdle"    // IdleConnection: no request began
	ReasonTimerHeaderWait        LogReason = "Timer_HeaderWait"        // HeaderWait: the headers did not end in time
	ReasonTimerEntityBody        LogReason = "Timer_EntityBody"        // EntityBody: the body did not arrive in time
	ReasonTimerMinBytesPerSecond LogReason = "Timer_MinBytesPerSecond" // MinSendRate: the client took the response too slowly
	ReasonTimerReqQueue          LogReason = "Timer_ReqQueue"          // RequestQueue: the application did not take the request in time
)

// Reasons for a connection that ended under a request.
const (
	// ReasonConnectionDropped: the client left before the response was
	// complete, and the application did not complete the request within
	// the logging timeout (Types-of-errors page, SYS-LOG-5).
	ReasonConnectionDropped LogReason = "Connection_Dropped"
	// ReasonConnectionAbandonedByReqQueue: KB 820729's phrase for a
	// request orphaned when the application's worker process quit or
	// closed its queue handle with requests pending (the Types-of-errors
	// page calls it Connection_Abandoned_By_AppPool).
	ReasonConnectionAbandonedByReqQueue LogReason = "Connection_Abandoned_By_ReqQueue"
	// ReasonRequestCancelled: the application cancelled or reset its own
	// request. No Microsoft page lists it; Azure App Service's diagnostics
	// notes give it for an application that aborts its request, apart
	// from Connection_Abandoned_By_ReqQueue (SYS-LOG-4, INFER).
	ReasonRequestCancelled LogReason = "Request_Cancelled"
	// ReasonClientReset: the client reset the connection mid-request
	// (KB 820729).
	ReasonClientReset LogReason = "Client_Reset"
)

// ReasonApplicationCancel is what HTTP.sys logs when the application
// cancels its request (HttpCancelHttpRequest, IIS's ResetConnection):
// the one place to change should a real HTTP.sys show
// Connection_Abandoned_By_ReqQueue instead (SYS-LOG-4).
const ReasonApplicationCancel = ReasonRequestCancelled
