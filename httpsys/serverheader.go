package httpsys

// The values of DisableServerHeader, as the registry article gives them
// (SD-2, https://learn.microsoft.com/en-us/troubleshoot/developer/webapps/iis/iisadmin-service-inetinfo/httpsys-registry-windows).
const (
	// ServerHeaderOffOwnAnswers keeps Server off the answers HTTP.sys
	// generates itself (its 400, 503, … error pages); responses the
	// application sends still get HTTP.sys's product when they have none.
	ServerHeaderOffOwnAnswers = 1
	// ServerHeaderOff stops HTTP.sys adding a Server header to any
	// response; a Server the application set is kept, not removed.
	ServerHeaderOff = 2
)

// serverOnOwnAnswers reports whether HTTP.sys's own error answers carry
// Server: Microsoft-HTTPAPI/2.0.
func (c *Config) serverOnOwnAnswers() bool { return c.DisableServerHeader == 0 }

// serverOnResponses reports whether HTTP.sys adds its product to the
// responses an application sends.
func (c *Config) serverOnResponses() bool { return c.DisableServerHeader != ServerHeaderOff }
