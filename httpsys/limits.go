package httpsys

import (
	"math"
	"time"
)

// Limits are HTTP.sys's request limits (SYS-LIM-1). Each field is governed
// by the registry value of the same name, or the one named, whose range,
// default and effect the parameter table (Parameters) gives. A zero number
// takes the default; the booleans are named so that false is the default.
type Limits struct {
	// MaxFieldLength bounds one header line, in bytes.
	MaxFieldLength int
	// MaxRequestBytes bounds the request line plus headers, in bytes.
	MaxRequestBytes int
	// UrlSegmentMaxLength bounds one path segment, in bytes. The registry's
	// 0, "only the URL length bounds it", is -1 here, since 0 means the
	// default.
	UrlSegmentMaxLength int
	// UrlSegmentMaxCount bounds the number of path segments. The
	// registry's 0, "no limit", is -1 here.
	UrlSegmentMaxCount int
	// AllowRestrictedChars lets percent-encoded control characters through.
	AllowRestrictedChars bool
	// RejectNonUTF8 is EnableNonUTF8 = 0: raw bytes that are not UTF-8 in
	// the URL are refused.
	RejectNonUTF8 bool
	// RejectPercentU is PercentUAllowed = 0: %uXXXX escapes are refused.
	RejectPercentU bool
	// MaxConnections bounds simultaneous connections; more are answered
	// 503 (ConnLimit). 0 is no limit.
	MaxConnections int
}

// Documented defaults (SYS-LIM-1, SYS-TIME-1), named for the code and
// specs that build requests just over them.
const (
	DefaultMaxFieldLength      = 16384
	DefaultMaxRequestBytes     = 16384
	DefaultUrlSegmentMaxLength = 260
	DefaultUrlSegmentMaxCount  = 255
	DefaultQueueLength         = 1000
	DefaultTimer               = 120 * time.Second
	DefaultMinSendRate         = 150
	maxURLLength               = 32766 // the absolute bound the registry article gives
)

// Timeouts are HTTP.sys's timers (HTTP_TIMEOUT_LIMIT_INFO, SYS-TIME-1),
// governed by the parameters of the Timers group. A zero duration takes the
// default; they run on the server's Clock, so the in-memory model's are
// instant.
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
	// per second; MinSendRateOff (MAXULONG) turns the timer off.
	MinSendRate int
}

// MinSendRateOff is MAXULONG, the MinSendRate that disables the timer
// (SYS-TIME-2, HTTP_TIMEOUT_LIMIT_INFO).
const MinSendRateOff = math.MaxUint32

// minSendWindow is the least time any write is allowed (MinSendRate).
const minSendWindow = 100 * time.Millisecond

// sendDeadline is when a write of n bytes begun at now must be done: its
// length at MinSendRate, and at least minSendWindow (INFER: the floor
// keeps tiny writes from failing on scheduling noise). It is the zero
// time, no deadline, when MinSendRate is MinSendRateOff.
func (t *Timeouts) sendDeadline(now time.Time, n int) time.Time {
	if t.MinSendRate == MinSendRateOff {
		return time.Time{}
	}
	return now.Add(max(minSendWindow, time.Duration(n)*time.Second/time.Duration(t.MinSendRate)))
}

// TimerNames are the timers' names, as in HTTP_TIMEOUT_LIMIT_INFO: the
// parameters counted in seconds.
var TimerNames = timerNames()

func timerNames() []string {
	var names []string
	for _, p := range parameters {
		if _, ok := p.field.(seconds); ok {
			names = append(names, p.Name)
		}
	}
	return names
}

// Timer is the timer of that name (one of TimerNames), or nil.
func (t *Timeouts) Timer(name string) *time.Duration {
	p, _ := LookupParameter("Timers." + name)
	if f, ok := p.field.(seconds); ok {
		return f(t)
	}
	return nil
}

func (l Limits) withDefaults() Limits { return Config{Limits: l}.withDefaults().Limits }
