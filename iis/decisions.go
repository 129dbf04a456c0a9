package iis

// Decisions holds, in one place, the behaviours the IIS documentation
// leaves open that the emulator can switch ([INFER] in the behaviour
// reference). A user with a real IIS who finds one wrong can flip it here
// and rerun the suite. DefaultDecisions is what iisemu ships. The other
// INFER behaviours (ND-2, HD-4, PIPE-7, RC-6 …) are fixed in the code at the
// place their ID is cited; the catalogue lists them all.
type Decisions struct {
	// PIPE-FIN-3: after RQ_NOTIFICATION_FINISH_REQUEST, the end-of-request
	// stages (RQ_LOG_REQUEST, RQ_END_REQUEST, their post-notifications)
	// still run before the final send. Evidence: modules that finish in
	// OnBeginRequest still deliver their body; ASP.NET's CompleteRequest
	// jumps to EndRequest.
	FinishRunsEndStages bool
	// PIPE-FIN-2: FINISH_REQUEST also skips the later modules of the same
	// notification and that notification's post-notification.
	FinishSkipsLaterModules bool
	// PIPE-3: for RQ_SEND_RESPONSE the docs reverse priority order; the
	// emulator reverses configuration order too.
	SendResponseReversesConfigOrder bool
	// CL-1: Clear() follows the method page's remarks: it empties the
	// entity and also puts status and headers back to their defaults.
	ClearResetsStatusAndHeaders bool
	// RC-3/PIPE-6: after ResetConnection, RQ_SEND_RESPONSE still fires for
	// the final send (the pipeline keeps processing the response); the
	// send itself reaches no one.
	SendResponseFiresAfterReset bool
	// CTX-LAST-1: GetIsLastNotification answers as its method page's
	// summary, return value and remarks say: TRUE when further
	// notifications are pending for the request, any module's. FALSE
	// follows the method's name and the page's sample instead: TRUE when
	// the calling module gets no further notification.
	IsLastNotificationMeansPending bool
	// HD-3: IIS's own Server value is not in the response's headers while
	// modules run; the first send adds it, before RQ_SEND_RESPONSE, when no
	// module set Server. So Server set through SetHeader's HTTP_HEADER_ID
	// overload from a handler is the only product on the wire (evidence:
	// ASP.NET Core's in-process server), and in OnSendResponse it appends
	// to IIS's value (the method page). FALSE holds IIS's value from the
	// start, so that the ID overload always appends to it.
	DefaultServerHeaderAtSend bool
	// ND-2: after SetNeedDisconnect the connection ends, once the whole
	// response is written, with an orderly close (FIN): the method page's
	// remarks ask that the socket "be disconnected after the server
	// finishes processing", and a reset could destroy the response the
	// page promises. FALSE follows the method's summary ("resets the socket
	// after the response is complete") and CancelIo's remarks: RST after the
	// complete response.
	NeedDisconnectClosesOrderly bool
}

// DefaultDecisions are the answers iisemu ships, as the behaviour
// reference records them.
var DefaultDecisions = Decisions{
	FinishRunsEndStages:             true,
	FinishSkipsLaterModules:         true,
	SendResponseReversesConfigOrder: true,
	ClearResetsStatusAndHeaders:     true,
	SendResponseFiresAfterReset:     true,
	IsLastNotificationMeansPending:  true,
	DefaultServerHeaderAtSend:       true,
	NeedDisconnectClosesOrderly:     true,
}
