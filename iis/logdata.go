package iis

import "time"

// The request's log data as RQ_SEND_RESPONSE's provider exposes it
// (iis:isendresponseprovider-getlogdata-method,
// iis:isendresponseprovider-setlogdata-method).

// LogFieldsData is the Go form of HTTP_LOG_FIELDS_DATA: the fields of the
// request's W3C log line that a module can read and change. The addresses
// and ports are left out: the W3C log keeps them as the connection had
// them.
type LogFieldsData struct {
	UserName       string // cs-username
	URIStem        string // cs-uri-stem
	URIQuery       string // cs-uri-query, without "?"
	Method         string // cs-method
	Host           string // cs-host
	UserAgent      string // cs(User-Agent)
	Cookie         string // cs(Cookie)
	Referrer       string // cs(Referer)
	ServerName     string // s-computername
	ServiceName    string // s-sitename
	ProtocolStatus uint16 // sc-status
	SubStatus      uint16 // sc-substatus
}

// logFieldsOf takes the fields of e.
func logFieldsOf(e *RequestLogEntry) LogFieldsData {
	return LogFieldsData{UserName: e.UserName, URIStem: e.URIStem, URIQuery: e.URIQuery, Method: e.Method,
		Host: e.Host, UserAgent: e.UserAgent, Cookie: e.Cookie, Referrer: e.Referer,
		ServerName: e.ComputerName, ServiceName: e.SiteName, ProtocolStatus: e.Status, SubStatus: e.SubStatus}
}

// applyTo writes the fields into e.
func (d *LogFieldsData) applyTo(e *RequestLogEntry) {
	e.UserName, e.URIStem, e.URIQuery, e.Method = d.UserName, d.URIStem, d.URIQuery, d.Method
	e.Host, e.UserAgent, e.Cookie, e.Referer = d.Host, d.UserAgent, d.Cookie, d.Referrer
	e.ComputerName, e.SiteName, e.Status, e.SubStatus = d.ServerName, d.ServiceName, d.ProtocolStatus, d.SubStatus
}

// GetLogData returns a copy of the request's log fields, or nil: the
// method page says it is always NULL unless the module registered for
// RQ_SEND_RESPONSE at PRIORITY_ALIAS_FIRST or PRIORITY_ALIAS_HIGH (the
// alias the module gave, not the reversed order it runs in: DOC wording),
// and a module is to call it only when GetReadyToLogData is TRUE, so it is
// nil on the other sends too (INFER).
func (p *sendResponseProvider) GetLogData() *LogFieldsData {
	c := p.ctx
	if c == nil || !p.readyToLog || c.curIndex < 0 {
		return nil
	}
	if pr := c.app.regs[c.curIndex].priorityFor(RQ_SEND_RESPONSE); pr != PriorityFirst && pr != PriorityHigh {
		return nil
	}
	if c.logData != nil {
		d := *c.logData
		return &d
	}
	e := c.logEntry(time.Time{}, time.Time{}, 0, 0)
	d := logFieldsOf(&e)
	return &d
}

// SetLogData makes IIS log data's fields instead of the request's own
// (the method page: the values are what IIS writes to the log). nil is
// ERROR_INVALID_PARAMETER (INFER); so is a call by a module to which
// GetLogData answers nil (INFER: it has no log data to change).
func (p *sendResponseProvider) SetLogData(data *LogFieldsData) HRESULT {
	if data == nil || p.GetLogData() == nil {
		return hrInvalidParameter
	}
	d := *data
	p.ctx.logData = &d
	return S_OK
}
