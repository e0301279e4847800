// An OCI 1.1 registry for the tests: go-containerregistry's in-memory registry (pkg/registry) with its
// referrers API switched on. go-containerregistry's own binaries (cmd/registry, `crane registry serve`, v0.22.1)
// leave registry.WithReferrersSupport off, and then answer GET /v2/<name>/referrers/<digest> with
// 404 METHOD_UNKNOWN, as a registry without the API does; this is the same registry with it on.
//
//	ggcr-registry [--port 1338] [--referrers=true]
//
// It listens on 127.0.0.1 only and keeps everything in memory. Built and started by scripts/registry.sh
// (REGISTRY_KIND=ggcr).
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"time"

	"github.com/google/go-containerregistry/pkg/registry"
)

func main() {
	port := flag.Int("port", 1338, "port on 127.0.0.1")
	referrers := flag.Bool("referrers", true, "answer the referrers API (OCI distribution-spec 1.1)")
	flag.Parse()

	listener, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", *port))
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("serving on 127.0.0.1:%d (referrers API: %t)", listener.Addr().(*net.TCPAddr).Port, *referrers)
	server := &http.Server{
		ReadHeaderTimeout: 5 * time.Second,
		Handler:           registry.New(registry.WithReferrersSupport(*referrers)),
	}
	log.Fatal(server.Serve(listener))
}
