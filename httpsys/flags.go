package httpsys

import "strings"

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
	// SendOpaque is only valid with a 101 response; it is not emulated.
	SendOpaque SendFlags = 0x40 // HTTP_SEND_RESPONSE_FLAG_OPAQUE
)

var flagNames = []struct {
	f    SendFlags
	name string
}{
	{SendDisconnect, "DISCONNECT"},
	{SendMoreData, "MORE_DATA"},
	{SendBufferData, "BUFFER_DATA"},
	{SendEnableNagling, "ENABLE_NAGLING"},
	{SendProcessRanges, "PROCESS_RANGES"},
	{SendOpaque, "OPAQUE"},
}

// String lists the set flags as "MORE_DATA|BUFFER_DATA", or "0".
func (f SendFlags) String() string {
	var parts []string
	for _, n := range flagNames {
		if f&n.f != 0 {
			parts = append(parts, n.name)
		}
	}
	if len(parts) == 0 {
		return "0"
	}
	return strings.Join(parts, "|")
}

// validate refuses combinations the docs leave undefined.
func (f SendFlags) validate() error {
	if f&SendDisconnect != 0 && f&SendMoreData != 0 {
		// The HttpSendHttpResponse page calls DISCONNECT with MORE_DATA
		// undefined; the emulator refuses it rather than guess.
		return ErrorInvalidParameter
	}
	if f&SendOpaque != 0 {
		return ErrorNotSupported
	}
	return nil
}
