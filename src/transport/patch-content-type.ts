/**
 * Content types of the apiserver's patch flavours. The caller picks one per patch (the apiserver answers 415
 * Unsupported Media Type to anything else): `merge` (RFC 7386) and `json` (RFC 6902) work on custom resources
 * such as Katib Experiments and TrainJobs; `strategic` only on built-in kinds; `apply` is server-side apply (YAML
 * or JSON body, with a `fieldManager` query parameter).
 */
export const PatchContentType = {
  merge: "application/merge-patch+json",
  json: "application/json-patch+json",
  apply: "application/apply-patch+yaml",
  strategic: "application/strategic-merge-patch+json",
} as const;

/** One of the {@link PatchContentType} values. */
export type PatchContentType = (typeof PatchContentType)[keyof typeof PatchContentType];
