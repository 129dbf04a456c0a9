// Command iisemu runs the IIS pipeline and HTTP.sys emulator: it serves the
// sample site on real sockets (serve), traces one request through the
// in-memory model (trace), runs the conformance suite (conformance), and
// prints the behaviour catalogue (catalog), the configuration (config) and
// its own version (version).
//
// It only parses flags and wires the packages together: a subcommand's
// flags become an httpsys.Config, an iis.Site and iis.Options (serve,
// trace), or one conformance.Config (conformance).
package main
