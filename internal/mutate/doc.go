// Package mutate measures the conformance suite's strength by mutation
// testing: it makes small deliberate errors in the emulator's source, one
// at a time, and asks whether `iisemu conformance` notices.
//
//	source file ─▶ Sites (go/ast: conditions, calls, constants, statements)
//	            ─▶ Apply one ─▶ go build -overlay (no copy of the tree)
//	            ─▶ iisemu conformance ─▶ killed (a spec failed) or survived
//
// The mutations: flip a comparison or a logical operator (== and !=, <
// and >=, > and <=, && and ||), drop a call made as a statement, change
// an integer constant (n to n+1, 1 to 0) or swap true and false, and
// remove an assignment or an increment. Only function bodies are mutated;
// declarations of constants and tables are left alone.
package mutate
