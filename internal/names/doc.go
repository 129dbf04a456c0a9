// Package names holds the name tables of the emulator's enumerations: the
// Win32 and IIS constant names (ERROR_INVALID_PARAMETER, RQ_BEGIN_REQUEST,
// HTTP_SEND_RESPONSE_FLAG_MORE_DATA's MORE_DATA, …) that traces, reports
// and configuration spell. Each table is written once, next to the
// constants it names, and gives both directions: a value's name for
// String, and a name's value for the matching Parse function.
package names
