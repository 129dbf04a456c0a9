package httpsys

import (
	"errors"
	"math"
	"time"
)

// parameters is the one table of HTTP.sys's parameters: the configuration
// loader, the default configuration file, the README's table, validation
// and the server's defaults all follow from it. Ranges and defaults are
// the registry article's and HTTP_TIMEOUT_LIMIT_INFO's (see Parameter).
var parameters = []Parameter{
	{Name: "MaxFieldLength", Unit: UnitBytes, Default: DefaultMaxFieldLength, Min: 64, Max: 65534,
		Doc:    "one header line, in bytes",
		Effect: "past it, 400 \"Bad Request - Request Too Long\" (`FieldLength`); on the request line, 414 (`URL_Length`)",
		field:  number(func(c *Config) *int { return &c.Limits.MaxFieldLength })},
	{Name: "MaxRequestBytes", Unit: UnitBytes, Default: DefaultMaxRequestBytes, Min: 256, Max: 16777216,
		Doc:    "request line and headers",
		Effect: "past it, 400 \"Bad Request - Request Too Long\" (`RequestLength`); set below MaxFieldLength, it brings MaxFieldLength down to it (SYS-LIM-2)",
		field:  number(func(c *Config) *int { return &c.Limits.MaxRequestBytes })},
	{Name: "UrlSegmentMaxLength", Unit: UnitBytes, Default: DefaultUrlSegmentMaxLength, Min: 0, Max: 32766,
		Doc:    "one path segment; 0 = only the URL length limits it",
		Effect: "past it, 400 \"Bad Request - Invalid URL\" (`URL`); 0 leaves only the URL's length to bound a segment",
		field:  zeroIsNoLimit(func(c *Config) *int { return &c.Limits.UrlSegmentMaxLength })},
	{Name: "UrlSegmentMaxCount", Unit: UnitCount, Default: DefaultUrlSegmentMaxCount, Min: 0, Max: 16383,
		Doc:    "path segments; 0 = no limit",
		Effect: "past it, 400 \"Bad Request - Invalid URL\" (`URL`); 0 is no limit",
		field:  zeroIsNoLimit(func(c *Config) *int { return &c.Limits.UrlSegmentMaxCount })},
	{Name: "AllowRestrictedChars", Unit: UnitFlag, Default: 0, Min: 0, Max: 1,
		Doc:    "1 lets percent-encoded control characters through",
		Effect: "at 0, percent-encoded control characters in a URL: 400 (`URL`)",
		field:  flag{ptr: func(c *Config) *bool { return &c.Limits.AllowRestrictedChars }}},
	{Name: "EnableNonUTF8", Unit: UnitFlag, Default: 1, Min: 0, Max: 1,
		Doc:    "0 refuses URL bytes that are not UTF-8",
		Effect: "set to 0, raw bytes that are not UTF-8 in a URL: 400 (`URL`)",
		field:  flag{ptr: func(c *Config) *bool { return &c.Limits.RejectNonUTF8 }, negated: true}},
	{Name: "FavorUTF8", Unit: UnitFlag, Default: 1, Min: 0, Max: 1,
		Doc:    "accepted; URLs are decoded as UTF-8 either way",
		Effect: "accepted and checked, without effect: URLs are decoded as UTF-8 either way",
		field:  noField{}},
	{Name: "PercentUAllowed", Unit: UnitFlag, Default: 1, Min: 0, Max: 1,
		Doc:    "0 refuses %uXXXX escapes",
		Effect: "set to 0, `%uXXXX` in a URL: 400 (`URL`)",
		field:  flag{ptr: func(c *Config) *bool { return &c.Limits.RejectPercentU }, negated: true}},
	{Name: "DisableServerHeader", Unit: UnitChoice, Default: 0, Min: 0, Max: 2,
		Doc:    "0, 1 or 2: where HTTP.sys adds Server: Microsoft-HTTPAPI/2.0",
		Effect: "0: HTTP.sys adds `Server: Microsoft-HTTPAPI/2.0` where a response has none, and its product after an application's own Server; 1: the same, but no Server on the answers HTTP.sys makes itself (400, 503, …); 2: HTTP.sys adds its product to no response, an application's own Server being kept as given",
		field:  number(func(c *Config) *int { return &c.DisableServerHeader })},
	{Name: "MaxConnections", Unit: UnitCount, Default: 0, Min: 0, Max: math.MaxInt32,
		Doc:    "0 = no limit; more connections are answered 503 (ConnLimit)",
		Effect: "0 is no limit; past it, 503 \"Service Unavailable\" (`ConnLimit`), open connections keep working",
		field:  number(func(c *Config) *int { return &c.Limits.MaxConnections })},
	{Name: "QueueLength", Unit: UnitCount, Default: DefaultQueueLength, Min: 1, Max: 65535,
		Doc:    "requests held at once; more are answered 503 (QueueFull)",
		Effect: "past it, 503 (`QueueFull`)",
		field:  number(func(c *Config) *int { return &c.QueueLength })},
	timer("EntityBody", "wait for each piece of a request body",
		"a request body that stalls: `ReadEntityBody` fails and the connection is dropped (`Timer_EntityBody`)",
		func(t *Timeouts) *time.Duration { return &t.EntityBody }),
	timer("DrainEntityBody", "drain an unread body after the response",
		"an unread body still draining after the response: the connection is closed",
		func(t *Timeouts) *time.Duration { return &t.DrainEntityBody }),
	timer("IdleConnection", "wait for the next request on a connection",
		"a connection that sends nothing, before its first request or after a response, is closed (`Timer_ConnectionIdle`)",
		func(t *Timeouts) *time.Duration { return &t.IdleConnection }),
	timer("HeaderWait", "from a request's first byte to the end of its headers",
		"a client whose head is still incomplete, a slowloris, is dropped (`Timer_HeaderWait`)",
		func(t *Timeouts) *time.Duration { return &t.HeaderWait }),
	timer("RequestQueue", "a request's wait in the queue for the application",
		"a request left waiting in the queue: 503 (`Timer_ReqQueue`); the IIS pipeline takes requests at once, so it concerns users of `Receive`",
		func(t *Timeouts) *time.Duration { return &t.RequestQueue }),
	{Name: "MinSendRate", Group: "Timers", Unit: UnitBytesPerSecond, Default: DefaultMinSendRate, Min: 1, Max: MinSendRateOff,
		Doc:    "bytes per second a client must take a response at; 4294967295 = off",
		Effect: "a client that takes a response more slowly is dropped (`Timer_MinBytesPerSecond`); 4294967295 (MAXULONG) turns the timer off",
		field:  number(func(c *Config) *int { return &c.Timeouts.MinSendRate })},
}

