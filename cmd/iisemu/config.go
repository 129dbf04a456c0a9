package main

import (
	"fmt"
	"io"
	"os"

	"github.com/iisemu/iisemu/fixtures/config"
	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/iis"
)

func runConfig(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("config", "(--print-default | --check FILE)",
		"Prints the complete, commented default configuration (the sample site and\n"+
			"HTTP.sys's documented defaults), or checks a configuration file and lists\n"+
			"every problem in it, one per line.")
	printDefault := fs.Bool("print-default", false, "print the default configuration")
	check := fs.String("check", "", "check this configuration file")
	if code, ok := parseFlags(fs, args, stdout, stderr); !ok {
		return code
	}
	switch {
	case fs.NArg() > 0:
		return fail(stderr, "config", "unexpected argument %q", fs.Arg(0))
	case *printDefault && *check != "":
		return fail(stderr, "config", "give --print-default or --check, not both")
	case *printDefault:
		fmt.Fprint(stdout, config.DefaultYAML())
		return 0
	case *check != "":
		if _, _, code := loadConfig(*check, "config", stderr); code != 0 {
			return code
		}
		fmt.Fprintf(stdout, "%s: ok\n", *check)
		return 0
	}
	return fail(stderr, "config", "give --print-default or --check FILE")
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
		if errs, ok := err.(config.Errors); ok {
			for _, e := range errs {
				fmt.Fprintf(stderr, "iisemu %s: %s\n", cmd, e)
			}
		} else {
			fmt.Fprintf(stderr, "iisemu %s: %v\n", cmd, err)
		}
		return httpsys.Config{}, nil, 1
	}
	return sys, site, 0
}
