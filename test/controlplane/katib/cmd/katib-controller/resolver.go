package main

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"sync"
	"time"

	"google.golang.org/grpc/resolver"
)

// endpointsResolver resolves gRPC targets of the default "dns" scheme through a JSON file the box keeps
// (`{"<name>.<namespace>:<port>": "127.0.0.1:<port>"}`): the suggestion services the box starts on loopback, for
// the names Katib's controller dials. IP literals resolve to themselves. A name not (yet) in the file is looked up
// again every 250 ms for a minute, as the box may start the service just after Katib first dials it.
type endpointsResolver struct{ file string }

func newEndpointsResolver(file string) resolver.Builder { return endpointsResolver{file: file} }

func (b endpointsResolver) Scheme() string { return "dns" }

func (b endpointsResolver) Build(target resolver.Target, cc resolver.ClientConn, _ resolver.BuildOptions) (resolver.Resolver, error) {
	r := &fileResolver{file: b.file, endpoint: target.Endpoint(), cc: cc, closed: make(chan struct{})}
	if !r.resolve() {
		go r.poll()
	}
	return r, nil
}

type fileResolver struct {
	file     string
	endpoint string
	cc       resolver.ClientConn
	closed   chan struct{}
	once     sync.Once
}

func (r *fileResolver) lookup() (string, error) {
	host, _, err := net.SplitHostPort(r.endpoint)
	if err != nil {
		return "", err
	}
	if net.ParseIP(host) != nil {
		return r.endpoint, nil
	}
	data, err := os.ReadFile(r.file)
	if err != nil {
		return "", err
	}
	var endpoints map[string]string
	if err := json.Unmarshal(data, &endpoints); err != nil {
		return "", fmt.Errorf("%s: %w", r.file, err)
	}
	address, ok := endpoints[r.endpoint]
	if !ok {
		return "", fmt.Errorf("%s is not served in the box (not in %s)", r.endpoint, r.file)
	}
	return address, nil
}

// resolve updates the connection with the address, or reports why there is none; true when resolved.
func (r *fileResolver) resolve() bool {
	address, err := r.lookup()
	if err != nil {
		r.cc.ReportError(err)
		return false
	}
	return r.cc.UpdateState(resolver.State{Addresses: []resolver.Address{{Addr: address}}}) == nil
}

func (r *fileResolver) poll() {
	ticker := time.NewTicker(250 * time.Millisecond)
	defer ticker.Stop()
	deadline := time.After(time.Minute)
	for {
		select {
		case <-r.closed:
			return
		case <-deadline:
			return
		case <-ticker.C:
			if r.resolve() {
				return
			}
		}
	}
}

func (r *fileResolver) ResolveNow(resolver.ResolveNowOptions) { r.resolve() }

func (r *fileResolver) Close() { r.once.Do(func() { close(r.closed) }) }
