// Package httpsys emulates HTTP.sys, the kernel side of IIS: the part that
// owns the sockets, parses requests, answers the malformed ones itself, and
// sends what the application gives it with the flags of the HTTP Server
// API.
//
// The flow of one connection:
//
//	client ──bytes──► Transport (MemTransport | TCPTransport)
//	        ──► conn: readHead (limits, rejections ──► error page, orderly close)
//	        ──► request queue ──► Server.Receive (the application: package iis)
//	        ◄── Request.SendResponse / SendEntityBody (flags) / Cancel (RST)
//	        ──► keep-alive (drain unread body, next request) or close:
//	            closeOrderly (FIN, drain, close) or reset (RST)
//
// The two transports are interchangeable: everything above the Transport
// seam runs unchanged on real loopback sockets and in memory, and Classify
// turns the error that ends a read on either into one CloseKind.
//
// Behaviour IDs in comments (SYS-KA-1, SYS-ERR-1, …) refer to the
// project's behaviour reference.
package httpsys
