/** docs/rbac.md lists exactly the rules test/e2e/least-privilege.test.ts proves each method needs. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { requiredRbac, type RequiredRule } from "../e2e/support/required-rbac.ts";
import { repositoryRoot } from "../support/sources.ts";

/** One table cell: `resource.group: verbs` per resource, scope first when not the user's namespace. */
function cell(rules: RequiredRule[]): string {
  const byResource = new Map<string, string[]>();
  for (const rule of rules) {
    const scope = rule.scope === "namespace" ? "" : `[${rule.scope}] `;
    const key = `${scope}${rule.resource}${rule.apiGroup ? `.${rule.apiGroup}` : ""}${rule.withoutIt === "warns" ? " (optional)" : ""}`;
    byResource.set(key, [...(byResource.get(key) ?? []), rule.verb]);
  }
  return [...byResource].map(([resource, verbs]) => `${resource}: ${verbs.join(", ")}`).join("; ");
}

test("docs/rbac.md has one row per method with exactly its rules", () => {
  const doc = readFileSync(join(repositoryRoot, "docs/rbac.md"), "utf8");
  const rows = doc.split("\n").filter((line) => /^\| `(Katib|Trainer|Optimizer)Client\./.test(line));
  const documented = Object.fromEntries(rows.map((row) => row.split("|").map((c) => c.trim())).map(([, method, rules]) => [method!.replaceAll("`", ""), rules]));
  expect(documented).toEqual(Object.fromEntries(Object.entries(requiredRbac).map(([method, rules]) => [method, cell(rules)])));
});
