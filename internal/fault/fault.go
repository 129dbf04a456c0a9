// Package fault holds deliberate emulation errors. The conformance suite's
// self-check switches them on to prove that its specs fail when the
// emulator is wrong. Being internal, no user of the module can set them.
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
