package iis

import (
	"errors"
	"fmt"
	"strings"
)

// LogFile is a site's W3C request log settings, as the <logFile> element of
// IIS's <site> element holds them
// (learn.microsoft.com/iis/configuration/system.applicationhost/sites/site/logfile/).
type LogFile struct {
	// LogExtFileFlags are the fields each line carries; zero means IIS's
	// default, DefaultLogExtFileFlags.
	LogExtFileFlags LogExtFileFlags
}

// LogExtFileFlags is the logExtFileFlags attribute: which fields the W3C
// request log writes (SYS-LOG-2). The values are IIS's; the order the
// fields appear in on a line is IIS's too, fixed by the logger whatever the
// order the flags are given in (see Fields).
type LogExtFileFlags uint32

// The flags, named and numbered as IIS names and numbers them.
const (
	LogDate            LogExtFileFlags = 1 << iota // Date: date
	LogTime                                        // Time: time
	LogClientIP                                    // ClientIP: c-ip
	LogUserName                                    // UserName: cs-username
	LogSiteName                                    // SiteName: s-sitename
	LogComputerName                                // ComputerName: s-computername
	LogServerIP                                    // ServerIP: s-ip
	LogMethod                                      // Method: cs-method
	LogURIStem                                     // UriStem: cs-uri-stem
	LogURIQuery                                    // UriQuery: cs-uri-query
	LogHTTPStatus                                  // HttpStatus: sc-status
	LogWin32Status                                 // Win32Status: sc-win32-status
	LogBytesSent                                   // BytesSent: sc-bytes
	LogBytesRecv                                   // BytesRecv: cs-bytes
	LogTimeTaken                                   // TimeTaken: time-taken
	LogServerPort                                  // ServerPort: s-port
	LogUserAgent                                   // UserAgent: cs(User-Agent)
	LogCookie                                      // Cookie: cs(Cookie)
	LogReferer                                     // Referer: cs(Referer)
	LogProtocolVersion                             // ProtocolVersion: cs-version
	LogHost                                        // Host: cs-host
	LogHTTPSubStatus                               // HttpSubStatus: sc-substatus
)

// DefaultLogExtFileFlags is IIS 10's default: Date, Time, ClientIP,
// UserName, ServerIP, Method, UriStem, UriQuery, TimeTaken, HttpStatus,
// Win32Status, ServerPort, UserAgent, HttpSubStatus and Referer (the logFile
// page; Referer is a default since IIS 8.0). BytesSent and BytesRecv are not.
const DefaultLogExtFileFlags = LogDate | LogTime | LogClientIP | LogUserName | LogServerIP | LogMethod |
	LogURIStem | LogURIQuery | LogTimeTaken | LogHTTPStatus | LogWin32Status | LogServerPort | LogUserAgent |
	LogHTTPSubStatus | LogReferer

// logExtFileFlagNames are the flags' names in IIS's configuration, by bit.
var logExtFileFlagNames = [...]string{"Date", "Time", "ClientIP", "UserName", "SiteName", "ComputerName",
	"ServerIP", "Method", "UriStem", "UriQuery", "HttpStatus", "Win32Status", "BytesSent", "BytesRecv",
	"TimeTaken", "ServerPort", "UserAgent", "Cookie", "Referer", "ProtocolVersion", "Host", "HttpSubStatus"}

// AllLogExtFileFlags selects every field IIS defines.
const AllLogExtFileFlags = LogExtFileFlags(1)<<len(logExtFileFlagNames) - 1

// ErrNoLogFields is ParseLogExtFileFlags's answer to a list naming no flag.
var ErrNoLogFields = errors.New("names no field")

// ParseLogExtFileFlags reads a logExtFileFlags value as applicationHost.config
// spells it: flag names separated by commas, spaces around them ignored,
// in any order. Names are matched without regard to case (INFER: IIS's
// configuration system reads enum and flags values that way). An unknown
// name is an error naming it; so is a list naming none.
func ParseLogExtFileFlags(s string) (LogExtFileFlags, error) {
	var f LogExtFileFlags
	for item := range strings.SplitSeq(s, ",") {
		name := strings.TrimSpace(item)
		if name == "" {
			continue
		}
		bit, ok := logExtFileFlag(name)
		if !ok {
			return 0, fmt.Errorf("unknown flag %q (known: %s)", name, AllLogExtFileFlags)
		}
		f |= bit
	}
	if f == 0 {
		return 0, ErrNoLogFields
	}
	return f, nil
}

func logExtFileFlag(name string) (LogExtFileFlags, bool) {
	for i, n := range logExtFileFlagNames {
		if strings.EqualFold(n, name) {
			return 1 << i, true
		}
	}
	return 0, false
}

// String is f as applicationHost.config writes it: the flag names in the
// order of their values, separated by ", ".
func (f LogExtFileFlags) String() string {
	var names []string
	for i, n := range logExtFileFlagNames {
		if f&(1<<i) != 0 {
			names = append(names, n)
		}
	}
	if rest := f &^ AllLogExtFileFlags; rest != 0 {
		names = append(names, fmt.Sprintf("0x%x", uint32(rest)))
	}
	return strings.Join(names, ", ")
}

// orDefault is f, or the default when f is zero.
func (f LogExtFileFlags) orDefault() LogExtFileFlags {
	if f == 0 {
		return DefaultLogExtFileFlags
	}
	return f
}

// Fields is the log's #Fields line for f (the default when f is zero).
func (f LogExtFileFlags) Fields() string {
	f = f.orDefault()
	names := []string{}
	for _, c := range logColumns {
		if f&c.flag != 0 {
			names = append(names, c.name)
		}
	}
	return "#Fields: " + strings.Join(names, " ")
}
