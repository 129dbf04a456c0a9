package report

import (
	"fmt"
	"html"
	"strings"

	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/httpsys/wire"
	"github.com/iisemu/iisemu/iis"
)

// step is one arrow or note of a sequence diagram.
type step struct {
	from, to int    // participant indexes; equal for a note
	text     string // label
	kind     string // "call" (solid), "return" (dashed), "reset" (cross), "note"
}

// sequence lays an observation out as participants and steps: the client,
// HTTP.sys, the pipeline, each module in order of appearance; requests,
// notifications and their returns, calls, sends, and how the connection
// ended (FIN or RST).
func sequence(raw string, client *wire.Result, traces []*iis.Trace) ([]string, []step) {
	parts := []string{"Client", "HTTP.sys", "Pipeline"}
	index := map[string]int{}
	who := func(module string) int {
		if i, ok := index[module]; ok {
			return i
		}
		parts = append(parts, module)
		index[module] = len(parts) - 1
		return len(parts) - 1
	}
	var steps []step
	line, _, _ := strings.Cut(raw, "\r\n")
	steps = append(steps, step{0, 1, line, "call"})
	// A notification's return is drawn when it ends, after the calls made
	// in it: the next notification at the same depth or shallower ends it,
	// and so does the final send.
	type open struct {
		m, depth int
		status   string
	}
	var stack []open
	closeDownTo := func(depth int) {
		for len(stack) > 0 && stack[len(stack)-1].depth >= depth {
			top := stack[len(stack)-1]
			steps = append(steps, step{top.m, 2, top.status, "return"})
			stack = stack[:len(stack)-1]
		}
	}
	// A client that leaves early (a scenario's leave) does so once the
	// first bytes arrive: it is drawn after the first send that carried
	// some, before what the pipeline did next.
	left := client.Left
	received := func() {
		if n := len(client.Received); n > 0 {
			steps = append(steps, step{1, 0, fmt.Sprintf("%d bytes", n), "call"})
		}
		if left != "" {
			steps = append(steps, leaveStep(left))
			left = ""
		}
	}
	for _, t := range traces {
		steps = append(steps, step{1, 2, "request " + t.URL, "call"})
		for _, e := range t.Events {
			switch e.Kind {
			case iis.EventNotification:
				m := who(e.Module)
				name := e.Notification.String()
				status := strings.TrimPrefix(e.Status.String(), "RQ_NOTIFICATION_")
				if e.Global != 0 {
					name = e.Global.String()
					status = strings.TrimPrefix(e.GlobalStatus.String(), "GL_NOTIFICATION_")
				}
				if e.Post {
					name += " (post)"
				}
				closeDownTo(e.Depth)
				steps = append(steps, step{2, m, name, "call"})
				stack = append(stack, open{m, e.Depth, status})
			case iis.EventCall:
				m := who(e.Module)
				steps = append(steps, step{m, m, e.Method + " = " + e.ResultText(), "note"})
			case iis.EventSend:
				label := fmt.Sprintf("send %d bytes", e.Bytes)
				if e.Final {
					label = "final " + label
					closeDownTo(0)
				}
				steps = append(steps, step{2, 1, label + " = " + e.ResultText(), "call"})
				if left != "" && e.Bytes > 0 && e.ResultText() == iis.S_OK.String() {
					received()
				}
			case iis.EventClose:
				steps = append(steps, closeStep(e.CloseText()))
			}
		}
		closeDownTo(0)
	}
	if client.Left == "" || left != "" { // not drawn yet
		received()
	}
	end := "client sees: " + describeEnd(client.Close)
	if client.Left != "" {
		end = "the client left first (" + client.Left + ")"
	}
	steps = append(steps, step{0, 0, end, "note"})
	return parts, steps
}

// leaveStep is the client ending the connection itself.
func leaveStep(how string) step {
	if how == "reset" {
		return step{0, 1, "RST (the client leaves)", "reset"}
	}
	return step{0, 1, "FIN (the client leaves)", "return"}
}

func closeStep(kind string) step {
	switch kind {
	case "reset":
		return step{1, 0, "RST", "reset"}
	case "closed":
		return step{1, 0, "FIN", "return"}
	}
	return step{1, 1, "connection stays open", "note"}
}

func describeEnd(k httpsys.CloseKind) string {
	switch k {
	case httpsys.Reset:
		return "connection reset (RST)"
	case httpsys.Closed:
		return "orderly close (FIN)"
	}
	return "connection still open"
}

