package httpsys

import (
	"fmt"
	"math"
	"time"
)

// Unit is what a parameter's number counts.
type Unit int

const (
	UnitBytes          Unit = iota // a size in bytes
	UnitCount                      // a number of things
	UnitFlag                       // 0 or 1
	UnitSeconds                    // a timer, in whole seconds
	UnitBytesPerSecond             // a rate
	UnitChoice                     // one of a few numbered settings
)

var unitNames = [...]string{UnitBytes: "bytes", UnitCount: "count", UnitFlag: "flag",
	UnitSeconds: "seconds", UnitBytesPerSecond: "bytes/s", UnitChoice: "choice"}

func (u Unit) String() string {
	if u >= 0 && int(u) < len(unitNames) {
		return unitNames[u]
	}
	return fmt.Sprintf("Unit(%d)", int(u))
}

// Parameter is one of HTTP.sys's settings as an administrator writes it: a
// registry value under HKLM\System\CurrentControlSet\Services\HTTP\Parameters
// (SYS-LIM-1, https://learn.microsoft.com/en-us/troubleshoot/developer/webapps/iis/iisadmin-service-inetinfo/httpsys-registry-windows)
// or a timer of HTTP_TIMEOUT_LIMIT_INFO (SYS-TIME-1,
// https://learn.microsoft.com/en-us/windows/win32/api/http/ns-http-http_timeout_limit_info).
// Its number, in Unit, lies between Min and Max; an absent one is Default.
// Set and Get translate it to and from the Config field it governs, which
// speaks Go: durations, booleans named for their zero value, -1 for the
// registry's "0, no limit".
type Parameter struct {
	Name     string // the registry or structure member name, e.g. MaxFieldLength
	Group    string // "" for a registry value; "Timers" for HTTP_TIMEOUT_LIMIT_INFO
	Unit     Unit
	Default  int
	Min, Max int
	// Doc says what it bounds or switches, in a few words (the comment of
	// the default configuration file).
	Doc string
	// Effect says what HTTP.sys does at the limit or with the setting, with
	// the error-log reason, for a reader of the project's README (Markdown).
	Effect string
	field  field
}

// Key is the parameter's name within the httpsys section of a
// configuration: Name, or Group.Name.
func (p Parameter) Key() string {
	if p.Group == "" {
		return p.Name
	}
	return p.Group + "." + p.Name
}

// Unbounded reports whether Max only stands for "as many as a 32-bit
// registry value holds".
func (p Parameter) Unbounded() bool { return p.Max == math.MaxInt32 }

// HasEffect reports whether the emulator acts on the parameter; FavorUTF8
// is accepted and checked, but URLs are decoded as UTF-8 either way.
func (p Parameter) HasEffect() bool {
	_, none := p.field.(noField)
	return !none
}

// RangeError is a parameter value outside its documented range.
type RangeError struct {
	Key             string // Parameter.Key
	Value, Min, Max int
}

func (e *RangeError) Error() string {
	return fmt.Sprintf("%s: %d is outside %d–%d", e.Key, e.Value, e.Min, e.Max)
}

// Check returns a *RangeError when v is outside the parameter's range.
func (p Parameter) Check(v int) error {
	if v < p.Min || v > p.Max {
		return &RangeError{Key: p.Key(), Value: v, Min: p.Min, Max: p.Max}
	}
	return nil
}

// Set checks v and stores it in c, translated to c's form.
func (p Parameter) Set(c *Config, v int) error {
	if err := p.Check(v); err != nil {
		return err
	}
	p.field.set(c, v)
	return nil
}

// Get is c's value of the parameter in the registry's form, Default where
// c leaves it zero. A timer finer than a second, which only Go callers can
// set (the socket specs use 60 ms), reads as the whole seconds it rounds up
// to. ok is false for a parameter without effect.
func (p Parameter) Get(c Config) (v int, ok bool) {
	if !p.HasEffect() {
		return 0, false
	}
	return p.field.get(&c, p.Default), true
}

// field ties a parameter to the Config field it governs.
type field interface {
	set(c *Config, v int)       // v in range, in the registry's form
	get(c *Config, def int) int // the registry's form; def for zero
	fill(c *Config, def int)    // a zero field becomes def
}

// number is a field holding the registry's number itself; zero or less
// takes the default.
type number func(*Config) *int

func (f number) set(c *Config, v int) { *f(c) = v }
func (f number) get(c *Config, def int) int {
	if v := *f(c); v != 0 {
		return v
	}
	return def
}
func (f number) fill(c *Config, def int) {
	if *f(c) <= 0 {
		*f(c) = def
	}
}

// zeroIsNoLimit is a field where the registry's 0, "no limit", is -1,
// since 0 takes the default.
type zeroIsNoLimit func(*Config) *int

func (f zeroIsNoLimit) set(c *Config, v int) {
	if v == 0 {
		v = -1
	}
	*f(c) = v
}
func (f zeroIsNoLimit) get(c *Config, def int) int {
	switch v := *f(c); v {
	case 0:
		return def
	case -1:
		return 0
	default:
		return v
	}
}
func (f zeroIsNoLimit) fill(c *Config, def int) {
	if *f(c) == 0 {
		*f(c) = def
	}
}

// flag is a boolean field; negated when it is named for the registry
// value's 0 (EnableNonUTF8 = 0 is RejectNonUTF8), so that its zero value
// is the default.
type flag struct {
	ptr     func(*Config) *bool
	negated bool
}

func (f flag) set(c *Config, v int) { *f.ptr(c) = (v == 1) != f.negated }
func (f flag) get(c *Config, _ int) int {
	if *f.ptr(c) != f.negated {
		return 1
	}
	return 0
}
func (flag) fill(*Config, int) {}

// seconds is a timer: the registry's seconds as a Duration; zero or less
// takes the default.
type seconds func(*Timeouts) *time.Duration

func (f seconds) set(c *Config, v int) { *f(&c.Timeouts) = time.Duration(v) * time.Second }
func (f seconds) get(c *Config, def int) int {
	d := *f(&c.Timeouts)
	if d == 0 {
		return def
	}
	return int((d + time.Second - 1) / time.Second)
}
func (f seconds) fill(c *Config, def int) {
	if d := f(&c.Timeouts); *d <= 0 {
		*d = time.Duration(def) * time.Second
	}
}

// noField is a parameter accepted and checked without effect.
type noField struct{}

func (noField) set(*Config, int)     {}
func (noField) get(*Config, int) int { return 0 }
func (noField) fill(*Config, int)    {}
