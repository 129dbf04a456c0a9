package behaviour

// Public addresses the entries cite.
const (
	iisRef  = "https://learn.microsoft.com/en-us/iis/web-development-reference/native-code-api-reference/"
	winRef  = "https://learn.microsoft.com/en-us/windows/win32/api/http/"
	winHTTP = "https://learn.microsoft.com/en-us/windows/win32/http/"
	regRef  = "https://learn.microsoft.com/en-us/troubleshoot/developer/webapps/iis/iisadmin-service-inetinfo/httpsys-registry-windows"
	logRef  = "https://learn.microsoft.com/en-us/iis/configuration/system.applicationhost/sites/site/logfile/"
	rfc9112 = "https://www.rfc-editor.org/rfc/rfc9112"

	// Test files of projects that run against a real IIS or HTTP.sys.
	aspnetIISTests     = "https://github.com/dotnet/aspnetcore/blob/main/src/Servers/IIS/IIS/test/"
	aspnetHttpSysTests = "https://github.com/dotnet/aspnetcore/blob/main/src/Servers/HttpSys/test/FunctionalTests/"
	wineHTTPAPITests   = "https://github.com/wine-mirror/wine/blob/master/dlls/httpapi/tests/httpapi.c"
)

// The evidence several entries share. ASP.NET Core's IIS.Tests run on IIS
// Hostable Web Core (the IIS pipeline over HTTP.sys) and its
// Common.FunctionalTests on IIS Express and IIS; its HttpSys tests run on
// HTTP.sys. A managed server sits between those tests and HTTP.sys, so a
// test counts only where that layer did not decide the outcome. Wine's
// httpapi tests run on Windows as well as on Wine: every check not marked
// todo_wine holds on Windows.
var (
	evFlushThenAbort = Evidence{
		Address: aspnetIISTests + "IIS.Tests/ResponseAbortTests.cs",
		Test:    "ClosesAfterDataSent",
		Shows: "On IIS Hostable Web Core a handler writes and flushes, then aborts the request: the client reads a " +
			"200 with Transfer-Encoding: chunked and the flushed chunk, then the connection ends with no last chunk.",
	}
	evBadChunk = Evidence{
		Address: aspnetIISTests + "IIS.Tests/ClientDisconnectTests.cs",
		Test:    "ReaderThrowsResetExceptionOnInvalidBody",
		Shows: "A chunked body whose chunk size is not hexadecimal: the client receives 400 Bad Request, and the " +
			"application's read of the body fails as a reset connection.",
	}
	evHTTP10KeepAlive = Evidence{
		Address: aspnetHttpSysTests + "Listener/ResponseHeaderTests.cs",
		Test:    "ResponseHeaders_HTTP10KeepAliveRequest_KeepAliveHeader_Gets11NoClose",
		Shows: "On HTTP.sys two HTTP/1.0 requests with Connection: Keep-Alive travel over one connection; each answer " +
			"is HTTP/1.1 without Connection: close (the managed layer adds no Connection header there).",
	}
	evHTTP10Close = Evidence{
		Address: aspnetIISTests + "Common.FunctionalTests/RequestResponseTests.cs",
		Test:    "ReadAndWriteSlowConnection",
		Shows: "On IIS an HTTP/1.0 POST without keep-alive is answered HTTP/1.1 200, and the server then closes " +
			"the connection.",
	}
	evPipelined = Evidence{
		Address: wineHTTPAPITests,
		Test:    "test_v1_multiple_requests",
		Shows: "Two requests pipelined on one socket: the second reaches the application only after the first is " +
			"answered, and both carry the same connection ID.",
	}
	evBadRequest = Evidence{
		Address: wineHTTPAPITests,
		Test:    "test_v1_bad_request",
		Shows: "A request line HTTP.sys cannot parse is answered HTTP/1.1 400 Bad Request with Connection: close; " +
			"after the client sends more, its next recv returns 0 with no error: an orderly close, not a reset.",
	}
	evServerOverride = Evidence{
		Address: aspnetIISTests + "Common.FunctionalTests/RequestResponseTests.cs",
		Test:    "ServerHeaderIsOverriden",
		Shows: "On IIS an application sets Server: MyServer/7.8 and the client receives exactly that one product, " +
			"with nothing appended by HTTP.sys.",
	}
	evHTTPAPIDefault = Evidence{
		Address: aspnetHttpSysTests + "Listener/ResponseHeaderTests.cs",
		Test:    "ResponseHeaders_11Request_ServerSendsDefaultHeaders",
		Shows:   "On HTTP.sys a response for which the application set no Server header carries Server: Microsoft-HTTPAPI/2.0.",
	}
	evErrorPage = Evidence{
		Address: "https://github.com/dotnet/aspnetcore/blob/main/src/Middleware/HostFiltering/src/HostFilteringMiddleware.cs",
		Test:    "DefaultResponse",
		Shows: "ASP.NET Core answers a bad Host with a copy of HTTP.sys's own 400 page, commented as matching " +
			"HTTP.sys: an HTML 4.01 page in us-ascii with a title, an h2 heading and 'HTTP Error 400. <text>'. " +
			"It is code, not a test: the copy of a page captured from HTTP.sys.",
	}
)
