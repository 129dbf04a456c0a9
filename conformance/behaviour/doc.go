// Package behaviour is the catalogue of the behaviours iisemu emulates:
// each with its ID, its provenance (a documentation page states it, the
// SDK headers declare it, tests of a real IIS or HTTP.sys show it, or the
// project infers it), its public source, and where it applies the
// project's reasoning, the evidence it follows, the documentation it
// departs from and any known divergence. Entry.Check holds every entry to
// those rules; the package's tests also refuse any file of the repository
// that names a Markdown file the repository does not hold.
//
// The entries live by area in entries_*.go, the addresses and shared
// evidence in sources.go, the YAML form in yaml.go. The conformance suite
// labels its specs with these IDs; nothing here knows about specs.
package behaviour
