package httpsys

import (
	"errors"
	"slices"
	"testing"
	"time"
)

// TestParametersZeroIsDefault: a zero Config reads as every documented
// default, and withDefaults (what NewServer runs) fills in exactly those.
func TestParametersZeroIsDefault(t *testing.T) {
	filled := Config{}.withDefaults()
	for _, p := range parameters {
		for name, c := range map[string]Config{"zero": {}, "filled": filled} {
			if v, ok := p.Get(c); ok && v != p.Default {
				t.Errorf("%s: %s config reads %d, want the default %d", p.Key(), name, v, p.Default)
			}
		}
	}
	want := Config{QueueLength: 1000,
		Limits: Limits{MaxFieldLength: 16384, MaxRequestBytes: 16384, UrlSegmentMaxLength: 260, UrlSegmentMaxCount: 255},
		Timeouts: Timeouts{EntityBody: 120 * time.Second, DrainEntityBody: 120 * time.Second, IdleConnection: 120 * time.Second,
			HeaderWait: 120 * time.Second, RequestQueue: 120 * time.Second, MinSendRate: 150}}
	if filled.Limits != want.Limits || filled.Timeouts != want.Timeouts || filled.QueueLength != want.QueueLength || filled.DisableServerHeader != 0 {
		t.Errorf("withDefaults:\n got %+v\nwant %+v", filled, want)
	}
	// The registry's 0 for "no limit" survives; a set value is kept.
	kept := Config{Limits: Limits{UrlSegmentMaxLength: -1, MaxFieldLength: 100}}.withDefaults()
	if kept.Limits.UrlSegmentMaxLength != -1 || kept.Limits.MaxFieldLength != 100 {
		t.Errorf("withDefaults changed set values: %+v", kept.Limits)
	}
}

// TestParametersSetGet: every value a parameter allows is stored in the
// Config and read back unchanged; one outside its range is refused.
func TestParametersSetGet(t *testing.T) {
	for _, p := range parameters {
		for _, v := range []int{p.Min, p.Max, p.Default, (p.Min + p.Max) / 2} {
			var c Config
			if err := p.Set(&c, v); err != nil {
				t.Fatalf("%s = %d: %v", p.Key(), v, err)
			}
			want := v
			if _, timer := p.field.(seconds); timer && v == 0 {
				want = p.Default // SYS-TIME-2: a zero timer takes the default
			}
			if got, ok := p.Get(c); ok && got != want {
				t.Errorf("%s = %d reads back %d, want %d", p.Key(), v, got, want)
			}
			if err := c.Validate(); err != nil {
				t.Errorf("%s = %d: %v", p.Key(), v, err)
			}
		}
		for _, v := range []int{p.Min - 1, p.Max + 1} {
			if p.Max == v-1 && p.Unbounded() {
				continue // past a 32-bit registry value
			}
			var c Config
			var re *RangeError
			if err := p.Set(&c, v); !errors.As(err, &re) || re.Key != p.Key() || re.Value != v {
				t.Errorf("%s = %d: got %v, want a RangeError", p.Key(), v, err)
			}
		}
	}
}

func TestValidate(t *testing.T) {
	bad := Config{Limits: Limits{MaxFieldLength: 10, UrlSegmentMaxCount: -2}, Timeouts: Timeouts{HeaderWait: 70000 * time.Second}}
	err := bad.Validate()
	var keys []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var re *RangeError
		if errors.As(e, &re) {
			keys = append(keys, re.Key)
		}
	}
	if want := []string{"MaxFieldLength", "UrlSegmentMaxCount", "Timers.HeaderWait"}; !slices.Equal(keys, want) {
		t.Errorf("Validate: %v, want problems with %v", err, want)
	}
	// Go callers may use timers finer than the registry's seconds.
	if err := (Config{Timeouts: Timeouts{HeaderWait: 60 * time.Millisecond}}).Validate(); err != nil {
		t.Errorf("a 60 ms timer: %v", err)
	}
}

func TestTimerNames(t *testing.T) {
	if want := []string{"EntityBody", "DrainEntityBody", "IdleConnection", "HeaderWait", "RequestQueue"}; !slices.Equal(TimerNames, want) {
		t.Errorf("TimerNames %v, want %v", TimerNames, want)
	}
	var to Timeouts
	for _, name := range TimerNames {
		*to.Timer(name) = time.Minute
	}
	if to.EntityBody != time.Minute || to.RequestQueue != time.Minute || to.MinSendRate != 0 || to.Timer("MinSendRate") != nil {
		t.Errorf("Timer: %+v", to)
	}
}
