package iis

import (
	"fmt"

	"github.com/iisemu/iisemu/internal/names"
)

// RequestNotification is a request-level notification bit
// (iis:request-processing-constants).
type RequestNotification uint32

// The ordered notifications (PIPE-1), then the unordered ones.
const (
	RQ_BEGIN_REQUEST               RequestNotification = 0x00000001
	RQ_AUTHENTICATE_REQUEST        RequestNotification = 0x00000002
	RQ_AUTHORIZE_REQUEST           RequestNotification = 0x00000004
	RQ_RESOLVE_REQUEST_CACHE       RequestNotification = 0x00000008
	RQ_MAP_REQUEST_HANDLER         RequestNotification = 0x00000010
	RQ_ACQUIRE_REQUEST_STATE       RequestNotification = 0x00000020
	RQ_PRE_EXECUTE_REQUEST_HANDLER RequestNotification = 0x00000040
	RQ_EXECUTE_REQUEST_HANDLER     RequestNotification = 0x00000080
	RQ_RELEASE_REQUEST_STATE       RequestNotification = 0x00000100
	RQ_UPDATE_REQUEST_CACHE        RequestNotification = 0x00000200
	RQ_LOG_REQUEST                 RequestNotification = 0x00000400
	RQ_END_REQUEST                 RequestNotification = 0x00000800

	RQ_CUSTOM_NOTIFICATION RequestNotification = 0x10000000
	RQ_SEND_RESPONSE       RequestNotification = 0x20000000
	RQ_READ_ENTITY         RequestNotification = 0x40000000
	RQ_MAP_PATH            RequestNotification = 0x80000000
)

// orderedNotifications is the deterministic pipeline, in order (PIPE-1).
var orderedNotifications = []RequestNotification{
	RQ_BEGIN_REQUEST, RQ_AUTHENTICATE_REQUEST, RQ_AUTHORIZE_REQUEST,
	RQ_RESOLVE_REQUEST_CACHE, RQ_MAP_REQUEST_HANDLER, RQ_ACQUIRE_REQUEST_STATE,
	RQ_PRE_EXECUTE_REQUEST_HANDLER, RQ_EXECUTE_REQUEST_HANDLER,
	RQ_RELEASE_REQUEST_STATE, RQ_UPDATE_REQUEST_CACHE, RQ_LOG_REQUEST, RQ_END_REQUEST,
}

// orderedMask has the bits of the 12 ordered notifications.
var orderedMask = func() (m RequestNotification) {
	for _, n := range orderedNotifications {
		m |= n
	}
	return m
}()

// OrderedNotifications returns the 12 deterministic notifications in
// pipeline order.
func OrderedNotifications() []RequestNotification {
	return append([]RequestNotification(nil), orderedNotifications...)
}

var notificationNames = names.Bits[RequestNotification]{Zero: "0", Table: names.New(map[RequestNotification]string{
	RQ_BEGIN_REQUEST:               "RQ_BEGIN_REQUEST",
	RQ_AUTHENTICATE_REQUEST:        "RQ_AUTHENTICATE_REQUEST",
	RQ_AUTHORIZE_REQUEST:           "RQ_AUTHORIZE_REQUEST",
	RQ_RESOLVE_REQUEST_CACHE:       "RQ_RESOLVE_REQUEST_CACHE",
	RQ_MAP_REQUEST_HANDLER:         "RQ_MAP_REQUEST_HANDLER",
	RQ_ACQUIRE_REQUEST_STATE:       "RQ_ACQUIRE_REQUEST_STATE",
	RQ_PRE_EXECUTE_REQUEST_HANDLER: "RQ_PRE_EXECUTE_REQUEST_HANDLER",
	RQ_EXECUTE_REQUEST_HANDLER:     "RQ_EXECUTE_REQUEST_HANDLER",
	RQ_RELEASE_REQUEST_STATE:       "RQ_RELEASE_REQUEST_STATE",
	RQ_UPDATE_REQUEST_CACHE:        "RQ_UPDATE_REQUEST_CACHE",
	RQ_LOG_REQUEST:                 "RQ_LOG_REQUEST",
	RQ_END_REQUEST:                 "RQ_END_REQUEST",
	RQ_CUSTOM_NOTIFICATION:         "RQ_CUSTOM_NOTIFICATION",
	RQ_SEND_RESPONSE:               "RQ_SEND_RESPONSE",
	RQ_READ_ENTITY:                 "RQ_READ_ENTITY",
	RQ_MAP_PATH:                    "RQ_MAP_PATH",
})}

// String returns the constant's name, e.g. "RQ_SEND_RESPONSE"; a mask of
// several bits is joined with "|", a bit without a name shown in hex.
func (n RequestNotification) String() string { return notificationNames.Format(n) }

// ParseNotification accepts a constant name such as "RQ_BEGIN_REQUEST".
func ParseNotification(s string) (RequestNotification, bool) { return notificationNames.Value(s) }

// RequestNotificationStatus is what a module's handler returns
// (REQUEST_NOTIFICATION_STATUS).
type RequestNotificationStatus int

const (
	// StatusContinue goes on with the pipeline (PIPE-CONT-1).
	StatusContinue RequestNotificationStatus = 0 // RQ_NOTIFICATION_CONTINUE
	// StatusPending pauses the request until the module resumes it
	// (PIPE-PEND-1).
	StatusPending RequestNotificationStatus = 1 // RQ_NOTIFICATION_PENDING
	// StatusFinishRequest ends request-level processing (PIPE-FIN-1).
	StatusFinishRequest RequestNotificationStatus = 2 // RQ_NOTIFICATION_FINISH_REQUEST
)

var statusNames = names.New(map[RequestNotificationStatus]string{
	StatusContinue:      "RQ_NOTIFICATION_CONTINUE",
	StatusPending:       "RQ_NOTIFICATION_PENDING",
	StatusFinishRequest: "RQ_NOTIFICATION_FINISH_REQUEST",
})

// String returns the C++ constant name.
func (s RequestNotificationStatus) String() string {
	if n, ok := statusNames.Name(s); ok {
		return n
	}
	return fmt.Sprintf("REQUEST_NOTIFICATION_STATUS(%d)", int(s))
}

// ParseStatus accepts the C++ constant name.
func ParseStatus(s string) (RequestNotificationStatus, bool) { return statusNames.Value(s) }

// Priority is a module's priority within one notification
// (PRIORITY_ALIAS_* in httpserv.h): FIRST runs first, LAST last (PIPE-2).
type Priority int

const (
	PriorityFirst  Priority = iota // PRIORITY_ALIAS_FIRST ("FIRST")
	PriorityHigh                   // PRIORITY_ALIAS_HIGH ("HIGH")
	PriorityMedium                 // PRIORITY_ALIAS_MEDIUM ("MEDIUM"), the default
	PriorityLow                    // PRIORITY_ALIAS_LOW ("LOW")
	PriorityLast                   // PRIORITY_ALIAS_LAST ("LAST")
)

var priorityNames = names.New(map[Priority]string{
	PriorityFirst:  "FIRST",
	PriorityHigh:   "HIGH",
	PriorityMedium: "MEDIUM",
	PriorityLow:    "LOW",
	PriorityLast:   "LAST",
})

// String returns the alias, e.g. "MEDIUM".
func (p Priority) String() string {
	if n, ok := priorityNames.Name(p); ok {
		return n
	}
	return fmt.Sprintf("Priority(%d)", int(p))
}

// ParsePriority accepts the alias strings of httpserv.h.
func ParsePriority(s string) (Priority, bool) { return priorityNames.Value(s) }
