package behaviour

// pipelineEntries: the request pipeline, IHttpContext and the providers.
var pipelineEntries = []Entry{
	{ID: "PIPE-1", Provenance: DOC, Source: iisRef + "request-processing-constants",
		Statement: "The 12 ordered notifications run in order, each followed by its post-notification before the next stage."},
	{ID: "PIPE-2", Provenance: DOC, Source: iisRef + "ihttpmoduleregistrationinfo-setpriorityforrequestnotification-method",
		Statement: "Within a notification modules run by priority FIRST, HIGH, MEDIUM, LOW, LAST, ties in configuration order."},
	{ID: "PIPE-3", Provenance: DOC, Source: iisRef + "ihttpmoduleregistrationinfo-setpriorityforrequestnotification-method",
		Statement: "For RQ_SEND_RESPONSE the priority order is reversed; the configuration order is reversed too (INFER).",
		Reasoning: "The page reverses the priorities for RQ_SEND_RESPONSE but does not say how modules of equal priority are ordered " +
			"there; the emulator reverses that order too, so the whole order is the mirror of the other notifications' " +
			"(Decisions.SendResponseReversesConfigOrder)."},
	{ID: "PIPE-4", Provenance: DOC, Source: iisRef + "ihttpmodulefactory-interface",
		Statement: "The factory makes one module instance per request, Dispose ends it with the request, and Terminate is called on the factory at shutdown."},
	{ID: "PIPE-5", Provenance: DOC, Source: iisRef + "ihttpmoduleregistrationinfo-setrequestnotifications-method",
		Statement: "A second SetRequestNotifications fails with ERROR_ALREADY_EXISTS; RegisterModule receives the IIS major version."},
	{ID: "PIPE-REG-1", Provenance: INFER, Source: ProjectDecision,
		Statement: "SetRequestNotifications for a notification or post-notification the module has no method for, or for a post-notification that does not exist (RQ_CUSTOM_NOTIFICATION's), fails with ERROR_INVALID_PARAMETER, and the application does not load.",
		Reasoning: "In C++ every CHttpModule method exists in the base class, and a module that subscribes to a notification " +
			"without overriding its method is a programming error the pages do not give a result for. A Go module has " +
			"only the methods it defines, so the emulator checks the subscription at registration and refuses it with " +
			"ERROR_INVALID_PARAMETER, the result IIS's registration methods list for a parameter that is not valid, " +
			"rather than fail later on a request."},
	{ID: "PIPE-PRI-1", Provenance: INFER, Source: "https://learn.microsoft.com/en-us/previous-versions/iis/dev/ms690918(v=vs.90)",
		Statement: "SetPriorityForRequestNotification and SetPriorityForGlobalNotification refuse a priority that is none of FIRST, HIGH, MEDIUM, LOW and LAST with ERROR_INVALID_PARAMETER, as SetPriorityForGlobalNotification does before SetGlobalNotifications; the module keeps MEDIUM.",
		Reasoning: "IHttpModuleRegistrationInfo's pages list only S_OK. The resolver's SetPriorityForRequestNotification, which " +
			"takes the same priority aliases, lists ERROR_INVALID_PARAMETER for a parameter that is not valid; the " +
			"emulator answers the registration methods the same way, and a refused priority changes nothing."},
	{ID: "PIPE-6", Provenance: INFER, Source: iisRef + "isendresponseprovider-interface",
		Statement: "RQ_SEND_RESPONSE fires for every real send: each flush, each automatic flush, and the final send.",
		Reasoning: "The ISendResponseProvider page tells a module whether the send carries the headers and whether it is the " +
			"final one, so a request can have several sends; the pages do not list them. The emulator raises the notification " +
			"for each send that reaches the connection, and for none where nothing is sent (a flush after a reset)."},
	{ID: "PIPE-7", Provenance: INFER, Source: iisRef + "request-processing-constants",
		Statement: "The buffered response is sent after RQ_END_REQUEST and its post-notification, so OnEndRequest can still change it.",
		Reasoning: "The pages order the notifications but do not say when a buffered response leaves. Buffering exists so that " +
			"modules can change the response until the request ends (BUF-1); the emulator sends it once the last " +
			"request-level notification is over."},
	{ID: "PIPE-FIN-1", Provenance: DOC, Source: iisRef + "request-notification-status-enumeration",
		Statement: "RQ_NOTIFICATION_FINISH_REQUEST stops further request-level notifications."},
	{ID: "PIPE-FIN-2", Provenance: INFER, Source: iisRef + "request-notification-status-enumeration",
		Statement: "After FINISH_REQUEST the later modules of the same notification, and its post-notification, do not run.",
		Reasoning: "The enumeration's page says FINISH_REQUEST ends request-level processing but not whether the rest of the " +
			"current notification runs; the emulator stops at once (Decisions.FinishSkipsLaterModules)."},
	{ID: "PIPE-FIN-3", Provenance: INFER, Source: iisRef + "request-notification-status-enumeration",
		Statement: "After FINISH_REQUEST the end stages still run: RQ_LOG_REQUEST and RQ_END_REQUEST with their post-notifications, then the final send with RQ_SEND_RESPONSE.",
		Reasoning: "The page does not say which stages a finished request skips. It still has to be answered, logged and " +
			"cleaned up, and RQ_LOG_REQUEST and RQ_END_REQUEST are the stages for that, so the emulator runs them and the " +
			"final send (Decisions.FinishRunsEndStages)."},
	{ID: "PIPE-FIN-4", Provenance: INFER, Source: ProjectDecision,
		Statement: "FINISH_REQUEST returned from OnSendResponse during a flush ends request-level processing of the notification that flushed.",
		Reasoning: "No page covers FINISH_REQUEST from OnSendResponse during a flush. The flush was made from some notification; " +
			"the emulator treats the result as if the flushing module had returned it there."},
	{ID: "PIPE-CONT-1", Provenance: DOC, Source: iisRef + "request-notification-status-enumeration",
		Statement: "RQ_NOTIFICATION_CONTINUE lets the pipeline go on."},
	{ID: "PIPE-PEND-1", Provenance: DOC, Source: iisRef + "ihttpcontext-indicatecompletion-method",
		Statement: "RQ_NOTIFICATION_PENDING pauses the request until IndicateCompletion (no re-entry) or PostCompletion (through OnAsyncCompletion) resumes it."},
	{ID: "PIPE-PEND-2", Provenance: INFER, Source: ProjectDecision,
		Statement: "A completion (IndicateCompletion, PostCompletion) made while an earlier one still waits to be taken is refused with ERROR_INVALID_STATE; the request resumes once, with the first.",
		Reasoning: "The IndicateCompletion and PostCompletion pages describe one completion per pending return and name no failure. " +
			"A pending request is resumed once; a second completion has nothing left to resume. Refusing it, rather than queueing it " +
			"for a later PENDING or blocking the caller, keeps a module's mistake visible in the trace and never hangs the request."},
	{ID: "PIPE-DIS-1", Provenance: DOC, Source: iisRef + "ihttpcontext-disablenotifications-method",
		Statement: "DisableNotifications affects only the calling module, for this request, for deterministic notifications."},
	{ID: "PIPE-HND-1", Provenance: DOC, Source: iisRef + "ihttpcontext-setrequesthandled-method",
		Statement: "After SetRequestHandled no further handlers run for the request."},
	{ID: "PIPE-GL-1", Provenance: DOC, Source: iisRef + "cglobalmodule-class",
		Statement: "Global modules return GL_NOTIFICATION_CONTINUE or GL_NOTIFICATION_HANDLED; HANDLED stops other global modules for that notification."},
	{ID: "PIPE-GL-2", Provenance: INFER, Source: iisRef + "cglobalmodule-class",
		Statement: "GL_APPLICATION_START is raised for every application when the site loads; at shutdown GL_STOP_LISTENING comes first, then GL_APPLICATION_STOP for each application, then Terminate.",
		Reasoning: "CGlobalModule's page lists these notifications without an order. The emulator has no on-demand start, so it " +
			"starts every application with the site, and shuts down in reverse: it stops listening before stopping " +
			"applications, and terminates modules last."},
	{ID: "PIPE-HANDLER-1", Provenance: INFER, Source: ProjectDecision,
		Statement: "An application's handler runs at RQ_EXECUTE_REQUEST_HANDLER after the modules registered for that notification.",
		Reasoning: "The pages do not order a handler against modules registered for the same notification. Running the modules " +
			"first lets them act before the handler answers, and SetRequestHandled (PIPE-HND-1) lets one of them stop it."},
	{ID: "CTX-LAST-1", Provenance: DOC, Source: iisRef + "ihttpcontext-getislastnotification-method",
		Statement: "GetIsLastNotification is TRUE when, were the calling module to return the given status, further notifications are pending for the request within the module host (any module's), and FALSE when none is, as the page's summary, return value and remarks say; only the method's name and the sample's label read the other way (Decisions.IsLastNotificationMeansPending).",
		Reasoning: "That the final send's RQ_SEND_RESPONSE is not counted as pending is the project's reading: it is " +
			"raised by the send, not by the pipeline's walk."},
	{ID: "CTX-NEXT-1", Provenance: DOC, Source: iisRef + "ihttpcontext-getnextnotification-method",
		Statement: "GetNextNotification returns the module host's next notification, given the status the module would return, so that the module can skip to it and go on as though registered for it; it is FALSE when another handler is registered in between.",
		Reasoning: "The exact rule is the project's: the host is every module of the request; a later module of the " +
			"current notification counts as a handler in between; when the caller is registered for the notification " +
			"returned and returns that status, the pipeline does not raise it to the caller again, while other modules " +
			"still get theirs."},
	{ID: "CTX-HDRS-1", Provenance: DOC, Source: iisRef + "ihttpcontext-getresponseheaderssent-method",
		Statement: "GetResponseHeadersSent is TRUE once the status and headers have gone to the client."},
	{ID: "CTX-CONT-1", Provenance: DOC, Source: iisRef + "ihttpmodulecontextcontainer-interface",
		Statement: "A module context container keeps one stored context per module ID; a second SetModuleContext for the same module fails with ERROR_ALREADY_ASSIGNED, and request contexts are cleaned up when the request ends."},
	{ID: "ASYNC-1", Provenance: INFER, Source: iisRef + "ihttpresponse-writeentitychunks-method",
		Statement: "Asynchronous WriteEntityChunks, Flush and ReadEntityBody complete at once with completion expected; the module returns RQ_NOTIFICATION_PENDING and receives the completion, bytes and status, through OnAsyncCompletion.",
		Reasoning: "The pages describe fAsync, pfCompletionExpected and OnAsyncCompletion but not when an operation completes. The " +
			"emulator's writes, flushes and reads finish at once, in memory or on a buffered socket; it still reports " +
			"completion as expected so that modules take the documented PENDING and OnAsyncCompletion path."},
	{ID: "SR-FLAGS-1", Provenance: DOC, Source: iisRef + "isendresponseprovider-setflags-method",
		Statement: "ISendResponseProvider::SetFlags in OnSendResponse changes the flags of that send: DISCONNECT on the final send delivers the response, then an orderly close.",
		Reasoning: "That the DISCONNECT close is orderly is SYS-DISC-1's reading."},
	{ID: "SR-INFO-1", Provenance: DOC, Source: iisRef + "isendresponseprovider-interface",
		Statement: "GetHeadersBeingSent is TRUE for the send that carries the headers; GetReadyToLogData is TRUE for the final send."},
	{ID: "SR-NEST-1", Provenance: INFER, Source: ProjectDecision,
		Statement: "Flush called inside OnSendResponse returns S_OK and starts no second send: the send under way carries the data.",
		Reasoning: "No page covers a Flush made from OnSendResponse. Starting a second send there would raise RQ_SEND_RESPONSE " +
			"inside itself; the send under way already carries the buffered data, so the emulator lets it and succeeds."},
	{ID: "RE-1", Provenance: DOC, Source: iisRef + "ireadentityprovider-interface",
		Statement: "RQ_READ_ENTITY fires for every ReadEntityBody, also one that finds no entity left, and gives modules the entity as it is read (IReadEntityProvider); what a module sets with SetEntity is what the reader gets, so a module can insert an entity into a request that has none.",
		Reasoning: "That an entity set at the end comes back with S_OK rather than ERROR_HANDLE_EOF, and that a read that " +
			"failed raises nothing, are the project's reading: the page says the notification fires on each read, not " +
			"what the read returns when a module supplies the entity."},
	{ID: "MP-1", Provenance: DOC, Source: iisRef + "imappathprovider-interface",
		Statement: "IHttpContext::MapPath raises RQ_MAP_PATH; a module may change the physical path with IMapPathProvider::SetPhysicalPath (INFER: the default root is C:\\inetpub\\wwwroot).",
		Reasoning: "The emulator has no site configuration on disk; it maps under IIS's default site root."},
	{ID: "CN-1", Provenance: INFER, Source: iisRef + "ihttpcontext-notifycustomnotification-method",
		Statement: "NotifyCustomNotification raises RQ_CUSTOM_NOTIFICATION to the modules registered for it; they run before it returns, and it reports no asynchronous completion.",
		Reasoning: "The page says the method raises the notification (documented); it does not say the handlers have run when it " +
			"returns, and its pfCompletionExpected output lets them complete later. The emulator runs them at once and always " +
			"reports completion not expected; a handler returning RQ_NOTIFICATION_PENDING would call for TRUE there."},
	{ID: "LOG-W32-1", Provenance: INFER, Source: logRef,
		Statement: "IIS logs a request whose connection the server reset with sc-win32-status 1236 (ERROR_CONNECTION_ABORTED), one whose client was gone with 64 (ERROR_NETNAME_DELETED), and the status that was set even if nothing was sent.",
		Reasoning: "The log page defines sc-win32-status but maps no event to a code. ERROR_CONNECTION_ABORTED is Win32's name for a " +
			"connection the local side aborted, ERROR_NETNAME_DELETED the status of a client that went away (DISC-3). The " +
			"status is the one the pipeline set, since the log records the request as the server decided it."},
	{ID: "RQ-SET-1", Provenance: DOC, Source: iisRef + "ihttprequest-seturl-method",
		Statement: "IHttpRequest::SetUrl, SetHttpMethod, SetHeader and DeleteHeader change what later processing and logging see, as if the client had sent it: a URL set that does not exist is answered 404 and no redirect happens; SetHeader replaces or appends with a comma; DeleteHeader succeeds whether or not the header exists; a URL too long is ERROR_INVALID_PARAMETER.",
		Reasoning: "The project's reading where the pages are silent: a URL exists when it falls in the request's " +
			"application (the emulator serves no files); GetRawHttpRequest keeps what the client sent; SetUrl applies " +
			"whenever called; a relative URL, an empty or non-token verb or header name, and CR, LF or NUL are " +
			"ERROR_INVALID_PARAMETER."},
	{ID: "LOG-DATA-1", Provenance: DOC, Source: iisRef + "isendresponseprovider-getlogdata-method",
		Statement: "ISendResponseProvider::GetLogData gives the request's log fields only to a module registered for RQ_SEND_RESPONSE at PRIORITY_ALIAS_FIRST or PRIORITY_ALIAS_HIGH (the alias, not the reversed running order), NULL otherwise; SetLogData makes IIS write the values given to the W3C log.",
		Reasoning: "NULL before the final send (GetReadyToLogData FALSE), and SetLogData refused with " +
			"ERROR_INVALID_PARAMETER where GetLogData is NULL, are the project's reading: the pages tie the log data to " +
			"the send that logs."},
}
