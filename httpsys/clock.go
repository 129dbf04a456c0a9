package httpsys

import (
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// Clock is the time source of a Server and of the in-memory transport. The
// TCP transport runs on SystemClock; the in-memory model runs on a
// ManualClock that only moves when a test or driver advances it, so every
// deadline and timer of the model is instant and deterministic.
type Clock interface {
	Now() time.Time
	// AfterFunc calls f in its own goroutine once the clock has passed d
	// from now. Stop cancels a call that has not started.
	AfterFunc(d time.Duration, f func()) Timer
}

// Timer is the handle AfterFunc returns.
type Timer interface {
	// Stop prevents the call if it has not started; it reports whether it did.
	Stop() bool
}

// SystemClock is the real wall clock.
type SystemClock struct{}

// Now returns time.Now().
func (SystemClock) Now() time.Time { return time.Now() }

// AfterFunc is time.AfterFunc.
func (SystemClock) AfterFunc(d time.Duration, f func()) Timer { return time.AfterFunc(d, f) }

// ManualClock is a Clock that stands still until Advance is called. It is
// safe for concurrent use. The zero value is not usable; use NewManualClock.
type ManualClock struct {
	// reading is now, for Now to read without the lock (the model reads
	// the clock several times per request); Advance stores it under mu.
	reading atomic.Pointer[time.Time]

	mu      sync.Mutex
	now     time.Time
	seq     int
	timers  []*manualTimer
	changed chan struct{} // closed when a timer is armed
}

type manualTimer struct {
	c    *ManualClock
	at   time.Time
	seq  int
	f    func()
	done bool
}

// NewManualClock returns a clock that reads start until advanced.
func NewManualClock(start time.Time) *ManualClock {
	c := &ManualClock{now: start}
	c.reading.Store(&start)
	return c
}

// Now returns the clock's current reading.
func (c *ManualClock) Now() time.Time { return *c.reading.Load() }

// AfterFunc schedules f for when the clock reaches now+d. A d of zero or
// less fires on the next Advance, even Advance(0).
func (c *ManualClock) AfterFunc(d time.Duration, f func()) Timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seq++
	t := &manualTimer{c: c, at: c.now.Add(d), seq: c.seq, f: f}
	c.timers = append(c.timers, t)
	if c.changed != nil {
		close(c.changed)
		c.changed = nil
	}
	return t
}

// WaitArmed blocks until a timer is armed to fire exactly at at (or done
// closes). A test computes at from the clock's reading and the timeout it
// means to exercise, waits for the code under test to arm it, then
// advances: no race with the code arming it late, no real time spent.
func (c *ManualClock) WaitArmed(at time.Time, done <-chan struct{}) bool {
	return c.waitFor(func(t time.Time) bool { return t.Equal(at) }, done)
}

// WaitArmedAfter is WaitArmed for a timer due at or after at, for
// deadlines the code under test computes from sizes.
func (c *ManualClock) WaitArmedAfter(at time.Time, done <-chan struct{}) bool {
	return c.waitFor(func(t time.Time) bool { return !t.Before(at) }, done)
}

// waitFor blocks until a live timer's due time satisfies due.
func (c *ManualClock) waitFor(due func(time.Time) bool, done <-chan struct{}) bool {
	for {
		c.mu.Lock()
		for _, t := range c.timers {
			if !t.done && due(t.at) {
				c.mu.Unlock()
				return true
			}
		}
		if c.changed == nil {
			c.changed = make(chan struct{})
		}
		ch := c.changed
		c.mu.Unlock()
		select {
		case <-ch:
		case <-done:
			return false
		}
	}
}

// Stop cancels the timer if it has not fired, and forgets it, so a clock
// that is never advanced does not accumulate stopped timers.
func (t *manualTimer) Stop() bool {
	c := t.c
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.done {
		return false
	}
	t.done = true
	for i, x := range c.timers {
		if x == t {
			last := len(c.timers) - 1
			c.timers[i] = c.timers[last]
			c.timers[last] = nil
			c.timers = c.timers[:last]
			break
		}
	}
	return true
}

// Advance moves the clock forward by d and runs, in time order, every timer
// that is due. Each due callback runs synchronously in the caller's
// goroutine, so when Advance returns the consequences of the elapsed time
// (a deadline error, a timer-driven close) have been set in motion.
func (c *ManualClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	now := c.now
	c.reading.Store(&now)
	var due []*manualTimer
	keep := c.timers[:0]
	for _, t := range c.timers {
		switch {
		case t.done:
		case !t.at.After(c.now):
			t.done = true
			due = append(due, t)
		default:
			keep = append(keep, t)
		}
	}
	c.timers = keep
	c.mu.Unlock()
	sort.SliceStable(due, func(i, j int) bool {
		if !due[i].at.Equal(due[j].at) {
			return due[i].at.Before(due[j].at)
		}
		return due[i].seq < due[j].seq
	})
	for _, t := range due {
		t.f()
	}
}

var (
	_ Clock = SystemClock{}
	_ Clock = (*ManualClock)(nil)
)
