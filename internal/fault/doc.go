// Package fault holds deliberate emulation errors. The conformance suite's
// self-check switches them on to prove that its specs fail when the
// emulator is wrong. Being internal, no user of the module can set them:
// iis.Options keeps them in an unexported field that only Apply and With
// reach, much as net/http sets its test hooks from export_test.go.
package fault
