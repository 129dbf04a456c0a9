package httpsys

import "strconv"

// appendErrorResponse writes HTTP.sys's own answer to a rejected request
// (SYS-ERR-2): a small HTML 4.01 page in us-ascii, with Server
// Microsoft-HTTPAPI/2.0 and Connection: close, since the connection is
// closed after it (SYS-ERR-1).
func appendErrorResponse(b []byte, rej *Rejection, date []byte, serverHeader bool) []byte {
	page := errorPage(rej)
	b = append(b, "HTTP/1.1 "...)
	b = strconv.AppendInt(b, int64(rej.Status), 10)
	b = append(b, ' ')
	b = append(b, reasonPhrase(rej.Status)...)
	b = append(b, "\r\nContent-Type: text/html; charset=us-ascii\r\n"...)
	if serverHeader {
		b = append(b, "Server: "+ServerHeader+"\r\n"...)
	}
	b = append(b, "Date: "...)
	b = append(b, date...)
	b = append(b, "\r\nConnection: close\r\nContent-Length: "...)
	b = strconv.AppendInt(b, int64(len(page)), 10)
	b = append(b, "\r\n\r\n"...)
	return append(b, page...)
}

// errorPage renders the body of an HTTP.sys error answer.
func errorPage(rej *Rejection) string {
	code := strconv.Itoa(rej.Status)
	return `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN""http://www.w3.org/TR/html4/strict.dtd">` + "\r\n" +
		`<HTML><HEAD><TITLE>` + rej.Heading + `</TITLE>` + "\r\n" +
		`<META HTTP-EQUIV="Content-Type" Content="text/html; charset=us-ascii"></HEAD>` + "\r\n" +
		`<BODY><h2>` + rej.Heading + `</h2>` + "\r\n" +
		`<hr><p>HTTP Error ` + code + `. ` + rej.Text + `</p>` + "\r\n" +
		`</BODY></HTML>` + "\r\n"
}

// reasonPhrase is the status line's reason for the codes HTTP.sys answers
// itself.
func reasonPhrase(code int) string {
	switch code {
	case 400:
		return "Bad Request"
	case 411:
		return "Length Required"
	case 413:
		return "Request Entity Too Large"
	case 414:
		return "Request-URI Too Long"
	case 501:
		return "Not Implemented"
	case 503:
		return "Service Unavailable"
	case 505:
		return "HTTP Version Not Supported"
	}
	return "Error"
}
