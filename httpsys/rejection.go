package httpsys

// Rejection is a request HTTP.sys answers itself, without the layer above
// ever seeing it (SYS-ERR-1): the status, the heading and sentence of its
// error page (SYS-ERR-2), and the reason phrase of the HTTP.sys error log
// (SYS-LOG-1).
type Rejection struct {
	Status    int
	Heading   string // the page title and <h2>, e.g. "Bad Request - Request Too Long"
	Text      string // the sentence after "HTTP Error <code>. "
	LogReason string // httperr log s-reason, e.g. "FieldLength"
	// Provenance: "EVID" where the page is known from real HTTP.sys,
	// "INFER" where the heading is the project's guess.
	Provenance string
}

// Error makes a Rejection usable as a parse error.
func (r *Rejection) Error() string { return "httpsys: request rejected: " + r.LogReason }

// The rejections the parser produces. Known pages are EVID (SYS-ERR-2).
var (
	RejectBadRequest = &Rejection{Status: 400, Heading: "Bad Request",
		Text: "The request is badly formed.", LogReason: "BadRequest", Provenance: "EVID"}
	RejectFieldLength = &Rejection{Status: 400, Heading: "Bad Request - Request Too Long",
		Text: "The size of the request headers is too long.", LogReason: "FieldLength", Provenance: "EVID"}
	RejectRequestLength = &Rejection{Status: 400, Heading: "Bad Request - Request Too Long",
		Text: "The size of the request headers is too long.", LogReason: "RequestLength", Provenance: "EVID"}
	RejectHostname = &Rejection{Status: 400, Heading: "Bad Request - Invalid Hostname",
		Text: "The request hostname is invalid.", LogReason: "Hostname", Provenance: "EVID"}
	RejectURLTooLong = &Rejection{Status: 414, Heading: "Request URL Too Long",
		Text: "The request URL is too long.", LogReason: "URL_Length", Provenance: "EVID"}
	RejectVersion = &Rejection{Status: 505, Heading: "HTTP Version Not Supported",
		Text: "The HTTP version is not supported.", LogReason: "Version_N/S", Provenance: "INFER"}
	RejectVerb = &Rejection{Status: 400, Heading: "Bad Request - Invalid Verb",
		Text: "The request verb is invalid.", LogReason: "Verb", Provenance: "INFER"}
	RejectHeaderName = &Rejection{Status: 400, Heading: "Bad Request - Invalid Header Name",
		Text: "The request has an invalid header name.", LogReason: "BadRequest", Provenance: "INFER"}
	RejectURL = &Rejection{Status: 400, Heading: "Bad Request - Invalid URL",
		Text: "The request URL is invalid.", LogReason: "URL", Provenance: "INFER"}
	RejectConnLimit = &Rejection{Status: 503, Heading: "Service Unavailable",
		Text: "The service is unavailable.", LogReason: "ConnLimit", Provenance: "EVID"}
	RejectQueueFull = &Rejection{Status: 503, Heading: "Service Unavailable",
		Text: "The service is unavailable.", LogReason: "QueueFull", Provenance: "EVID"}
	RejectLengthRequired = &Rejection{Status: 411, Heading: "Length Required",
		Text: "The request must be chunked or have a content length.", LogReason: "LengthRequired", Provenance: "INFER"}
	RejectRequestQueueTimer = &Rejection{Status: 503, Heading: "Service Unavailable",
		Text: "The service is unavailable.", LogReason: "Timer_ReqQueue", Provenance: "INFER"}
	RejectTransferCoding = &Rejection{Status: 501, Heading: "Not Implemented",
		Text: "The request transfer encoding type is not supported.", LogReason: "BadRequest", Provenance: "INFER"}
)
