// Package iis emulates the IIS integrated request pipeline on top of the
// httpsys package, with the native-code API's names: modules register with
// RegisterModule and SetRequestNotifications, a factory makes one module
// per request, and each module sees IHttpContext, IHttpRequest and
// IHttpResponse.
//
// One request's flow:
//
//	httpsys.Server.Receive ──► Server.handle: route to an Application,
//	    make the modules (GetHttpModule)
//	──► run: RQ_BEGIN_REQUEST … RQ_END_REQUEST, each with its
//	    post-notification, modules in priority order (PIPE-1, PIPE-2);
//	    FINISH_REQUEST, PENDING handled in pipeline.go
//	──► every real send (Flush, automatic flush, the final send) fires
//	    RQ_SEND_RESPONSE in reversed order (PIPE-3, PIPE-6), then goes to
//	    httpsys with its flags (send.go); ResetConnection cancels the
//	    request (RST)
//	──► Dispose the modules; the trace goes to Options.OnTrace.
//
// Each emulated interface has its file, with all its methods: context.go
// (IHttpContext), request.go, response.go, connection.go, registration.go
// (IHttpModuleRegistrationInfo), storedcontext.go (the context
// containers), module.go (CHttpModule and its factory), unordered.go and
// global.go (their notifications and providers). The machinery has its
// own: pipeline.go, send.go, record.go (what goes into a trace).
//
// Every choice the documentation leaves open is a field of Decisions.
// Behaviour IDs in comments refer to the project's behaviour reference.
package iis
