// Genhandlers writes the iis package's handlers_gen.go: one handler
// interface per request notification and post-notification, and the
// stageMethods table that pairs each notification with its module
// methods. The notifications and their CHttpModule methods are listed
// once, in main.go's notifications; the table's type assertions are
// written out per notification so that each gets Go's per-call-site
// assertion cache on the pipeline's hot path. Run it with
// go generate ./iis; a test fails while the committed file is stale.
package main
