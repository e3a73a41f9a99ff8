/**
 * Status conditions, the Kubernetes way: a list of `{ type, status, reason, message }`. One helper for every
 * "is it X" question, instead of one copy per condition.
 */

/** The fields of a status condition the helpers read. */
export interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

/** The conditions of an object (empty when it has none yet). */
export function conditionsOf<C extends Condition>(object: { status?: { conditions?: C[] } } | undefined): C[] {
  return object?.status?.conditions ?? [];
}

/** Whether the object has the condition with status "True". */
export function hasCondition(object: { status?: { conditions?: Condition[] } } | undefined, type: string): boolean {
  return conditionsOf(object).some((condition) => condition.type === type && condition.status === "True");
}

/** The condition of a type, when present. */
export function findCondition<C extends Condition>(object: { status?: { conditions?: C[] } } | undefined, type: string): C | undefined {
  return conditionsOf(object).find((condition) => condition.type === type);
}
