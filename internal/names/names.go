package names

import "fmt"

// Table is one enumeration's names, in both directions. Build it with New;
// it is read-only afterwards and safe for concurrent use.
type Table[T comparable] struct {
	name  map[T]string
	value map[string]T
}

// New builds the table of names. Two values sharing a name is a mistake in
// the table itself, so New panics on it when the package that declares the
// table is initialised.
func New[T comparable](names map[T]string) *Table[T] {
	t := &Table[T]{name: names, value: make(map[string]T, len(names))}
	for v, n := range names {
		if w, dup := t.value[n]; dup {
			panic(fmt.Sprintf("names: %v and %v are both named %q", v, w, n))
		}
		t.value[n] = v
	}
	return t
}

// Name returns v's name; ok is false when v has none.
func (t *Table[T]) Name(v T) (name string, ok bool) {
	name, ok = t.name[v]
	return name, ok
}

// Value returns the value named name; ok is false for a name the table
// does not hold.
func (t *Table[T]) Value(name string) (v T, ok bool) {
	v, ok = t.value[name]
	return v, ok
}
