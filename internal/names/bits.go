package names

import (
	"fmt"
	"strconv"
	"strings"
)

// Bits names the bits of a flag set, such as HTTP_SEND_RESPONSE_FLAG_* or
// the RQ_* notification mask: a set is written as the names of its bits,
// lowest bit first, joined by "|"; a bit without a name as 0x-prefixed hex.
type Bits[T ~uint32] struct {
	*Table[T]
	// Zero is how the empty set is written, e.g. "0".
	Zero string
}

// Format writes the set v: the name of v itself when it has one, else its
// bits' names joined by "|", else Zero.
func (b Bits[T]) Format(v T) string {
	if n, ok := b.Name(v); ok {
		return n
	}
	var parts []string
	for bit := T(1); bit != 0; bit <<= 1 {
		if v&bit == 0 {
			continue
		}
		if n, ok := b.Name(bit); ok {
			parts = append(parts, n)
		} else {
			parts = append(parts, fmt.Sprintf("0x%X", uint32(bit)))
		}
	}
	if len(parts) == 0 {
		return b.Zero
	}
	return strings.Join(parts, "|")
}

// Parse reads what Format writes; ok is false when a part is neither a
// name of the table nor a hex bit.
func (b Bits[T]) Parse(s string) (v T, ok bool) {
	if s == b.Zero {
		return 0, true
	}
	for part := range strings.SplitSeq(s, "|") {
		if n, ok := b.Value(part); ok {
			v |= n
			continue
		}
		hex, found := strings.CutPrefix(part, "0x")
		if !found {
			return 0, false
		}
		n, err := strconv.ParseUint(hex, 16, 32)
		if err != nil || n == 0 || n&(n-1) != 0 {
			return 0, false
		}
		v |= T(n)
	}
	return v, true
}
