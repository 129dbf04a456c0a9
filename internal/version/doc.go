// Package version says which build of iisemu is running, from the build
// information the Go toolchain embeds (runtime/debug.ReadBuildInfo), for
// `iisemu --version` and for the reports a conformance run writes.
package version
