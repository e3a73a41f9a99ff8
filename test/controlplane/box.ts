/**
 * What runs, declaratively: the components of each cluster `cluster:up` can start, in waves. A wave starts once the
 * one before it is ready and installed; the components of one wave are prepared, started, probed and installed
 * together.
 */
import type { BinaryName } from "./binaries.ts";
import type { Component, Profile } from "./components/component.ts";
import { etcd } from "./components/etcd.ts";
import { jobset } from "./components/jobset.ts";
import { kubeApiserver } from "./components/kube-apiserver.ts";
import { kubeControllerManager } from "./components/kube-controller-manager.ts";
import { kubeScheduler } from "./components/kube-scheduler.ts";
import { kubeletApi } from "./components/kubelet-api.ts";
import { katibController } from "./components/katib-controller.ts";
import { katibDbManager } from "./components/katib-db-manager.ts";
import { katibMetrics } from "./components/katib-metrics.ts";
import { katibSuggestions } from "./components/katib-suggestions.ts";
import { kwok } from "./components/kwok.ts";
import { postgres } from "./components/postgres.ts";
import { trainer } from "./components/trainer.ts";

/** The waves of each cluster. */
export const clusters: Record<Profile, readonly (readonly Component[])[]> = {
  /** The fast cluster: a real apiserver with the CRDs; nothing reconciles. */
  apiserver: [[etcd], [kubeApiserver]],
  /**
   * Kubeflow in a box: Kubernetes' controllers and scheduler, kwok's nodes, JobSet and the Trainer; Katib's controller,
   * DB manager (on PostgreSQL), suggestion services and the box's metrics collector.
   */
  kubeflow: [
    [etcd, postgres],
    [kubeApiserver],
    [kubeControllerManager, kubeScheduler, kwok, jobset],
    [kubeletApi, trainer, katibController, katibDbManager],
    [katibSuggestions, katibMetrics],
  ],
};

/** The components of `profile`, in start order. */
export function componentsOf(profile: Profile): Component[] {
  return clusters[profile].flat();
}

/** The binaries `profile` runs, plus kubectl (the bootstrap and the seed's steps use it). */
export function binariesOf(profile: Profile): BinaryName[] {
  const names = new Set<BinaryName>(["kubectl"]);
  for (const { binary, starts = [] } of componentsOf(profile)) {
    if (typeof binary === "string" && binary !== "node") names.add(binary);
    for (const name of starts) names.add(name);
  }
  return [...names];
}
