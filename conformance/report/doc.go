// Package report renders what a conformance run found: each spec's
// verdict (PASS, PASS (wire only), FAIL, NOT SUPPORTED, EXPECTED FAILURE,
// UNEXPECTED PASS) from Ginkgo's report, the progress line per spec, the
// summary with its rerun command, the records kept for the JUnit and JSON
// reports, the self-contained HTML report, and the sequence diagrams (SVG,
// Mermaid) of an exchange. It reads Ginkgo's report and the behaviour
// catalogue; it runs nothing.
package report
