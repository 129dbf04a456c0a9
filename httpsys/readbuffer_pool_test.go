package httpsys

import (
	"bytes"
	"runtime"
	"testing"
)

// TestReadBufferReused: a connection under the default limits takes its
// read buffer from the pool and gives it back when done, so opening one
// costs far less than the buffer's 20 KiB (a Connection: close load
// opens one per request); a buffer that grew is not pooled.
func TestReadBufferReused(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool drop what it is given at random")
	}
	const n = 1000
	src := bytes.NewReader(nil)
	for range 10 {
		newConnReader(src, DefaultMaxRequestBytes).release()
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range n {
		newConnReader(src, DefaultMaxRequestBytes).release()
	}
	runtime.ReadMemStats(&after)
	if per := (after.TotalAlloc - before.TotalAlloc) / n; per > 1<<10 {
		t.Errorf("%d bytes allocated per connection reader: its buffer is not reused", per)
	}
	big := newConnReader(src, 4*DefaultMaxRequestBytes)
	big.makeRoom(0, 2*pooledReadSize)
	big.release()
	if b := newConnReader(src, DefaultMaxRequestBytes); len(b.buf) != pooledReadSize {
		t.Errorf("a reader got a %d-byte buffer, want %d: a grown buffer went to the pool", len(b.buf), pooledReadSize)
	}
}
