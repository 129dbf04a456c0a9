// Package names is the machinery of the emulator's name tables: the Win32
// and IIS constant names (ERROR_INVALID_PARAMETER, RQ_BEGIN_REQUEST,
// HTTP_SEND_RESPONSE_FLAG_MORE_DATA's MORE_DATA, …) that traces, reports
// and configuration spell. A Table maps an enumeration's values to their
// names and back, and Bits writes and reads a flag set as its bits' names
// joined by "|". The tables themselves are written once each, next to the
// constants they name (httpsys, iis), and give both directions: a value's
// name for String, and a name's value for the matching Parse function.
package names
