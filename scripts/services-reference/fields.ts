/**
 * The fields of an argument's type, read from the source as written: inline object types
 * become rows under the field's path (`roles[].name`), the library's own object types and
 * unions of object types become subsections of their own, and everything else (the model's
 * types, primitives) stays a name in the Type column.
 * @module
 */
import { relative } from 'node:path';
import ts from 'typescript';
import type { Problem, Row, Table, TypeDoc } from './model.js';

/** What reading one exported function's arguments needs and collects. */
export interface Reading {
  readonly checker: ts.TypeChecker;
  /** Files under this directory are the library; its types are expanded. */
  readonly libraryDir: string;
  /** Paths in problems are relative to this. */
  readonly root: string;
  /** The function being read, named in problems. */
  readonly owner: string;
  /** Library types left as names, never given a subsection of their own. @default none */
  readonly opaque?: ReadonlySet<string>;
  readonly types: TypeDoc[];
  readonly problems: Problem[];
}

/** `file:line` of a node. */
export const at = (node: ts.Node, reading: Reading): string => {
  const source = node.getSourceFile();
  return `${relative(reading.root, source.fileName)}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;
};

/** TSDoc text as Markdown: `{@link x}` becomes `x` in code. */
export const markdownOf = (parts: ts.SymbolDisplayPart[] | undefined): string =>
  ts.displayPartsToString(parts).replace(/\{@link(?:code|plain)?\s+([^}\s|]+)(?:[\s|]+([^}]*))?\}/g, (_, name: string, text?: string) => text?.trim() || `\`${name}\``).trim();

/** The text of a symbol's first `@name` tag, or undefined when it has none. */
export const tagOf = (symbol: ts.Symbol, name: string, checker: ts.TypeChecker): string | undefined => {
  const tag = symbol.getJsDocTags(checker).find((candidate) => candidate.name === name);
  return tag === undefined ? undefined : markdownOf(tag.text);
};

/** A type as written, on one line, an inline object type shortened to `{ … }` since its fields get rows. */
export const written = (node: ts.TypeNode): string => {
  const source = node.getSourceFile();
  let text = '';
  let position = node.getStart(source);
  const visit = (child: ts.Node): void => {
    if (ts.isTypeLiteralNode(child)) {
      text += `${source.text.slice(position, child.getStart(source))}{ … }`;
      position = child.end;
    } else ts.forEachChild(child, visit);
  };
  visit(node);
  // A union written one member a line starts with a `|` of its own.
  return (text + source.text.slice(position, node.end)).replace(/\s+/g, ' ').replace(/^\| /, '');
};

const isNullish = (node: ts.TypeNode): boolean =>
  node.kind === ts.SyntaxKind.UndefinedKeyword || (ts.isLiteralTypeNode(node) && node.literal.kind === ts.SyntaxKind.NullKeyword);

/** The interface or type alias a reference names, when the library declares it. */
const libraryDeclaration = (node: ts.TypeReferenceNode, reading: Reading): ts.InterfaceDeclaration | ts.TypeAliasDeclaration | undefined => {
  let symbol = reading.checker.getSymbolAtLocation(node.typeName);
  if (symbol !== undefined && symbol.flags & ts.SymbolFlags.Alias) symbol = reading.checker.getAliasedSymbol(symbol);
  const declaration = symbol?.declarations?.[0];
  if (declaration === undefined || !declaration.getSourceFile().fileName.startsWith(`${reading.libraryDir}/`)) return undefined;
  if (!ts.isInterfaceDeclaration(declaration) && !ts.isTypeAliasDeclaration(declaration)) return undefined;
  return reading.opaque?.has(declaration.name.text) === true ? undefined : declaration;
};

/** Whether a type has fields to document: an object type, or a library type that is one. */
const isObject = (node: ts.TypeNode, reading: Reading): boolean => {
  if (ts.isParenthesizedTypeNode(node)) return isObject(node.type, reading);
  if (ts.isTypeLiteralNode(node)) return true;
  if (ts.isIntersectionTypeNode(node)) return node.types.every((member) => isObject(member, reading));
  if (!ts.isTypeReferenceNode(node)) return false;
  const declaration = libraryDeclaration(node, reading);
  return declaration !== undefined && (ts.isInterfaceDeclaration(declaration) || isObject(declaration.type, reading));
};

/** The members of a union of object types, without `undefined`; undefined when it is not one. */
const objectUnion = (node: ts.TypeNode, reading: Reading): ts.TypeNode[] | undefined => {
  if (ts.isParenthesizedTypeNode(node)) return objectUnion(node.type, reading);
  if (!ts.isUnionTypeNode(node)) return undefined;
  const members = node.types.filter((member) => !isNullish(member));
  return members.length > 1 && members.every((member) => isObject(member, reading)) ? members : undefined;
};

/** The field whose single literal type tells a union's variants apart, as `kind: 'static'`. */
const discriminant = (type: ts.Type, checker: ts.TypeChecker): string | undefined => {
  for (const property of checker.getPropertiesOfType(type)) {
    const declaration = property.valueDeclaration;
    if (declaration !== undefined && ts.isPropertySignature(declaration) && declaration.type !== undefined && ts.isLiteralTypeNode(declaration.type)) {
      return `${property.name}: ${declaration.type.getText()}`;
    }
  }
  return undefined;
};

/**
 * Rows for the fields of an object type, nested inline fields after their parent.
 * @param container what the fields belong to, for problems: "ApplicationOptions", "Site (ProxySite)"
 * @param variant whether the type is a union's variant, whose discriminant needs no description
 */
