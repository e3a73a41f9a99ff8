// Command katib-controller runs Katib's Experiment, Trial and Suggestion controllers and its webhooks, as upstream's
// katib-controller does, with two differences the box needs: the webhooks listen on 127.0.0.1 with certificates
// from --cert-dir (upstream: all interfaces, /tmp/cert), and the service names the controller dials
// (`<suggestion>-<algorithm>.<namespace>:6789`) resolve through the box's endpoints file (see resolver.go) instead
// of cluster DNS, which does not exist outside a cluster.
package main

import (
	"flag"
	"os"

	"github.com/spf13/viper"
	"google.golang.org/grpc/resolver"
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"sigs.k8s.io/controller-runtime/pkg/client/config"
	"sigs.k8s.io/controller-runtime/pkg/healthz"
	logf "sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"
	"sigs.k8s.io/controller-runtime/pkg/manager"
	"sigs.k8s.io/controller-runtime/pkg/manager/signals"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"
	"sigs.k8s.io/controller-runtime/pkg/webhook"

	configv1beta1 "github.com/kubeflow/katib/pkg/apis/config/v1beta1"
	apis "github.com/kubeflow/katib/pkg/apis/controller"
	controller "github.com/kubeflow/katib/pkg/controller.v1beta1"
	"github.com/kubeflow/katib/pkg/controller.v1beta1/consts"
	"github.com/kubeflow/katib/pkg/util/v1beta1/katibconfig"
	webhookv1beta1 "github.com/kubeflow/katib/pkg/webhook/v1beta1"
)

var log = logf.Log.WithName("katib-controller")

func main() {
	logf.SetLogger(zap.New())
	configFile := flag.String("katib-config", "", "KatibConfig file (its init section; the runtime section is read from the katib-config ConfigMap)")
	certDir := flag.String("cert-dir", "", "directory holding the webhook server's tls.crt and tls.key")
	endpointsFile := flag.String("endpoints-file", "", "JSON file mapping the service addresses Katib dials to loopback addresses")
	flag.Parse()
	if *certDir == "" || *endpointsFile == "" {
		log.Error(nil, "--cert-dir and --endpoints-file are required")
		os.Exit(2)
	}
	resolver.Register(newEndpointsResolver(*endpointsFile))

	scheme := runtime.NewScheme()
	utilruntime.Must(apis.AddToScheme(scheme))
	utilruntime.Must(configv1beta1.AddToScheme(scheme))
	utilruntime.Must(clientgoscheme.AddToScheme(scheme))
	initConfig, err := katibconfig.GetInitConfigData(scheme, *configFile)
	exitOn(err, "read the KatibConfig")
	// Katib's controllers read these settings from viper.
	viper.Set(consts.ConfigExperimentSuggestionName, initConfig.ControllerConfig.ExperimentSuggestionName)
	viper.Set(consts.ConfigInjectSecurityContext, initConfig.ControllerConfig.InjectSecurityContext)
	viper.Set(consts.ConfigEnableGRPCProbeInSuggestion, initConfig.ControllerConfig.EnableGRPCProbeInSuggestion)
	trialGVKs, err := katibconfig.TrialResourcesToGVKs(initConfig.ControllerConfig.TrialResources)
	exitOn(err, "parse trialResources")
	viper.Set(consts.ConfigTrialResources, trialGVKs)

	restConfig, err := config.GetConfig()
	exitOn(err, "load the kubeconfig")
	mgr, err := manager.New(restConfig, manager.Options{
		Scheme:                 scheme,
		Metrics:                metricsserver.Options{BindAddress: initConfig.ControllerConfig.MetricsAddr},
		HealthProbeBindAddress: initConfig.ControllerConfig.HealthzAddr,
		LeaderElection:         initConfig.ControllerConfig.EnableLeaderElection,
		LeaderElectionID:       initConfig.ControllerConfig.LeaderElectionID,
	})
	exitOn(err, "create the manager")
	hookServer := webhook.NewServer(webhook.Options{Host: "127.0.0.1", Port: *initConfig.ControllerConfig.WebhookPort, CertDir: *certDir})
	exitOn(controller.AddToManager(mgr), "register the controllers")
	exitOn(webhookv1beta1.AddToManager(mgr, hookServer), "register the webhooks")
	exitOn(mgr.AddReadyzCheck("readyz", hookServer.StartedChecker()), "add the readiness check")
	exitOn(mgr.AddHealthzCheck("healthz", healthz.Ping), "add the health check")
	exitOn(mgr.Start(signals.SetupSignalHandler()), "run the manager")
}

func exitOn(err error, what string) {
	if err != nil {
		log.Error(err, "failed to "+what)
		os.Exit(1)
	}
}
