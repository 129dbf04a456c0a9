// Package wire is the client that sees what a real HTTP client sees. It
// sends raw request bytes over a connection of either transport and
// reports everything that came back: the raw bytes, the responses parsed
// from them (framing included, and where a response was cut off), and how
// the connection ended, as an httpsys.CloseKind.
//
// It is shaped like net/http/httptest: small, used by the package tests
// and the conformance suite alike, and never by the server itself.
package wire
