package iis

import (
	"testing"

	"github.com/iisemu/iisemu/internal/fault"
)

func TestFaultWithSetsTheOptionsFaults(t *testing.T) {
	want := fault.Set{ResetIsOrderly: true}
	o := fault.With(Options{Decisions: &DefaultDecisions}, want)
	if o.faults != want || o.Decisions != &DefaultDecisions {
		t.Errorf("fault.With gave faults %+v, decisions %p; want %+v, %p", o.faults, o.Decisions, want, &DefaultDecisions)
	}
}