// Mermaid renders an exchange as a Mermaid sequence diagram: raw is what
// the client sent, client what it saw, traces the server's.
func Mermaid(raw string, client *wire.Result, traces []*iis.Trace) string {
	parts, steps := sequence(raw, client, traces)
	var b strings.Builder
	b.WriteString("sequenceDiagram\n")
	for i, p := range parts {
		fmt.Fprintf(&b, "  participant P%d as %s\n", i, p)
	}
	clean := func(s string) string { return strings.NewReplacer(";", ",", "#", "", "\n", " ").Replace(s) }
	for _, s := range steps {
		switch s.kind {
		case "note":
			fmt.Fprintf(&b, "  Note over P%d: %s\n", s.from, clean(s.text))
		case "return":
			fmt.Fprintf(&b, "  P%d-->>P%d: %s\n", s.from, s.to, clean(s.text))
		case "reset":
			fmt.Fprintf(&b, "  P%d-xP%d: %s\n", s.from, s.to, clean(s.text))
		default:
			fmt.Fprintf(&b, "  P%d->>P%d: %s\n", s.from, s.to, clean(s.text))
		}
	}
	return b.String()
}

// The SVG's text metrics: an upper bound of a character's width at the
// diagram's 12px font, and the bounds of a participant's column.
const (
	svgCharW             = 7
	svgMinCol, svgMaxCol = 190, 320
)

// fit shortens text to at most px pixels wide (at svgCharW), ending it
// with "…" when it had to be cut.
func fit(text string, px int) string {
	r := []rune(text)
	n := px / svgCharW
	if len(r) <= n {
		return text
	}
	if n < 1 {
		return ""
	}
	return string(r[:n-1]) + "…"
}

// SVG renders an exchange (see Mermaid) as a self-contained SVG sequence
// diagram: a lifeline per participant, an arrow or note per step, an RST
// drawn as a red cross-headed arrow and a FIN as a dashed one. A label
// never crosses a lifeline: an arrow's label sits beside the lifeline it
// leaves, a note's on its own, each cut to its column's width (the whole
// text is its title).
func SVG(raw string, client *wire.Result, traces []*iis.Trace) string {
	parts, steps := sequence(raw, client, traces)
	colW := svgMinCol
	for _, s := range steps {
		colW = max(colW, min(svgMaxCol, len([]rune(s.text))*svgCharW+24))
	}
	const top, rowH = 50, 26
	width := colW*len(parts) + 40
	height := top + rowH*(len(steps)+1) + 20
	x := func(i int) int { return 20 + colW*i + colW/2 }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">`+"\n", width, height)
	b.WriteString(`<defs><marker id="arrow" markerWidth="8" markerHeight="8" refX="8" refY="4" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#333"/></marker>` +
		`<marker id="cross" markerWidth="10" markerHeight="10" refX="5" refY="5" orient="auto"><path d="M0,0 L10,10 M10,0 L0,10" stroke="#c00" stroke-width="2"/></marker></defs>` + "\n")
	for i, p := range parts {
		fmt.Fprintf(&b, `<rect x="%d" y="10" width="%d" height="24" rx="4" fill="#eef" stroke="#446"/><text x="%d" y="27" text-anchor="middle"><title>%s</title>%s</text>`+"\n",
			x(i)-colW/2+10, colW-20, x(i), html.EscapeString(p), html.EscapeString(fit(p, colW-28)))
		fmt.Fprintf(&b, `<line x1="%d" y1="34" x2="%d" y2="%d" stroke="#aaa" stroke-dasharray="4,3" class="lifeline"/>`+"\n", x(i), x(i), height-10)
	}
	for n, s := range steps {
		y := top + rowH*(n+1)
		title := "<title>" + html.EscapeString(s.text) + "</title>"
		switch s.kind {
		case "note":
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="18" fill="#ffd" stroke="#cc9"/><text x="%d" y="%d" text-anchor="middle" class="note">%s%s</text>`+"\n",
				x(s.from)-colW/2+5, y-13, colW-10, x(s.from), y, title, html.EscapeString(fit(s.text, colW-16)))
		default:
			stroke, dash, marker := "#333", "", "arrow"
			switch s.kind {
			case "return":
				dash = ` stroke-dasharray="5,3"`
			case "reset":
				stroke, marker = "#c00", "cross"
			}
			fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s"%s marker-end="url(#%s)" class="%s"/>`+"\n",
				x(s.from), y, x(s.to), y, stroke, dash, marker, s.kind)
			// Beside the lifeline the arrow leaves, towards its head.
			lx, anchor := x(s.from)+6, "start"
			if s.to < s.from {
				lx, anchor = x(s.from)-6, "end"
			}
			fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="%s" fill="%s" class="label">%s%s</text>`+"\n",
				lx, y-4, anchor, stroke, title, html.EscapeString(fit(s.text, colW-12)))
		}
	}
	b.WriteString("</svg>\n")
	return b.String()
}
