package httpsys

import (
	"testing"
	"time"
)

// TestSendDeadline: a write is allowed its length at MinSendRate and at
// least minSendWindow; MAXULONG turns the timer off (SYS-TIME-2).
func TestSendDeadline(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		rate, n int
		want    time.Time
	}{
		{150, 1500, now.Add(10 * time.Second)},
		{150, 1, now.Add(minSendWindow)},
		{MinSendRateOff, 1 << 30, time.Time{}},
	} {
		to := Timeouts{MinSendRate: tc.rate}
		if got := to.sendDeadline(now, tc.n); !got.Equal(tc.want) {
			t.Errorf("MinSendRate %d, %d bytes: deadline %v, want %v", tc.rate, tc.n, got, tc.want)
		}
	}
}

// TestZeroTimerTakesDefault: a timer set to 0, which HTTP_TIMEOUT_LIMIT_INFO
// allows, is the default once the server fills its configuration in.
func TestZeroTimerTakesDefault(t *testing.T) {
	p, _ := LookupParameter("Timers.HeaderWait")
	c := Config{Timeouts: Timeouts{HeaderWait: time.Minute}}
	if err := p.Set(&c, 0); err != nil {
		t.Fatalf("HeaderWait = 0: %v", err)
	}
	if got := c.withDefaults().Timeouts.HeaderWait; got != DefaultTimer {
		t.Errorf("HeaderWait 0 runs as %v, want %v", got, DefaultTimer)
	}
}
