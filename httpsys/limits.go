package httpsys

// Limits are HTTP.sys's request-parsing limits, named as the registry
// values under HKLM\System\CurrentControlSet\Services\HTTP\Parameters
// (SYS-LIM-1). A zero field takes the documented default.
type Limits struct {
	// MaxFieldLength bounds one header line, name and value (default 16384).
	MaxFieldLength int
	// MaxRequestBytes bounds the request line plus headers (default 16384).
	MaxRequestBytes int
}

// Documented defaults (SYS-LIM-1).
const (
	DefaultMaxFieldLength  = 16384
	DefaultMaxRequestBytes = 16384
)

func (l Limits) withDefaults() Limits {
	if l.MaxFieldLength <= 0 {
		l.MaxFieldLength = DefaultMaxFieldLength
	}
	if l.MaxRequestBytes <= 0 {
		l.MaxRequestBytes = DefaultMaxRequestBytes
	}
	return l
}
