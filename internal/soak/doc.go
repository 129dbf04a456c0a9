// Package soak runs iisemu serve, as a process of its own on loopback,
// under minutes of mixed load and judges how it held up:
//
//	well-behaved clients (keep-alive, Connection: close, pipelined bursts)
//	hostile clients (resets mid-response and mid-upload, slowloris, a flood
//	past MaxConnections)
//	        │ every request tagged, every dropped connection noted by port
//	        ▼
//	iisemu serve ── /proc/PID (RSS, descriptors), /debug/pprof/ (goroutines)
//	        │              sampled every interval into a table
//	        ▼
//	httperr1.log, u_ex*.log ── read back after serve stops
//	        ▼
//	Judge: the criteria over the samples, the clients' counts and the logs;
//	one line per failed criterion.
//
// The criteria (criteria.go) are pure functions over the samples and the
// records, so tests cover them without running any load; Run (run.go) and
// the clients need Linux, for /proc and SO_RCVBUF.
package soak
