package conformance

import (
	"github.com/iisemu/iisemu/httpsys"
)

var _ = Area("HTTP.sys request parsing", func() {
	// SYS-FIELD-1 [INFER] A control byte other than HTAB in a field value
	// is answered 400 by HTTP.sys.
	// Source: rfc9110#section-5.5
	Behaviour("answers a control byte in a field value with 400", []string{"SYS-FIELD-1", "SYS-ERR-1"},
		HelloCase("field control", "GET {path} HTTP/1.1\r\nHost: x\r\nX-Ctl: a\x01b\r\n\r\n", 1), func(o *Observation) {
			expectRejected(o, 400, "Bad Request", httpsys.ReasonBadRequest)
		})
})
