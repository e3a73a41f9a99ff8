// Command goptuna serves Katib's Goptuna suggestion algorithms (random, tpe, cmaes, sobol) on the address given by
// --address, where upstream's main always listens on 0.0.0.0:6789: the box runs one per Suggestion, each on its
// own loopback port.
package main

import (
	"context"
	"flag"
	"net"

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
	address := flag.String("address", "127.0.0.1:6789", "host:port to listen on")
	flag.Parse()
	listener, err := net.Listen("tcp", *address)
	if err != nil {
		klog.Fatalf("listen on %s: %v", *address, err)
	}
	server := grpc.NewServer()
	api_v1_beta1.RegisterSuggestionServer(server, suggestion.NewSuggestionService())
	health_pb.RegisterHealthServer(server, serving{})
	klog.Infof("Goptuna suggestion service on %s", listener.Addr())
	if err := server.Serve(listener); err != nil {
		klog.Fatalf("serve: %v", err)
	}
}
