package iis_test

import (
	"bytes"
	"runtime"
	"testing"

	"github.com/iisemu/iisemu/iis"
)

// writer is a handler writing body from memory it changes after each
// write, in two writes with a Flush between them when flush is set.
func writer(body []byte, flush bool) *iis.Handler {
	mine := append([]byte(nil), body...)
	half := len(mine) / 2
	return &iis.Handler{Name: "Writer", Execute: func(c iis.IHttpContext) iis.RequestNotificationStatus {
		r := c.GetResponse()
		r.WriteEntityChunks([]iis.DataChunk{iis.ChunkFromMemory(mine[:half])}, false, true)
		if flush {
			r.Flush(false, true)
		}
		r.WriteEntityChunks([]iis.DataChunk{iis.ChunkFromMemory(mine[half:])}, false, false)
		clear(mine) // the module's memory is its own again once written
		copy(mine, body)
		return iis.StatusContinue
	}}
}

// allocatedPerRequest is the heap bytes one round trip on m allocates, in
// steady state.
func allocatedPerRequest(t *testing.T, m *modelClient) uint64 {
	const n = 200
	for range 10 {
		m.roundTrip(t, benchRequest)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range n {
		m.roundTrip(t, benchRequest)
	}
	runtime.ReadMemStats(&after)
	return (after.TotalAlloc - before.TotalAlloc) / n
}

// TestLargeBodyReusesItsBuffer: the pipeline copies a module's chunks once,
// into memory the next request reuses, so answering 16 KiB allocates
// about what answering 32 bytes does; and what each request sends is the
// body written, flushed or not, though the module changes its memory once
// the write returns.
func TestLargeBodyReusesItsBuffer(t *testing.T) {
	big := bytes.Repeat([]byte("0123456789abcdef"), 1024)
	small := big[:32]
	for _, flush := range []bool{false, true} {
		m := startModel(t, &iis.Site{Name: "Big", Applications: []*iis.Application{{Path: "/", Handler: writer(big, flush)}}}, iis.Options{})
		for range 3 {
			if r := m.roundTrip(t, benchRequest); !bytes.Equal(r.Body, big) {
				t.Fatalf("flush %t: a body of %d bytes, not the %d written", flush, len(r.Body), len(big))
			}
		}
	}
	if raceEnabled {
		return // the pool drops buffers at random under the race detector
	}
	bigM := startModel(t, &iis.Site{Name: "Big", Applications: []*iis.Application{{Path: "/", Handler: writer(big, false)}}}, iis.Options{})
	smallM := startModel(t, &iis.Site{Name: "Small", Applications: []*iis.Application{{Path: "/", Handler: writer(small, false)}}}, iis.Options{})
	bigA, smallA := allocatedPerRequest(t, bigM), allocatedPerRequest(t, smallM)
	if bigA > smallA+4<<10 {
		t.Errorf("%d bytes allocated per request answering 16 KiB, %d answering 32 bytes: the body is copied into fresh memory each time", bigA, smallA)
	}
}

// TestModelRoundTripAllocations: BenchmarkModelRoundTrip's request (12
// notifications of 3 modules, the handler, the wire client's parse)
// allocates at most 5 times: the context, the request's raw text, and the
// client's parse of the response; everything else lives in the context's
// one allocation or is reused.
func TestModelRoundTripAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool drop what it is given at random")
	}
	m := startModel(t, benchSite(), iis.Options{})
	if n := testing.AllocsPerRun(200, func() { m.roundTrip(t, benchRequest) }); n > 5 {
		t.Errorf("a model round trip allocates %.0f times, want at most 5", n)
	}
}
