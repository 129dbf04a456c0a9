package soak

import (
	"fmt"
	"sync"
	"time"
)

// Kind is how a hostile client's connection ended, as the client saw it.
type Kind string

const (
	KindResetMidResponse Kind = "reset mid-response" // read part of a large response, then RST
	KindResetMidUpload   Kind = "reset mid-upload"   // sent half a Content-Length body, then RST
	KindSlowloris        Kind = "slowloris"          // trickled a header until the server dropped it
	KindConnLimit        Kind = "ConnLimit refusal"  // answered 503 at once: past MaxConnections
)

// kinds is the order summaries list them in.
var kinds = []Kind{KindResetMidResponse, KindResetMidUpload, KindSlowloris, KindConnLimit}

// Reasons are the error-log reasons (s-reason) that record a connection
// ended this way. A client that resets under a request the site answers at
// once leaves a request completed within HTTP.sys's logging timeout: no
// entry (Unlogged); Client_Reset only if the reset reached HTTP.sys before
// the request reached the application.
func (k Kind) Reasons() []string {
	switch k {
	case KindResetMidResponse, KindResetMidUpload:
		return []string{"Client_Reset"}
	case KindSlowloris:
		return []string{"Timer_HeaderWait"}
	case KindConnLimit:
		return []string{"ConnLimit"}
	}
	return nil
}

// Unlogged reports whether a connection ended this way may have no
// error-log entry at all (SYS-LOG-5).
func (k Kind) Unlogged() bool { return k == KindResetMidResponse || k == KindResetMidUpload }

// Drop is one connection that ended without a complete exchange: the
// server must log it in httperr1.log, where c-port identifies it.
type Drop struct {
	Kind       Kind
	Port       int
	Tag        string    // the request's tag, when one was sent
	Start, End time.Time // from before the dial to after the client saw the end
}

func (d Drop) String() string {
	if d.Tag == "" {
		return fmt.Sprintf("%s port %d", d.Kind, d.Port)
	}
	return fmt.Sprintf("%s port %d (soak=%s)", d.Kind, d.Port, d.Tag)
}

// Wave is one flood: Opened connections at once, Excess of them past
// MaxConnections whatever else was open, Refused the ones answered 503.
type Wave struct {
	Opened, Excess, Refused int
}

// Record is what the clients did. It is safe for concurrent use while
// the clients run; Judge reads it after they stopped.
type Record struct {
	mu          sync.Mutex
	Good        []string // tags of the well-behaved requests answered right
	GoodFailed  []string // one line per well-behaved request that was not
	GoodRefused int      // well-behaved connections refused with 503 and retried
	Drops       []Drop
	Waves       []Wave
	Anomalies   []string // hostile clients that did not end as planned
}

func (r *Record) good(tag string) {
	r.mu.Lock()
	r.Good = append(r.Good, tag)
	r.mu.Unlock()
}

func (r *Record) goodFailed(line string) {
	r.mu.Lock()
	r.GoodFailed = append(r.GoodFailed, line)
	r.mu.Unlock()
}

func (r *Record) refused(port int, tag string, start time.Time) {
	end := time.Now()
	r.mu.Lock()
	r.GoodRefused++
	r.Drops = append(r.Drops, Drop{KindConnLimit, port, tag, start, end})
	r.mu.Unlock()
}

func (r *Record) drop(k Kind, port int, tag string, start time.Time) {
	end := time.Now()
	r.mu.Lock()
	r.Drops = append(r.Drops, Drop{k, port, tag, start, end})
	r.mu.Unlock()
}

func (r *Record) wave(w Wave) {
	r.mu.Lock()
	r.Waves = append(r.Waves, w)
	r.mu.Unlock()
}

func (r *Record) anomaly(line string) {
	r.mu.Lock()
	r.Anomalies = append(r.Anomalies, line)
	r.mu.Unlock()
}

// Counts are the running totals for a sample.
func (r *Record) Counts() Counts {
	r.mu.Lock()
	defer r.mu.Unlock()
	return Counts{GoodOK: len(r.Good), GoodFailed: len(r.GoodFailed), GoodRefused: r.GoodRefused,
		Drops: len(r.Drops), Floods: len(r.Waves)}
}
