//go:build !race

package iis_test

const raceEnabled = false
