package httpsys_test

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/iisemu/iisemu/httpsys"
)

// corpusCase is one file of fixtures/requests: a request sent as raw
// bytes, the statuses of the responses expected in order, how the
// connection must end, and optionally each final response's body.
type corpusCase struct {
	name     string
	request  []byte
	statuses []int
	close    httpsys.CloseKind
	bodies   []string
}

// loadCorpus reads the files. "> " lines are request bytes, with Go string
// escapes (\r\n, \x00); "< " gives the statuses then the close kind;
// "= " a final response's body; "#" lines are comments.
func loadCorpus(t *testing.T) []corpusCase {
	t.Helper()
	files, err := filepath.Glob("../fixtures/requests/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus: %v", err)
	}
	var out []corpusCase
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		c := corpusCase{name: strings.TrimSuffix(filepath.Base(f), ".txt")}
		for i, line := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
			unq := func(s string) string {
				u, err := strconv.Unquote(`"` + strings.ReplaceAll(s, `"`, `\"`) + `"`)
				if err != nil {
					t.Fatalf("%s:%d: %v", f, i+1, err)
				}
				return u
			}
			switch {
			case line == "" || strings.HasPrefix(line, "#"):
			case strings.HasPrefix(line, "> "):
				c.request = append(c.request, unq(line[2:])...)
			case strings.HasPrefix(line, "= "):
				c.bodies = append(c.bodies, unq(line[2:]))
			case strings.HasPrefix(line, "< "):
				f := strings.Fields(line[2:])
				for _, s := range f[:len(f)-1] {
					n, err := strconv.Atoi(s)
					if err != nil {
						t.Fatalf("%s:%d: status %q", f, i+1, s)
					}
					c.statuses = append(c.statuses, n)
				}
				k, ok := httpsys.ParseCloseKind(f[len(f)-1])
				if !ok {
					t.Fatalf("%s:%d: close kind %q", f, i+1, f[len(f)-1])
				}
				c.close = k
			default:
				t.Fatalf("%s:%d: unknown line %q", f, i+1, line)
			}
		}
		if len(c.request) == 0 || len(c.statuses) == 0 {
			t.Fatalf("%s: needs a request and an expectation", f)
		}
		out = append(out, c)
	}
	return out
}

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

func TestRequestCorpus(t *testing.T) {
	for _, c := range loadCorpus(t) {
		t.Run(c.name, func(t *testing.T) {
			run(t, echoRequest, func(t *testing.T, h *harness) {
				finals := 0
				for _, s := range c.statuses {
					if s >= 200 {
						finals++
					}
				}
				res := h.do(string(c.request), finals)
				var got []int
				for _, r := range res.Responses {
					got = append(got, r.StatusCode)
				}
				if fmt.Sprint(got) != fmt.Sprint(c.statuses) || res.Close != c.close {
					t.Fatalf("want %v then %v; got %v then %v\nreceived %q", c.statuses, c.close, got, res.Close, res.Received)
				}
				for i, b := range c.bodies {
					if string(res.Final()[i].Body) != b {
						t.Errorf("response %d body %q, want %q", i, res.Final()[i].Body, b)
					}
				}
			})
		})
	}
}
