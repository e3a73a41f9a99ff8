// Command goptuna serves Katib's Goptuna suggestion algorithms (random, tpe, cmaes, sobol) on the address given by
// --address, where upstream's main always listens on 0.0.0.0:6789: the box runs one per Suggestion, each on its
// own loopback port. With port 0 the system picks the port, and --address-file tells it once the service listens
// (so the box never hands out a port another process took first, nor one nothing listens on yet).
package main

import (
	"context"
	"flag"
	"net"
	"os"

	health_pb "github.com/kubeflow/katib/pkg/apis/manager/health"
	api_v1_beta1 "github.com/kubeflow/katib/pkg/apis/manager/v1beta1"
	suggestion "github.com/kubeflow/katib/pkg/suggestion/v1beta1/goptuna"
	"google.golang.org/grpc"
	"k8s.io/klog/v2"
)

// serving answers Katib's health checks: the service is up as soon as it listens.
type serving struct{}

func (serving) Check(context.Context, *health_pb.HealthCheckRequest) (*health_pb.HealthCheckResponse, error) {
	return &health_pb.HealthCheckResponse{Status: health_pb.HealthCheckResponse_SERVING}, nil
}

func main() {
	address := flag.String("address", "127.0.0.1:6789", "host:port to listen on (port 0: any free port)")
	addressFile := flag.String("address-file", "", "file to write the address listened on to, once listening")
	flag.Parse()
	listener, err := net.Listen("tcp", *address)
	if err != nil {
		klog.Fatalf("listen on %s: %v", *address, err)
	}
	if *addressFile != "" {
		// Written whole under another name and renamed: a reader never sees half an address.
		if err := os.WriteFile(*addressFile+".tmp", []byte(listener.Addr().String()), 0o644); err != nil {
			klog.Fatalf("write %s: %v", *addressFile, err)
		}
		if err := os.Rename(*addressFile+".tmp", *addressFile); err != nil {
			klog.Fatalf("write %s: %v", *addressFile, err)
		}
	}
	server := grpc.NewServer()
	api_v1_beta1.RegisterSuggestionServer(server, suggestion.NewSuggestionService())
	health_pb.RegisterHealthServer(server, serving{})
	klog.Infof("Goptuna suggestion service on %s", listener.Addr())
	if err := server.Serve(listener); err != nil {
		klog.Fatalf("serve: %v", err)
	}
}
