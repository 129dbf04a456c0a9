package httpsys_test

import (
	"fmt"
	"io"
	"testing"

	"github.com/iisemu/iisemu/fixtures/requests"
	"github.com/iisemu/iisemu/httpsys"
)

// echoRequest answers "METHOD URL BODY"; a body it cannot read gets 500,
// unless HTTP.sys has already ended the request with its own answer.
func echoRequest(r *httpsys.Request) {
	body, err := io.ReadAll(readerFunc(r.ReadEntityBody))
	if err != nil {
		err := r.SendResponse(&httpsys.Response{StatusCode: 500, Reason: "Error"}, [][]byte{[]byte(err.Error())}, 0)
		if err != nil && !isErrno(err, httpsys.ErrorConnectionInvalid) {
			panic(err)
		}
		return
	}
	respond(200, fmt.Sprintf("%s %s %s", r.Method(), r.URL(), body), 0)(r)
}

// TestRequestCorpus sends each file of fixtures/requests, at path /, to
// HTTP.sys with an application that reads the whole body (echoRequest),
// and requires every status, interim ones included, the close kind and the
// bodies the file gives. The conformance suite runs the same files on every
// backend, with checks that hold for any application (specs_corpus.go).
func TestRequestCorpus(t *testing.T) {
	for _, name := range requests.Names() {
		t.Run(name, func(t *testing.T) {
			c, err := requests.LoadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			run(t, echoRequest, func(t *testing.T, h *harness) {
				res := h.do(string(c.Raw("/")), len(c.Finals()))
				var got []int
				for _, r := range res.Responses {
					got = append(got, r.StatusCode)
				}
				if fmt.Sprint(got) != fmt.Sprint(c.Statuses) || res.Close != c.Close {
					t.Fatalf("want %v then %v; got %v then %v\nreceived %q", c.Statuses, c.Close, got, res.Close, res.Received)
				}
				for i := range c.Bodies {
					if got, want := string(res.Final()[i].Body), c.Body(i, "/"); got != want {
						t.Errorf("response %d body %q, want %q", i, got, want)
					}
				}
			})
		})
	}
}
