package httpsys

import (
	"fmt"
	"time"
)

// Limits are HTTP.sys's request limits, named as the registry values under
// HKLM\System\CurrentControlSet\Services\HTTP\Parameters (SYS-LIM-1). A
// zero number takes the documented default; the booleans' zero values are
// their defaults' opposites only where the registry default is 1, so those
// are spelled as "Disable…" or given by NewLimits.
type Limits struct {
	// MaxFieldLength bounds one header line (default 16384, 64–65534).
	MaxFieldLength int
	// MaxRequestBytes bounds the request line plus headers (default 16384,
	// 256–16777216).
	MaxRequestBytes int
	// UrlSegmentMaxLength bounds one path segment (default 260, registry
	// range 0–32766). The registry's 0, "only the URL length bounds it", is
	// -1 here, since 0 means the default.
	UrlSegmentMaxLength int
	// UrlSegmentMaxCount bounds the number of path segments (default 255,
	// registry range 0–16383). The registry's 0, "no limit", is -1 here.
	UrlSegmentMaxCount int
	// AllowRestrictedChars lets percent-encoded control characters through
	// (registry default 0).
	AllowRestrictedChars bool
	// RejectNonUTF8 is EnableNonUTF8 = 0: raw bytes that are not UTF-8 in
	// the URL are refused (registry default 1, accept).
	RejectNonUTF8 bool
	// RejectPercentU is PercentUAllowed = 0: %uXXXX escapes are refused
	// (registry default 1, accept).
	RejectPercentU bool
	// MaxConnections bounds simultaneous connections; more are answered
	// 503 (ConnLimit). 0 is the registry default, no limit.
	MaxConnections int
}

// Documented defaults (SYS-LIM-1).
const (
	DefaultMaxFieldLength      = 16384
	DefaultMaxRequestBytes     = 16384
	DefaultUrlSegmentMaxLength = 260
	DefaultUrlSegmentMaxCount  = 255
	maxURLLength               = 32766 // the absolute bound the registry article gives
)

func (l Limits) withDefaults() Limits {
	if l.MaxFieldLength <= 0 {
		l.MaxFieldLength = DefaultMaxFieldLength
	}
	if l.MaxRequestBytes <= 0 {
		l.MaxRequestBytes = DefaultMaxRequestBytes
	}
	if l.UrlSegmentMaxLength == 0 {
		l.UrlSegmentMaxLength = DefaultUrlSegmentMaxLength
	}
	if l.UrlSegmentMaxCount == 0 {
		l.UrlSegmentMaxCount = DefaultUrlSegmentMaxCount
	}
	return l
}

// Validate reports a value outside the registry's documented range.
func (l Limits) Validate() error {
	check := func(name string, v, lo, hi int) error {
		if v != 0 && (v < lo || v > hi) {
			return fmt.Errorf("%s %d is outside %d–%d", name, v, lo, hi)
		}
		return nil
	}
	for _, c := range []error{
		check("MaxFieldLength", l.MaxFieldLength, 64, 65534),
		check("MaxRequestBytes", l.MaxRequestBytes, 256, 16777216),
		check("UrlSegmentMaxLength", l.UrlSegmentMaxLength, -1, 32766),
		check("UrlSegmentMaxCount", l.UrlSegmentMaxCount, -1, 16383),
	} {
		if c != nil {
			return c
		}
	}
	if l.MaxConnections < 0 {
		return fmt.Errorf("MaxConnections %d is negative", l.MaxConnections)
	}
	return nil
}

// Timeouts are HTTP.sys's timers (HTTP_TIMEOUT_LIMIT_INFO, SYS-TIME-1).
// A zero duration takes the documented default; they run on the server's
// Clock, so the in-memory model's are instant.
type Timeouts struct {
	// EntityBody bounds the wait for each piece of a request body.
	EntityBody time.Duration
	// DrainEntityBody bounds draining an unread body after the response.
	DrainEntityBody time.Duration
	// IdleConnection bounds the wait for the next request on a connection.
	IdleConnection time.Duration
	// HeaderWait bounds the time from a request's first byte to its end of
	// headers.
	HeaderWait time.Duration
	// RequestQueue bounds how long a request may wait in the queue for the
	// application's Receive; it is then answered 503 (Timer_ReqQueue). The
	// IIS pipeline takes requests at once, so it applies to queue users.
	RequestQueue time.Duration
	// MinSendRate is the slowest a client may read a response, in bytes
	// per second (default 150).
	MinSendRate int
}

// Documented defaults (SYS-TIME-1).
const (
	DefaultTimer       = 120 * time.Second
	DefaultMinSendRate = 150
)

// TimerNames are the timers' names, as in HTTP_TIMEOUT_LIMIT_INFO.
var TimerNames = []string{"EntityBody", "DrainEntityBody", "IdleConnection", "HeaderWait", "RequestQueue"}

// Timer is the timer of that name (one of TimerNames), or nil.
func (t *Timeouts) Timer(name string) *time.Duration {
	switch name {
	case "EntityBody":
		return &t.EntityBody
	case "DrainEntityBody":
		return &t.DrainEntityBody
	case "IdleConnection":
		return &t.IdleConnection
	case "HeaderWait":
		return &t.HeaderWait
	case "RequestQueue":
		return &t.RequestQueue
	}
	return nil
}

func (t Timeouts) withDefaults() Timeouts {
	for _, name := range TimerNames {
		if d := t.Timer(name); *d <= 0 {
			*d = DefaultTimer
		}
	}
	if t.MinSendRate <= 0 {
		t.MinSendRate = DefaultMinSendRate
	}
	return t
}
