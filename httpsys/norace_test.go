//go:build !race

package httpsys

const raceEnabled = false