export const fieldRows = (type: ts.Type, prefix: string, container: string, reading: Reading, variant = false): Row[] =>
  reading.checker.getPropertiesOfType(type).flatMap((property) => {
    const declaration = property.valueDeclaration ?? property.declarations?.[0];
    const typeNode = declaration !== undefined && (ts.isPropertySignature(declaration) || ts.isPropertyDeclaration(declaration)) ? declaration.type : undefined;
    const name = `${prefix}${property.name}`;
    const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
    const isDiscriminant = variant && typeNode !== undefined && ts.isLiteralTypeNode(typeNode);
    const description = markdownOf(property.getDocumentationComment(reading.checker)) || (isDiscriminant ? 'Selects this variant.' : '');
    const fallback = tagOf(property, 'default', reading.checker);
    const where = declaration === undefined ? reading.owner : at(declaration, reading);
    if (description === '') reading.problems.push({ at: where, message: `${reading.owner}: ${name} of ${container} has no description` });
    if (optional && fallback === undefined) reading.problems.push({ at: where, message: `${reading.owner}: ${name} of ${container} is optional and has no @default` });
    const row: Row = {
      name,
      type: typeNode === undefined ? reading.checker.typeToString(reading.checker.getTypeOfSymbol(property)) : written(typeNode),
      optional,
      ...(fallback === undefined ? {} : { default: fallback }),
      description,
    };
    return [row, ...(typeNode === undefined ? [] : expand(typeNode, name, container, reading))];
  });

/** Rows for what a field's type contains inline; the library's named and union types go to `reading.types`. */
const expand = (node: ts.TypeNode, path: string, container: string, reading: Reading): Row[] => {
  if (ts.isParenthesizedTypeNode(node)) return expand(node.type, path, container, reading);
  if (ts.isTypeOperatorNode(node) && node.operator === ts.SyntaxKind.ReadonlyKeyword) return expand(node.type, path, container, reading);
  if (ts.isArrayTypeNode(node)) return expand(node.elementType, `${path}[]`, container, reading);
  if (ts.isTypeLiteralNode(node) || ts.isIntersectionTypeNode(node)) {
    return isObject(node, reading) ? fieldRows(reading.checker.getTypeFromTypeNode(node), `${path}.`, container, reading) : [];
  }
  if (ts.isUnionTypeNode(node)) {
    const members = node.types.filter((member) => !isNullish(member));
    if (members.length === 1) return expand(members[0]!, path, container, reading);
    const variants = objectUnion(node, reading);
    if (variants !== undefined) {
      document(path, undefined, variants.map((member) => variantOf(member, reading)), reading);
      return [];
    }
    // A value or an object (`string | { path, mode }`): the object's fields are documented.
    const objects = members.filter((member) => isObject(member, reading));
    return objects.length === 1 ? expand(objects[0]!, path, container, reading) : [];
  }
  if (!ts.isTypeReferenceNode(node)) return [];
  const [first, second] = node.typeArguments ?? [];
  const wrapper = node.typeName.getText();
  if ((wrapper === 'Readonly' || wrapper === 'NonNullable') && first !== undefined) return expand(first, path, container, reading);
  if ((wrapper === 'Array' || wrapper === 'ReadonlyArray') && first !== undefined) return expand(first, `${path}[]`, container, reading);
  if (wrapper === 'Record' && second !== undefined) return expand(second, `${path}.<key>`, container, reading);
  const declaration = libraryDeclaration(node, reading);
  if (declaration === undefined) return [];
  // An alias of anything but an object type or a union of them is followed, as if written out.
  if (ts.isTypeAliasDeclaration(declaration) && !isObject(declaration.type, reading) && objectUnion(declaration.type, reading) === undefined) {
    return expand(declaration.type, path, container, reading);
  }
  const symbol = reading.checker.getSymbolAtLocation(declaration.name)!;
  const members = ts.isTypeAliasDeclaration(declaration) ? objectUnion(declaration.type, reading) : undefined;
  const variants = members?.map((member) => variantOf(member, reading)) ?? [{ type: reading.checker.getDeclaredTypeOfSymbol(symbol) }];
  document(declaration.name.text, symbol, variants, reading);
  return [];
};

/** A union's member: its type, and its declaration when the library names it. */
interface Variant {
  readonly type: ts.Type;
  readonly declaration?: ts.InterfaceDeclaration | ts.TypeAliasDeclaration;
}

const variantOf = (member: ts.TypeNode, reading: Reading): Variant => {
  const declaration = ts.isTypeReferenceNode(member) ? libraryDeclaration(member, reading) : undefined;
  return { type: reading.checker.getTypeFromTypeNode(member), ...(declaration === undefined ? {} : { declaration }) };
};

/** Adds a subsection for a library type or an inline union, once, in order of first use. */
const document = (name: string, symbol: ts.Symbol | undefined, members: readonly Variant[], reading: Reading): void => {
  if (reading.types.some((type) => type.name === name)) return;
  // Its place is taken before its fields are read, so that types they use come after it.
  const index = reading.types.push({ name, variants: [] }) - 1;
  const variants = members.map(({ type, declaration }, position): Table => {
    if (members.length === 1) return { rows: fieldRows(type, '', name, reading) };
    const label = declaration?.name.text ?? discriminant(type, reading.checker) ?? `variant ${position + 1}`;
    const description = declaration === undefined ? '' : markdownOf(reading.checker.getSymbolAtLocation(declaration.name)?.getDocumentationComment(reading.checker));
    return { label, ...(description === '' ? {} : { description }), rows: fieldRows(type, '', `${name} (${label})`, reading, true) };
  });
  const description = symbol === undefined ? '' : markdownOf(symbol.getDocumentationComment(reading.checker));
  reading.types[index] = { name, ...(description === '' ? {} : { description }), variants };
};
