package httpsys

// ConnState is the server-side lifecycle of a connection. Transitions go
// through (*conn).setState, which refuses illegal ones:
//
//	New ──► Active ◄──► Idle
//	 │        │          │
//	 ▼        ▼          ▼
//	Closing (orderly: FIN, drain, close) ──► Closed
//	any non-terminal state ──► Reset (RST)      New/Idle ──► Closed (client left)
type ConnState int

const (
	StateNew     ConnState = iota // accepted, no request yet
	StateActive                   // a request is in the queue or being answered
	StateIdle                     // between requests on a persistent connection
	StateClosing                  // orderly close under way: FIN sent, draining
	StateClosed                   // closed in an orderly way
	StateReset                    // closed abortively (RST)
)

var connStateNames = [...]string{"new", "active", "idle", "closing", "closed", "reset"}

func (s ConnState) String() string {
	if int(s) < len(connStateNames) {
		return connStateNames[s]
	}
	return "ConnState(?)"
}

// Terminal reports whether the connection is gone.
func (s ConnState) Terminal() bool { return s == StateClosed || s == StateReset }

var connTransitions = [...][]ConnState{
	StateNew:     {StateActive, StateClosing, StateClosed, StateReset},
	StateActive:  {StateIdle, StateClosing, StateReset},
	StateIdle:    {StateActive, StateClosing, StateClosed, StateReset},
	StateClosing: {StateClosed, StateReset},
}

func legalConnTransition(from, to ConnState) bool {
	if int(from) >= len(connTransitions) {
		return false
	}
	for _, s := range connTransitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// ConnEvent is what a Server reports to Config.ConnObserver on each
// transition: which connection (by the client's address), the new state,
// how many requests it has answered in full so far, and how many bytes it
// has written to the connection.
type ConnEvent struct {
	Remote   string
	State    ConnState
	Served   int   // requests answered in full, the connection kept open
	Received int   // requests handed to the queue
	Sent     int64 // bytes written to the connection so far
}
