package conformance

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/iisemu/iisemu/fixtures"
)

// TestAnswers: a target that runs the hello scenario answers; one that
// answers it otherwise, or holds the request without a word, does not,
// and AnswersWithin says so within the target's exchange timeout. A backend
// that is not a target answers.
func TestAnswers(t *testing.T) {
	release := make(chan struct{})
	cases := []struct {
		name    string
		handler http.HandlerFunc
		want    string // "" for none
	}{
		{"runs hello", func(w http.ResponseWriter, r *http.Request) {
			if strings.HasPrefix(r.URL.Path, "/scenarios/hello") {
				w.Write([]byte(fixtures.HandlerBody))
				return
			}
			http.NotFound(w, r)
		}, ""},
		{"answers 404", http.NotFound, "the hello scenario answered with 404 Not Found"},
		{"says nothing", func(w http.ResponseWriter, r *http.Request) {
			<-release
		}, "no answer to the hello scenario within 300ms"},
	}
	for _, c := range cases {
		srv := httptest.NewServer(c.handler)
		b, err := TargetBackend(srv.URL, TargetOptions{Timeout: 300 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		err = AnswersWithin(context.Background(), b, 0)
		if c.name == "says nothing" {
			close(release)
		}
		srv.Close()
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
	// AnswersWithin waits the longer of its own bound and the target's.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-release }))
	b, err := TargetBackend(srv.URL, TargetOptions{Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	release = make(chan struct{})
	err = AnswersWithin(context.Background(), b, 400*time.Millisecond)
	close(release)
	srv.Close()
	if err == nil || !strings.Contains(err.Error(), "within 400ms") {
		t.Errorf("AnswersWithin 400ms of a target with a 100ms timeout: %v", err)
	}
	if err := AnswersWithin(context.Background(), ModelBackend(), 0); err != nil {
		t.Errorf("the model: %v", err)
	}
}
