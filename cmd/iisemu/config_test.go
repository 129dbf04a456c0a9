package main

import (
	"strings"
	"testing"

	"github.com/iisemu/iisemu/fixtures/config"
)

func TestConfigPrintTable(t *testing.T) {
	if code, out, errs := runIn("config", "--print-table"); code != 0 || out != config.ParameterTable() || errs != "" {
		t.Fatalf("exit %d, stderr %q, stdout:\n%s", code, errs, out)
	}
	for _, args := range [][]string{{"config", "--print-table", "--print-default"}, {"config", "--print-table", "--check", "x.yaml"}} {
		if code, _, errs := runIn(args...); code != 2 || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "give one of") {
			t.Errorf("%v: exit %d, stderr %q", args, code, errs)
		}
	}
}
