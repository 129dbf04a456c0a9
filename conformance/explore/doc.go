// Package explore looks for what no spec was written for. It draws random
// scenarios from the scripted-method registry (fixtures.MethodSignatures),
// runs each on two backends, compares what each saw with the agreement
// specs' comparison (conformance.Disagreement), and shrinks every
// divergence to a smallest scenario that still diverges:
//
//	seed ─▶ Generator ─▶ scenario ─▶ reference backend (the model) ─┐
//	                                 subject (sockets or a target) ─┴▶ Disagreement
//	                                                                    │ diverges
//	                                 Shrink: fewer modules, steps, calls, ◀┘
//	                                 shorter writes, a simpler request ─▶ scenario file
//
// A seed reproduces the whole stream: scenario i of seed s is drawn from
// a generator seeded with (s, i) alone, so it can be drawn again without
// the ones before it.
package explore
