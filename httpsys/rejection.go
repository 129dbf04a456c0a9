package httpsys

// Rejection is a request HTTP.sys answers itself, without the layer above
// ever seeing it (SYS-ERR-1): the status, the heading and sentence of its
// error page (SYS-ERR-2), and the reason phrase of the HTTP.sys error log
// (SYS-LOG-1).
type Rejection struct {
	Status    int
	Heading   string    // the page title and <h2>, e.g. "Bad Request - Request Too Long"
	Text      string    // the sentence after "HTTP Error <code>. "
	LogReason LogReason // httperr log s-reason, e.g. ReasonFieldLength
	// Provenance: "EVID" where the page is known from real HTTP.sys,
	// "INFER" where the heading is the project's guess.
	Provenance string
}

// Error makes a Rejection usable as a parse error.
func (r *Rejection) Error() string { return "httpsys: request rejected: " + string(r.LogReason) }

// The rejections the parser produces. Known pages are EVID (SYS-ERR-2).
var (
	RejectBadRequest = &Rejection{Status: 400, Heading: "Bad Request",
		Text: "The request is badly formed.", LogReason: ReasonBadRequest, Provenance: "EVID"}
	RejectFieldLength = &Rejection{Status: 400, Heading: "Bad Request - Request Too Long",
		Text: "The size of the request headers is too long.", LogReason: ReasonFieldLength, Provenance: "EVID"}
	RejectRequestLength = &Rejection{Status: 400, Heading: "Bad Request - Request Too Long",
		Text: "The size of the request headers is too long.", LogReason: ReasonRequestLength, Provenance: "EVID"}
	RejectHostname = &Rejection{Status: 400, Heading: "Bad Request - Invalid Hostname",
		Text: "The request hostname is invalid.", LogReason: ReasonHostname, Provenance: "EVID"}
	RejectURLTooLong = &Rejection{Status: 414, Heading: "Request URL Too Long",
		Text: "The request URL is too long.", LogReason: ReasonURLLength, Provenance: "EVID"}
	RejectVersion = &Rejection{Status: 505, Heading: "HTTP Version Not Supported",
		Text: "The HTTP version is not supported.", LogReason: ReasonVersion, Provenance: "INFER"}
	RejectVerb = &Rejection{Status: 400, Heading: "Bad Request - Invalid Verb",
		Text: "The request verb is invalid.", LogReason: ReasonVerb, Provenance: "INFER"}
	RejectHeaderName = &Rejection{Status: 400, Heading: "Bad Request - Invalid Header Name",
		Text: "The request has an invalid header name.", LogReason: ReasonBadRequest, Provenance: "INFER"}
	RejectURL = &Rejection{Status: 400, Heading: "Bad Request - Invalid URL",
		Text: "The request URL is invalid.", LogReason: ReasonURL, Provenance: "INFER"}
	RejectConnLimit = &Rejection{Status: 503, Heading: "Service Unavailable",
		Text: "The service is unavailable.", LogReason: ReasonConnLimit, Provenance: "EVID"}
	RejectQueueFull = &Rejection{Status: 503, Heading: "Service Unavailable",
		Text: "The service is unavailable.", LogReason: ReasonQueueFull, Provenance: "EVID"}
	RejectLengthRequired = &Rejection{Status: 411, Heading: "Length Required",
		Text: "The request must be chunked or have a content length.", LogReason: ReasonLengthRequired, Provenance: "INFER"}
	RejectRequestQueueTimer = &Rejection{Status: 503, Heading: "Service Unavailable",
		Text: "The service is unavailable.", LogReason: ReasonTimerReqQueue, Provenance: "INFER"}
	RejectTransferCoding = &Rejection{Status: 501, Heading: "Not Implemented",
		Text: "The request transfer encoding type is not supported.", LogReason: ReasonNotImplemented, Provenance: "INFER"}
)
