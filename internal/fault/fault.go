package fault

// Set is a collection of deliberate errors; the zero value has none.
type Set struct {
	// ResetIsOrderly makes ResetConnection close politely after the
	// response instead of resetting at once (breaks RC-1).
	ResetIsOrderly bool
	// WriteAfterResetFails makes WriteEntityChunks after a reset return an
	// error instead of S_OK (breaks RC-2).
	WriteAfterResetFails bool
}

// Apply stores s in opts, which must be a *iis.Options. Package iis sets
// it when it is initialised, which any caller holding an iis.Options has
// already caused; fault cannot name iis.Options itself, as iis imports it.
var Apply func(opts any, s Set)

// With returns opts, an iis.Options, with the faults s set.
func With[T any](opts T, s Set) T {
	Apply(&opts, s)
	return opts
}
