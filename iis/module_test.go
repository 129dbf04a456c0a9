package iis

import (
	"slices"
	"testing"
)

// TestStageMethodsCoverEveryNotification checks the generated table
// against the notification constants: every named request notification
// has its methods, a post-notification method exactly when it is ordered.
func TestStageMethodsCoverEveryNotification(t *testing.T) {
	ordered := OrderedNotifications()
	named := 0
	for bit := RequestNotification(1); bit != 0; bit <<= 1 {
		m, ok := stageMethods[bit]
		if parsed, known := ParseNotification(bit.String()); !known || parsed != bit {
			if ok {
				t.Errorf("stageMethods has %v, which is no notification", bit)
			}
			continue
		}
		named++
		switch {
		case !ok:
			t.Errorf("%v has no entry in stageMethods", bit)
		case m.pre == "" || m.has == nil || m.call == nil:
			t.Errorf("%v: incomplete entry %+v", bit, m)
		case slices.Contains(ordered, bit) != (m.post != ""):
			t.Errorf("%v: post-notification method %q, ordered %t", bit, m.post, slices.Contains(ordered, bit))
		}
	}
	if named != len(stageMethods) {
		t.Errorf("%d named notifications, %d in stageMethods", named, len(stageMethods))
	}
}
