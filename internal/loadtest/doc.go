// Package loadtest measures iisemu serve under load beside two peers that
// answer the same requests alike: a net/http server (nethttppeer) and a
// fasthttp server (fasthttppeer, a module of its own so that the main
// module does not depend on fasthttp). make loadtest runs it:
//
//	build serve and the peers ──► per workload, per round: each server in
//	turn (the order rotates) ──► wrk on loopback ──► requests, and the
//	server's CPU from /proc/PID/stat ──► medians of the rounds, and of
//	the ratios to net/http taken round by round, with their spread
//
// The workloads are keep-alive GETs of a 31-byte and a 16 KiB body and
// GETs with Connection: close, each at 32 and 256 connections, and 10,000
// idle keep-alive connections held: the time to open them (one GET each),
// the time for one more GET on each, and the server's RSS per connection.
//
// Server CPU per request, from the process's own accounting, is the main
// figure: on a shared machine it holds far steadier than requests per
// second, which is printed beside it.
package loadtest
