package iis

import (
	"net"
	"strconv"
	"strings"
)

// logColumn is one field of the W3C request log: the flag that selects
// it, its #Fields name and its value in an entry.
type logColumn struct {
	flag  LogExtFileFlags
	name  string
	value func(e *RequestLogEntry) string
}

// logColumns are every field, in the order IIS writes them whatever the
// order of logExtFileFlags (EVID: real IIS logs with every field selected
// read "date time s-sitename s-computername s-ip cs-method cs-uri-stem
// cs-uri-query s-port cs-username c-ip cs-version cs(User-Agent) cs(Cookie)
// cs(Referer) cs-host sc-status sc-substatus sc-win32-status sc-bytes
// cs-bytes time-taken", and IIS 10's default log the same order without the
// fields it leaves out).
var logColumns = []logColumn{
	{LogDate, "date", func(e *RequestLogEntry) string { return e.Time.UTC().Format("2006-01-02") }},
	{LogTime, "time", func(e *RequestLogEntry) string { return e.Time.UTC().Format("15:04:05") }},
	{LogSiteName, "s-sitename", func(e *RequestLogEntry) string { return logText(e.SiteName) }},
	{LogComputerName, "s-computername", func(e *RequestLogEntry) string { return logText(e.ComputerName) }},
	{LogServerIP, "s-ip", func(e *RequestLogEntry) string { return logText(logHost(e.ServerAddr)) }},
	{LogMethod, "cs-method", func(e *RequestLogEntry) string { return logText(e.Method) }},
	{LogURIStem, "cs-uri-stem", func(e *RequestLogEntry) string { return logText(e.URIStem) }},
	{LogURIQuery, "cs-uri-query", func(e *RequestLogEntry) string { return logText(e.URIQuery) }},
	{LogServerPort, "s-port", func(e *RequestLogEntry) string { return logText(logPort(e.ServerAddr)) }},
	{LogUserName, "cs-username", func(e *RequestLogEntry) string { return logText(e.UserName) }},
	{LogClientIP, "c-ip", func(e *RequestLogEntry) string { return logText(logHost(e.ClientAddr)) }},
	{LogProtocolVersion, "cs-version", func(e *RequestLogEntry) string { return logText(e.Version) }},
	{LogUserAgent, "cs(User-Agent)", func(e *RequestLogEntry) string { return logText(e.UserAgent) }},
	{LogCookie, "cs(Cookie)", func(e *RequestLogEntry) string { return logText(e.Cookie) }},
	{LogReferer, "cs(Referer)", func(e *RequestLogEntry) string { return logText(e.Referer) }},
	{LogHost, "cs-host", func(e *RequestLogEntry) string { return logText(e.Host) }},
	{LogHTTPStatus, "sc-status", func(e *RequestLogEntry) string { return strconv.Itoa(int(e.Status)) }},
	{LogHTTPSubStatus, "sc-substatus", func(e *RequestLogEntry) string { return strconv.Itoa(int(e.SubStatus)) }},
	{LogWin32Status, "sc-win32-status", func(e *RequestLogEntry) string { return strconv.FormatUint(uint64(e.Win32Status), 10) }},
	{LogBytesSent, "sc-bytes", func(e *RequestLogEntry) string { return strconv.FormatInt(e.BytesSent, 10) }},
	{LogBytesRecv, "cs-bytes", func(e *RequestLogEntry) string { return strconv.FormatInt(e.BytesRecv, 10) }},
	{LogTimeTaken, "time-taken", func(e *RequestLogEntry) string { return strconv.FormatInt(e.TimeTakenMs, 10) }},
}

// logText is a text field as IIS writes it: "-" when empty, each space as
// "+" so that the line keeps one field per space-separated word.
func logText(s string) string {
	if s == "" {
		return "-"
	}
	return strings.ReplaceAll(s, " ", "+")
}

// logHost and logPort are the parts of a host:port address.
func logHost(addr string) string {
	h, _, _ := net.SplitHostPort(addr)
	return h
}

func logPort(addr string) string {
	_, p, _ := net.SplitHostPort(addr)
	return p
}
