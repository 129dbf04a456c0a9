package names_test

import (
	"testing"

	"github.com/iisemu/iisemu/internal/names"
)

type color int

const (
	red color = iota
	green
)

func TestTableGoesBothWays(t *testing.T) {
	tbl := names.New(map[color]string{red: "RED", green: "GREEN"})
	for _, c := range []color{red, green} {
		n, ok := tbl.Name(c)
		if !ok {
			t.Fatalf("%d has no name", c)
		}
		if back, ok := tbl.Value(n); !ok || back != c {
			t.Errorf("Value(%q) = %d, %t; want %d", n, back, ok, c)
		}
	}
	if n, ok := tbl.Name(7); ok {
		t.Errorf("Name(7) = %q", n)
	}
	if _, ok := tbl.Value("BLUE"); ok {
		t.Error("Value(BLUE) found")
	}
}

func TestTableRefusesADuplicateName(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("two values named RED accepted")
		}
	}()
	names.New(map[color]string{red: "RED", green: "RED"})
}

type flags uint32

func TestBits(t *testing.T) {
	b := names.Bits[flags]{Table: names.New(map[flags]string{1: "A", 2: "B", 8: "D", 3: "AB"}), Zero: "0"}
	cases := []struct {
		v    flags
		text string
	}{
		{0, "0"},
		{1, "A"},
		{3, "AB"}, // a value with its own name keeps it
		{9, "A|D"},
		{0x14, "0x4|0x10"},
		{0x80000008, "D|0x80000000"},
	}
	for _, c := range cases {
		if got := b.Format(c.v); got != c.text {
			t.Errorf("Format(%#x) = %q, want %q", c.v, got, c.text)
		}
		if got, ok := b.Parse(c.text); !ok || got != c.v {
			t.Errorf("Parse(%q) = %#x, %t; want %#x", c.text, got, ok, c.v)
		}
	}
	for _, bad := range []string{"", "C", "A|", "A|C", "0x3", "0x0", "0xZZ", "0x100000000"} {
		if v, ok := b.Parse(bad); ok {
			t.Errorf("Parse(%q) = %#x, accepted", bad, v)
		}
	}
}
