/**
 * Experiments for the e2e tests, valid for Katib's webhook: random search over `lr` in [0.01, 0.1], maximizing
 * `accuracy`, each trial a batch Job. On the Kubeflow box Katib runs them for real (kwok runs the pods; the box's
 * metrics collector reports accuracy = 1 − |lr − 0.05|).
 */
import type { V1beta1Experiment } from "../../../src/index.ts";
import { FAIL_WITH_EXIT_CODE } from "../../controlplane/components/kwok.ts";

/** Options of {@link boxExperiment}. */
export interface BoxExperimentOptions {
  maxTrialCount?: number;
  parallelTrialCount?: number;
  maxFailedTrialCount?: number;
  /** Every trial's pod fails (exit code 1): the Experiment fails once maxFailedTrialCount trials have. */
  failing?: boolean;
  /**
   * An algorithm whose suggestion service the box does not run (bayesianoptimization): Katib accepts and keeps the
   * Experiment, but no trial ever starts — for tests that need an Experiment object and no trials.
   */
  idle?: boolean;
  /** Katib keeps each trial's Job (and so its pods and their logs) after the trial ends (`trialTemplate.retain`). */
  retain?: boolean;
  /** Metrics reported besides `accuracy` (the box reports a name with loss or error in it as the distance). */
  additionalMetricNames?: string[];
}

/** An Experiment as the seed's Complete Katib Example writes it, with the trialTemplate Katib requires. */
export function boxExperiment(name: string, options: BoxExperimentOptions = {}): V1beta1Experiment {
  // The box's kubelet fails the pod; the Job does not retry it, so the trial fails at once.
  const failing = options.failing ? { env: [{ name: FAIL_WITH_EXIT_CODE, value: "1" }] } : {};
  return {
    apiVersion: "kubeflow.org/v1beta1",
    kind: "Experiment",
    metadata: { name },
    spec: {
      maxTrialCount: options.maxTrialCount ?? 3,
      parallelTrialCount: options.parallelTrialCount ?? 3,
      maxFailedTrialCount: options.maxFailedTrialCount ?? 1,
      algorithm: { algorithmName: options.idle ? "bayesianoptimization" : "random" },
      objective: { type: "maximize", objectiveMetricName: "accuracy", ...(options.additionalMetricNames ? { additionalMetricNames: options.additionalMetricNames } : {}) },
      parameters: [{ name: "lr", parameterType: "double", feasibleSpace: { min: "0.01", max: "0.1" } }],
      trialTemplate: {
        ...(options.retain ? { retain: true } : {}),
        primaryContainerName: "training-container",
        trialParameters: [{ name: "learningRate", description: "Learning rate", reference: "lr" }],
        trialSpec: {
          apiVersion: "batch/v1",
          kind: "Job",
          spec: {
            ...(options.failing ? { backoffLimit: 0 } : {}),
            template: {
              spec: {
                restartPolicy: "Never",
                containers: [{ name: "training-container", image: "docker.io/kubeflowkatib/mxnet-mnist:latest", command: ["python3", "/opt/mxnet-mnist/mnist.py", "--lr=${trialParameters.learningRate}"], ...failing }],
              },
            },
          },
        },
      },
    },
  };
}

/** The seed guide's `random-example` exactly as it writes it: no trialTemplate, which Katib's webhook requires. */
export function seedGuideExperiment(name: string, namespace = "kubeflow"): V1beta1Experiment {
  return {
    apiVersion: "kubeflow.org/v1beta1",
    kind: "Experiment",
    metadata: { name, namespace },
    spec: {
      maxTrialCount: 3,
      algorithm: { algorithmName: "random" },
      objective: { type: "maximize", objectiveMetricName: "accuracy" },
      parameters: [{ name: "lr", parameterType: "double", feasibleSpace: { min: "0.01", max: "0.1" } }],
    },
  };
}
