package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/iisemu/iisemu/fixtures/config"
	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/iis"
)

func runConfig(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("config", "(--print-default | --print-table | --check FILE)",
		"Prints the complete, commented default configuration (the sample site and\n"+
			"HTTP.sys's documented defaults), or the table of HTTP.sys's parameters\n"+
			"(Markdown, as in the README), or checks a configuration file and lists\n"+
			"every problem in it, one per line.")
	printDefault := fs.Bool("print-default", false, "print the default configuration")
	printTable := fs.Bool("print-table", false, "print the table of HTTP.sys parameters (Markdown)")
	check := fs.String("check", "", "check this configuration file")
	if code, ok := parseFlags(fs, args, stdout, stderr); !ok {
		return code
	}
	given := 0
	for _, b := range []bool{*printDefault, *printTable, *check != ""} {
		if b {
			given++
		}
	}
	switch {
	case fs.NArg() > 0:
		return fail(stderr, "config", "unexpected argument %q", fs.Arg(0))
	case given > 1:
		return fail(stderr, "config", "give one of --print-default, --print-table and --check")
	case *printDefault:
		fmt.Fprint(stdout, config.DefaultYAML())
		return 0
	case *printTable:
		fmt.Fprint(stdout, config.ParameterTable())
		return 0
	case *check != "":
		if _, _, code := loadConfig(*check, "config", stderr); code != 0 {
			return code
		}
		fmt.Fprintf(stdout, "%s: ok\n", *check)
		return 0
	}
	return fail(stderr, "config", "give --print-default, --print-table or --check FILE")
}

// loadConfig reads and checks a configuration file, printing each problem
// on its own line; code is 0 when it loaded.
func loadConfig(file, cmd string, stderr io.Writer) (httpsys.Config, *iis.Site, int) {
	data, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintf(stderr, "iisemu %s: %v\n", cmd, err)
		return httpsys.Config{}, nil, 1
	}
	sys, site, err := config.Load(file, data)
	if err != nil {
		var errs config.Errors
		if !errors.As(err, &errs) {
			errs = config.Errors{err.Error()}
		}
		for _, e := range errs {
			fmt.Fprintf(stderr, "iisemu %s: %s\n", cmd, e)
		}
		return httpsys.Config{}, nil, 1
	}
	return sys, site, 0
}
