package iis

// Decisions holds, in one place, every behaviour the IIS documentation
// leaves open and the emulator had to decide ([INFER] in the behaviour
// reference). A user with a real IIS who finds one wrong can flip it here
// and rerun the suite. DefaultDecisions is what iisemu ships.
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
	// PIPE-7: the buffered response is sent after RQ_END_REQUEST and its
	// post-notification, so OnEndRequest can still change it.
	FinalSendAfterEndRequest bool
	// CL-1: Clear() follows the method page's remarks: it empties the
	// entity and also puts status and headers back to their defaults.
	ClearResetsStatusAndHeaders bool
	// ND-2: SetNeedDisconnect ends the connection in an orderly way (FIN)
	// after the full response, which carries "Connection: close".
	NeedDisconnectIsOrderly bool
	// RC-3/PIPE-6: after ResetConnection, RQ_SEND_RESPONSE still fires for
	// the final send (the pipeline keeps processing the response); the
	// send itself reaches no one.
	SendResponseFiresAfterReset bool
	// HD-4: SetHeader and SetStatus after the headers were sent return S_OK
	// and change nothing on the wire.
	LateHeaderChangesSucceed bool
}

// DefaultDecisions are the answers iisemu ships, as the behaviour
// reference records them.
var DefaultDecisions = Decisions{
	FinishRunsEndStages:             true,
	FinishSkipsLaterModules:         true,
	SendResponseReversesConfigOrder: true,
	FinalSendAfterEndRequest:        true,
	ClearResetsStatusAndHeaders:     true,
	NeedDisconnectIsOrderly:         true,
	SendResponseFiresAfterReset:     true,
	LateHeaderChangesSucceed:        true,
}
