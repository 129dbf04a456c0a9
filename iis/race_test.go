//go:build race

package iis_test

// raceEnabled: the race detector makes sync.Pool drop what it is given at
// random, so allocation counts that rest on a pool do not hold.
const raceEnabled = true
