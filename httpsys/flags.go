package httpsys

import "github.com/iisemu/iisemu/internal/names"

// SendFlags are the HTTP_SEND_RESPONSE_FLAG_* values of HttpSendHttpResponse
// and HttpSendResponseEntityBody (win:nf-http-httpsendhttpresponse).
type SendFlags uint32

const (
	// SendDisconnect closes the connection, in an orderly way, after this
	// response, overriding keep-alive (SYS-DISC-1).
	SendDisconnect SendFlags = 0x1 // HTTP_SEND_RESPONSE_FLAG_DISCONNECT
	// SendMoreData says more entity-body calls follow.
	SendMoreData SendFlags = 0x2 // HTTP_SEND_RESPONSE_FLAG_MORE_DATA
	// SendBufferData lets the data be held and coalesced with later sends.
	SendBufferData SendFlags = 0x4 // HTTP_SEND_RESPONSE_FLAG_BUFFER_DATA
	// SendEnableNagling is accepted and has no other effect here.
	SendEnableNagling SendFlags = 0x8 // HTTP_SEND_RESPONSE_FLAG_ENABLE_NAGLING
	// SendProcessRanges is accepted and has no other effect here.
	SendProcessRanges SendFlags = 0x20 // HTTP_SEND_RESPONSE_FLAG_PROCESS_RANGES
	// SendOpaque is only valid with a 101 response (any other status is
	// ERROR_INVALID_PARAMETER, SYS-SEND-1); with 101 it is not emulated
	// and the send fails with ERROR_NOT_SUPPORTED.
	SendOpaque SendFlags = 0x40 // HTTP_SEND_RESPONSE_FLAG_OPAQUE
)

// flagNames are the flags' names without the HTTP_SEND_RESPONSE_FLAG_
// prefix, as traces write them.
var flagNames = names.Bits[SendFlags]{Zero: "0", Table: names.New(map[SendFlags]string{
	SendDisconnect:    "DISCONNECT",
	SendMoreData:      "MORE_DATA",
	SendBufferData:    "BUFFER_DATA",
	SendEnableNagling: "ENABLE_NAGLING",
	SendProcessRanges: "PROCESS_RANGES",
	SendOpaque:        "OPAQUE",
})}

// String lists the set flags, lowest first, as "MORE_DATA|BUFFER_DATA";
// no flag is "0", a bit without a name 0x-prefixed hex.
func (f SendFlags) String() string { return flagNames.Format(f) }

// ParseSendFlags is the inverse of String.
func ParseSendFlags(s string) (SendFlags, bool) { return flagNames.Parse(s) }

// validate refuses combinations the docs leave undefined.
func (f SendFlags) validate() error {
	if f&SendDisconnect != 0 && f&SendMoreData != 0 {
		// The HttpSendHttpResponse page calls DISCONNECT with MORE_DATA
		// undefined; the emulator refuses it rather than guess (SYS-SEND-3,
		// INFER).
		return ErrorInvalidParameter
	}
	if f&SendOpaque != 0 {
		return ErrorNotSupported
	}
	return nil
}
