// Package behaviour is the catalogue of the behaviours iisemu emulates:
// each with its ID, its provenance (the documentation states it, the SDK
// headers declare it, evidence from a real IIS shows it, or the project
// infers it) and its source. The conformance suite labels its specs with
// these IDs; nothing here knows about specs.
package behaviour
