package report

import (
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/httpsys/wire"
	"github.com/iisemu/iisemu/iis"
)

// TestSVGLabelsStayBetweenLifelines draws an exchange whose labels are
// long and whose arrows span several participants, and checks that no
// label's box (at svgCharW a character) crosses a lifeline it does not sit
// on: an arrow's label stays beside the lifeline it leaves, a note's on
// its own.
func TestSVGLabelsStayBetweenLifelines(t *testing.T) {
	long := strings.Repeat("a very long module name ", 4)
	trace := &iis.Trace{URL: "/" + strings.Repeat("x", 200), Events: []iis.Event{
		{Kind: iis.EventNotification, Module: "First", Notification: iis.RQ_BEGIN_REQUEST},
		{Kind: iis.EventNotification, Module: long, Notification: iis.RQ_BEGIN_REQUEST},
		{Kind: iis.EventCall, Module: long, Method: "SetHeader" + strings.Repeat("!", 100)},
		{Kind: iis.EventSend, Final: true, Bytes: 10},
	}}
	svg := SVG("GET /"+strings.Repeat("y", 300)+" HTTP/1.1\r\n\r\n", &wire.Result{Received: []byte("0123456789"), Close: httpsys.Reset}, []*iis.Trace{trace})

	var lifelines []int
	for _, m := range regexp.MustCompile(`<line x1="(\d+)"[^>]*class="lifeline"`).FindAllStringSubmatch(svg, -1) {
		x, _ := strconv.Atoi(m[1])
		lifelines = append(lifelines, x)
	}
	if len(lifelines) < 4 {
		t.Fatalf("want four lifelines or more, got %v", lifelines)
	}
	texts := regexp.MustCompile(`<text x="(\d+)" y="\d+" text-anchor="(\w+)"[^>]*class="(label|note)"><title>[^<]*</title>([^<]*)</text>`).FindAllStringSubmatch(svg, -1)
	if len(texts) < 6 {
		t.Fatalf("want the labels and notes, got %d:\n%s", len(texts), svg)
	}
	cut := false
	for _, m := range texts {
		x, _ := strconv.Atoi(m[1])
		w := len([]rune(html.UnescapeString(m[4]))) * svgCharW
		from, to := x-w/2, x+w/2
		switch m[2] {
		case "start":
			from, to = x, x+w
		case "end":
			from, to = x-w, x
		}
		cut = cut || strings.HasSuffix(m[4], "…")
		for _, l := range lifelines {
			if l > from && l < to && !(m[3] == "note" && l == x) {
				t.Errorf("%s %q spans %d..%d across the lifeline at %d", m[3], m[4], from, to, l)
			}
		}
	}
	if !cut {
		t.Error("no label was cut to its column, though some are longer than any column")
	}
}