// timer is a timer of HTTP_TIMEOUT_LIMIT_INFO: up to 65535 seconds, 120
// by default; 0 takes the default, as the structure's page says of a
// server session's timers (SYS-TIME-2).
func timer(name, doc, effect string, f func(*Timeouts) *time.Duration) Parameter {
	return Parameter{Name: name, Group: "Timers", Unit: UnitSeconds, Default: int(DefaultTimer / time.Second),
		Min: 0, Max: 65535, Doc: doc, Effect: effect, field: seconds(f)}
}

// LookupParameter returns the parameter with that Key.
func LookupParameter(key string) (Parameter, bool) {
	for _, p := range parameters {
		if p.Key() == key {
			return p, true
		}
	}
	return Parameter{}, false
}

// Parameters lists HTTP.sys's parameters in the order the default
// configuration gives them.
func Parameters() []Parameter { return append([]Parameter(nil), parameters...) }

// Validate reports, joined, every parameter whose value in c lies outside
// its documented range. The configuration loader refuses such values as
// they are read; NewServer takes any Config, so that Go callers may go
// finer than the registry allows (sub-second timers).
func (c Config) Validate() error {
	var errs []error
	for _, p := range parameters {
		if v, ok := p.Get(c); ok {
			errs = append(errs, p.Check(v))
		}
	}
	return errors.Join(errs...)
}

// withDefaults is c with every parameter left zero at its default.
func (c Config) withDefaults() Config {
	for _, p := range parameters {
		p.field.fill(&c, p.Default)
	}
	if c.LoggingTimeout == 0 {
		c.LoggingTimeout = DefaultLoggingTimeout
	}
	// SYS-LIM-2: the registry article says MaxFieldLength is adjusted when
	// MaxRequestBytes is lower; down to MaxRequestBytes is the reading
	// taken (INFER), so that one long line is a FieldLength error.
	if l := &c.Limits; l.MaxRequestBytes < l.MaxFieldLength {
		l.MaxFieldLength = l.MaxRequestBytes
	}
	return c
}
