package httpsys

import (
	"context"
	"errors"
	"log"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// Config configures a Server. The zero value is HTTP.sys's defaults; the
// parameter table (Parameters) gives each setting's range and default, and
// Validate checks them.
type Config struct {
	Limits   Limits
	Timeouts Timeouts
	// LoggingTimeout is how long HTTP.sys waits for the application to
	// complete a request whose client left before the response was
	// complete, before it logs Connection_Dropped (SYS-LOG-5); 0 takes
	// DefaultLoggingTimeout. It is no registry value.
	LoggingTimeout time.Duration
	// DisableServerHeader is the registry value of that name (SD-2): 0,
	// HTTP.sys adds Server: Microsoft-HTTPAPI/2.0 to every response that
	// has none; ServerHeaderOffOwnAnswers (1), not to the answers HTTP.sys
	// makes itself; ServerHeaderOff (2), to no response.
	DisableServerHeader int
	// QueueLength bounds the request queue (HttpServerQueueLengthProperty;
	// 0 takes the default). A full queue holds the connection's reader back.
	QueueLength int
	// Track keeps each connection's latest state, for WaitSettled.
	Track bool
	// ErrorLog, when set, receives an entry for every connection or request
	// HTTP.sys ends itself (SYS-LOG-1). It must not block for long.
	ErrorLog func(ErrorLogEntry)
	// Logger, when set, receives the server's own notices: an Accept that
	// failed and is being retried, or that stopped the listener for good.
	// A nil Logger discards them.
	Logger *log.Logger
	// ConnObserver, when set, is called on every connection transition,
	// from the connection's goroutine. It must not block.
	ConnObserver func(ConnEvent)
}

// ErrServerClosed is returned by Receive and Serve after Close or Shutdown.
var ErrServerClosed = errors.New("httpsys: server closed")

// Server is the emulated HTTP.sys: it accepts connections on a transport,
// parses requests, answers malformed ones itself, and queues the rest for
// an application that takes them with Receive and answers them with the
// Request's send methods.
type Server struct {
	cfg   Config
	clock Clock
	queue chan *Request
	done  chan struct{}
	ids   atomic.Uint64
	// inFlight counts requests handed over and not finished: the emulated
	// request queue's occupancy (QueueLength, QueueFull).
	inFlight atomic.Int64
	// open counts the connections whose close has not begun (counted),
	// kept as they change so that accepting one costs the same however
	// many are open.
	open atomic.Int64

	mu        sync.Mutex
	listeners map[Listener]struct{}
	conns     map[*conn]struct{}
	closing   bool
	shutdown  atomic.Bool
	wg        sync.WaitGroup
	closeOnce sync.Once

	watch    connWatch
	date     dateCache
	dispatch func(*Request)
}

// SetDispatcher makes the server hand each request to f on the request's
// connection goroutine instead of queueing it for Receive. f must finish
// the request (final send or Cancel) before it returns. It must be called
// before Serve. The IIS pipeline uses it: the connection's goroutine plays
// the worker thread, so a request on one connection, even a pending one,
// never holds up another connection.
func (s *Server) SetDispatcher(f func(*Request)) { s.dispatch = f }

// NewServer returns a Server whose timers run on clock (the transport's).
func NewServer(clock Clock, cfg Config) *Server {
	cfg = cfg.withDefaults()
	s := &Server{
		cfg:       cfg,
		clock:     clock,
		queue:     make(chan *Request, cfg.QueueLength),
		done:      make(chan struct{}),
		listeners: make(map[Listener]struct{}),
		conns:     make(map[*conn]struct{}),
	}
	s.watch.init(cfg.Track)
	s.date.clock = clock
	return s
}

// Serve accepts connections on l until the server closes; each connection
// gets a goroutine. It returns ErrServerClosed after Close or Shutdown, or
// the listener's error when Accept fails for good. A temporary failure
// (out of descriptors: EMFILE, ENFILE) does not end it: it waits 5 ms,
// doubling to 1 s, and retries, saying so once per burst on Config.Logger.
func (s *Server) Serve(l Listener) error {
	s.mu.Lock()
	if s.closing {
		s.mu.Unlock()
		l.Close()
		return ErrServerClosed
	}
	s.listeners[l] = struct{}{}
	s.wg.Add(1)
	s.mu.Unlock()
	defer s.wg.Done()
	backoff := acceptBackoff{s: s, l: l}
	for {
		nc, err := l.Accept()
		if err != nil {
			select {
			case <-s.done:
				return ErrServerClosed
			default:
			}
			if s.shutdown.Load() {
				return ErrServerClosed
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				continue
			}
			// Out of descriptors and the like: the connection waits in
			// the listen backlog until one is free, so wait and retry.
			if temporaryAcceptError(err) {
				if !backoff.failed(err) {
					return ErrServerClosed
				}
				continue
			}
			return err
		}
		backoff.accepted()
		c := newConn(s, nc)
		s.mu.Lock()
		if s.closing {
			s.mu.Unlock()
			nc.Reset()
			return ErrServerClosed
		}
		if max := s.cfg.Limits.MaxConnections; max > 0 && s.counted() >= max {
			c.overLimit = true // answered 503 ConnLimit, then closed
		}
		s.conns[c] = struct{}{}
		s.open.Add(1) // until its close begins (conn.setState)
		s.wg.Add(1)
		s.mu.Unlock()
		s.report(ConnEvent{Remote: nc.RemoteAddr().String(), State: StateNew})
		go func() {
			defer s.wg.Done()
			defer s.forget(c)
			c.serve()
		}()
	}
}

// counted is how many connections count against MaxConnections: those
// whose close has not begun. A connection stops counting as its Closing
// (or Closed, or Reset) state is set, before that state is reported, so a
// client told that a connection ended (ConnObserver, and a log endpoint
// that follows it) may connect again at once. INFER: HTTP.sys's count of
// a connection it is closing is not documented. The caller holds s.mu.
func (s *Server) counted() int { return int(s.open.Load()) }

// closing reports whether a connection in st no longer counts against
// MaxConnections (counted).
func closing(st ConnState) bool { return st == StateClosing || st.Terminal() }

// forget drops c once its goroutine is done with it: nothing reads from
// it any more, so its read buffer goes back to the pool.
func (s *Server) forget(c *conn) {
	c.cr.release()
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
	s.watch.wake() // Shutdown counts the connections left
}

// Receive is HttpReceiveHttpRequest: it returns the next queued request.
func (s *Server) Receive(ctx context.Context) (*Request, error) {
	for {
		select {
		case r := <-s.queue:
			if r.take() {
				return r, nil
			}
			// The request waited past RequestQueue and was answered 503.
		case <-s.done:
			return nil, ErrServerClosed
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// enqueue puts r in the queue for Receive; a full queue refuses it.
func (s *Server) enqueue(r *Request) (ok, full bool) {
	select {
	case s.queue <- r:
		return true, false
	case <-s.done:
		return false, false
	default:
		return false, true
	}
}

// logError sends an entry to the configured error log.
func (s *Server) logError(e ErrorLogEntry) {
	if s.cfg.ErrorLog != nil {
		e.Time = s.clock.Now()
		s.cfg.ErrorLog(e)
	}
}

// logf writes a notice to Config.Logger, if set.
func (s *Server) logf(format string, args ...any) {
	if s.cfg.Logger != nil {
		s.cfg.Logger.Printf(format, args...)
	}
}

func (s *Server) nextID() uint64 { return s.ids.Add(1) }

func (s *Server) shuttingDown() bool { return s.shutdown.Load() }

// Close is the abortive stop: listeners close, every connection is reset,
// and Close waits for the server's goroutines. It is idempotent.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closing = true
		close(s.done)
		for l := range s.listeners {
			l.Close()
		}
		for c := range s.conns {
			c.resetConn()
		}
		s.mu.Unlock()
	})
	s.wg.Wait()
	return nil
}

// Shutdown is the graceful stop: listeners close, idle connections close
// in an orderly way, active ones close after their current response. If
// ctx ends first, Shutdown falls back to Close and returns ctx's error.
func (s *Server) Shutdown(ctx context.Context) error {
	s.shutdown.Store(true)
	s.mu.Lock()
	for l := range s.listeners {
		l.Close()
	}
	s.mu.Unlock()
	s.watch.waiters.Add(1)
	defer s.watch.waiters.Add(-1)
	for {
		// Take the channel before counting: a connection that ends after
		// the count closes this one, and its wake is not lost.
		changed := s.watch.changed()
		s.mu.Lock()
		n := len(s.conns)
		for c := range s.conns {
			if st := c.getState(); st == StateIdle || st == StateNew {
				// Wake the reader; readHead then ends the connection.
				c.nc.SetReadDeadline(time.Unix(1, 0))
			}
		}
		s.mu.Unlock()
		if n == 0 {
			return s.Close()
		}
		select {
		case <-ctx.Done():
			s.Close()
			return ctx.Err()
		case <-changed:
		}
	}
}

func (s *Server) report(ev ConnEvent) {
	s.watch.record(ev)
	if s.cfg.ConnObserver != nil {
		s.cfg.ConnObserver(ev)
	}
}
