package httpsys_test

import (
	"bufio"
	"errors"
	"io"
	"log"
	"net"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/iisemu/iisemu/httpsys"
)

// lowFilesEnv makes the test binary play the child of
// TestAcceptSurvivesDescriptorExhaustion.
const lowFilesEnv = "IISEMU_TEST_LOW_NOFILE"

// TestAcceptSurvivesDescriptorExhaustion runs the test binary again with a
// small RLIMIT_NOFILE: the child runs out of descriptors with a connection
// waiting to be accepted, frees them, and must then get that connection
// served. The accept loop backs off and retries (as net/http does) instead
// of returning for good, and says so once per burst.
func TestAcceptSurvivesDescriptorExhaustion(t *testing.T) {
	if os.Getenv(lowFilesEnv) == "1" {
		acceptUnderExhaustion(t)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestAcceptSurvivesDescriptorExhaustion$", "-test.count=1")
	cmd.Env = append(os.Environ(), lowFilesEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
}

// noticeWriter hands each line the server logs to a channel.
type noticeWriter chan string

func (w noticeWriter) Write(p []byte) (int, error) {
	w <- string(p)
	return len(p), nil
}

func acceptUnderExhaustion(t *testing.T) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Fatal(err)
	}
	lim.Cur = 64
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Fatal(err)
	}
	notices := make(noticeWriter, 16)
	h := newHarness(t, httpsys.TCPTransport{}, httpsys.Config{Logger: log.New(notices, "", 0)}, echoURL)

	// Take every free descriptor, then give one back for the client's
	// socket: the server's accept then has none.
	var fillers []*os.File
	defer func() {
		for _, f := range fillers {
			f.Close()
		}
	}()
	for {
		f, err := os.Open(os.DevNull)
		if errors.Is(err, syscall.EMFILE) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		fillers = append(fillers, f)
		if len(fillers) > 1000 {
			t.Fatal("RLIMIT_NOFILE had no effect")
		}
	}
	fillers[len(fillers)-1].Close()
	fillers = fillers[:len(fillers)-1]
	c, err := net.Dial("tcp", h.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(c, "GET /after HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	waitNotice(t, notices, "too many open files")

	for _, f := range fillers {
		f.Close()
	}
	fillers = nil
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "HTTP/1.1 200 ") {
		t.Fatalf("after the descriptors came back: %q, %v", line, err)
	}
	waitNotice(t, notices, "accepting again")
}

// waitNotice waits for a logged line containing want.
func waitNotice(t *testing.T, notices noticeWriter, want string) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case n := <-notices:
			if strings.Contains(n, want) {
				return
			}
		case <-deadline:
			t.Fatalf("no notice containing %q", want)
		}
	}
}
