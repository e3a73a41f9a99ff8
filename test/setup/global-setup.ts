/**
 * vitest global setup: starts or reuses the local control plane for e2e tests (test/controlplane).
 */
export default function setup(): void {}
