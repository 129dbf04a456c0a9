package main

import (
	"io"
	"log"

	"github.com/iisemu/iisemu/fixtures/protocol"
	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/iis"
)

// startServeHost is serve's wiring, apart from flags and signals: site on
// TCP at listen with the scripted-module protocol installed (scenarios
// carried in a request header, traces fetched by request ID, log entries
// by client connection), the accept loop's notices going to stderr. The
// benchmarks run this same function, so what they measure is what serve
// runs.
func startServeHost(listen string, site *iis.Site, sysCfg httpsys.Config, opts iis.Options, stderr io.Writer) (*iis.Host, error) {
	protocol.Install(site, &sysCfg, &opts)
	sysCfg.Logger = log.New(stderr, "iisemu serve: ", 0)
	return iis.StartHost(httpsys.TCPTransport{}, listen, site, sysCfg, opts)
}
