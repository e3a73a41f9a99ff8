/**
 * Core types shared across groups, at the AST level: in a group's `components.schemas`, every `io.k8s.*` schema
 * that is identical in another group's document (see shared-core.ts) becomes a reference to that group's
 * declaration — one declaration per type in the package, so installs and consumers' type-checks carry it once.
 */
import type * as TypeScript from "typescript";

/** Where shared schemas are declared: a module (relative to the file being emitted) and the schema names. */
export interface SharedSchemas {
  from: string;
  names: ReadonlySet<string>;
}

function propertyName(ts: typeof TypeScript, member: TypeScript.TypeElement): string | undefined {
  const name = member.name;
  if (!name) return undefined;
  return ts.isStringLiteral(name) || ts.isIdentifier(name) ? name.text : undefined;
}

/** The local name of the owner's `components` (one import declaration: cheaper for tsc than an import() per use). */
const SHARED = "SharedComponents";

/** `SharedComponents["schemas"]["<name>"]` */
function sharedReference(ts: typeof TypeScript, name: string): TypeScript.TypeNode {
  const components = ts.factory.createTypeReferenceNode(SHARED);
  const schemas = ts.factory.createIndexedAccessTypeNode(components, ts.factory.createLiteralTypeNode(ts.factory.createStringLiteral("schemas")));
  return ts.factory.createIndexedAccessTypeNode(schemas, ts.factory.createLiteralTypeNode(ts.factory.createStringLiteral(name)));
}

function replaceSchemaMembers(ts: typeof TypeScript, literal: TypeScript.TypeLiteralNode, shared: SharedSchemas): TypeScript.TypeLiteralNode {
  const members = literal.members.map((member) => {
    const name = propertyName(ts, member);
    if (!ts.isPropertySignature(member) || name === undefined || !shared.names.has(name)) return member;
    return ts.factory.createPropertySignature(member.modifiers, member.name, member.questionToken, sharedReference(ts, name));
  });
  return ts.factory.updateTypeLiteralNode(literal, ts.factory.createNodeArray(members));
}

/** Rewrites the `components` interface of openapi-typescript's output; other nodes pass through untouched. */
export function shareCoreTypes(ts: typeof TypeScript, nodes: readonly TypeScript.Node[], shared: SharedSchemas): TypeScript.Node[] {
  const importShared = ts.factory.createImportDeclaration(
    undefined,
    ts.factory.createImportClause(true, undefined, ts.factory.createNamedImports([ts.factory.createImportSpecifier(false, ts.factory.createIdentifier("components"), ts.factory.createIdentifier(SHARED))])),
    ts.factory.createStringLiteral(shared.from),
  );
  return [importShared, ...nodes.map((node) => {
    if (!ts.isInterfaceDeclaration(node) || node.name.text !== "components") return node;
    const members = node.members.map((member) => {
      if (!ts.isPropertySignature(member) || propertyName(ts, member) !== "schemas" || !member.type || !ts.isTypeLiteralNode(member.type)) return member;
      return ts.factory.updatePropertySignature(member, member.modifiers, member.name, member.questionToken, replaceSchemaMembers(ts, member.type, shared));
    });
    return ts.factory.updateInterfaceDeclaration(node, node.modifiers, node.name, node.typeParameters, node.heritageClauses, members);
  })];
}
