package soak

import (
	"fmt"
	"strings"
	"time"
)

// HelloBody is what /samples/hello answers in the soak's configuration.
const HelloBody = "Hello from the sample handler.\n"

// largeBody is the size of /soak/large's answer: more than the kernel's
// socket buffers hold on loopback (tcp_wmem's 4 MiB ceiling counts the
// buffers' overhead too), so a client that stops reading finds the
// server still sending when it resets.
const largeBody = 4 << 20

// Config writes the soak's configuration: MaxConnections low enough to
// flood, a short HeaderWait for the slowloris, /samples/hello, the module
// that reads a body, and a large response to reset in the middle of.
func Config(maxConns int, headerWait time.Duration) string {
	return fmt.Sprintf(`httpsys:
  MaxConnections: %d
  Timers:
    HeaderWait: %d
    IdleConnection: 10
    EntityBody: 5
    DrainEntityBody: 5
site:
  name: Soak
  applications:
    - path: /samples/hello
      modules: []
      handler:
        text: %q
    - path: /samples/read-entity-body
      modules: [ReadEntityBodySample]
      handler:
        text: %q
    - path: /soak/large
      modules: []
      handler:
        text: %q
`, maxConns, int(headerWait/time.Second), HelloBody, HelloBody, strings.Repeat("x", largeBody))
}
