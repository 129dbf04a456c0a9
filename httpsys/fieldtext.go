package httpsys

import "strings"

// SafeFieldText reports whether s may go into a response's status line or
// a header name or value as it is: it holds no CR, LF or NUL. RFC 9110
// §5.5 calls these three in a field value invalid and dangerous; on the
// wire, a CR or LF would end the line early and let what follows stand as
// a header of its own (response splitting). Every setter that takes text
// for the head checks it (HD-5).
func SafeFieldText(s string) bool { return !strings.ContainsAny(s, "\r\n\x00") }

// checkResponseHead refuses a response whose reason or headers would
// split the head: HttpSendHttpResponse fails with ERROR_INVALID_PARAMETER
// and nothing is sent (HD-5, INFER: the HTTP Server API page lists
// ERROR_INVALID_PARAMETER for an unusable parameter).
func checkResponseHead(resp *Response) error {
	if !SafeFieldText(resp.Reason) {
		return ErrorInvalidParameter
	}
	for _, h := range resp.Headers {
		if h.Name == "" || !SafeFieldText(h.Name) || !SafeFieldText(h.Value) {
			return ErrorInvalidParameter
		}
	}
	return nil
}
