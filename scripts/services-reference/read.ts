/**
 * Reads a library's entry file with the TypeScript compiler: every exported function, in
 * the order the entry exports them, with its TSDoc, its signature and its arguments.
 * @module
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { at, fieldRows, markdownOf, tagOf, written, type Reading } from './fields.js';
import type { FunctionDoc, Problem, Row } from './model.js';

/** The project's compiler options, so that the entry's imports resolve as they do in the build. */
export const compilerOptions = (root: string): ts.CompilerOptions => {
  const { config } = ts.readConfigFile(join(root, 'tsconfig.json'), (path) => readFileSync(path, 'utf8'));
  return { ...ts.convertCompilerOptionsFromJson(config.compilerOptions, root).options, noEmit: true };
};

/** The function an exported value is: `export function f` or `export const f = () => …`. */
const functionOf = (declaration: ts.Declaration | undefined): ts.SignatureDeclaration | undefined => {
  if (declaration === undefined) return undefined;
  if (ts.isFunctionDeclaration(declaration)) return declaration;
  const initializer = ts.isVariableDeclaration(declaration) ? declaration.initializer : undefined;
  return initializer !== undefined && (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) ? initializer : undefined;
};

/** Whether a parameter is an object whose fields the library declares, such as a constructor's `options`. */
const isOptionsObject = (type: ts.Type, reading: Reading): boolean => {
  if (!(type.flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection)) || type.getCallSignatures().length > 0) return false;
  const properties = reading.checker.getPropertiesOfType(type);
  return properties.length > 0 && properties.every((property) =>
    (property.declarations ?? []).every((declaration) => declaration.getSourceFile().fileName.startsWith(`${reading.libraryDir}/`)));
};

/** `@param name text` tags by name. */
const parameterTags = (symbol: ts.Symbol, checker: ts.TypeChecker): Map<string, string> =>
  new Map(symbol.getJsDocTags(checker).filter((tag) => tag.name === 'param').map((tag) => {
    const name = tag.text?.find((part) => part.kind === 'parameterName')?.text ?? '';
    return [name, markdownOf(tag.text?.filter((part) => part.kind !== 'parameterName'))];
  }));

/** A parameter as the signature shows it: `options: ApplicationOptions`, `punctuation: string = '!'`. */
const parameterText = (parameter: ts.ParameterDeclaration, typeText: string): string =>
  `${parameter.dotDotDotToken === undefined ? '' : '...'}${parameter.name.getText()}${parameter.questionToken === undefined ? '' : '?'}: ${typeText}`
  + (parameter.initializer === undefined ? '' : ` = ${parameter.initializer.getText()}`);

const functionDoc = (name: string, symbol: ts.Symbol, fn: ts.SignatureDeclaration, reading: Reading): FunctionDoc => {
  const { checker } = reading;
  const returned = checker.getSignatureFromDeclaration(fn)!.getReturnType();
  const summary = markdownOf(symbol.getDocumentationComment(checker));
  if (summary === '') reading.problems.push({ at: at(fn, reading), message: `${name} has no summary` });
  const tags = parameterTags(symbol, checker);
  const parameters: Row[] = [];
  const objects: FunctionDoc['objects'][number][] = [];
  const signature: string[] = [];
  for (const parameter of fn.parameters) {
    const parameterName = parameter.name.getText();
    const typeText = parameter.type === undefined ? checker.typeToString(checker.getTypeAtLocation(parameter)) : written(parameter.type);
    const optional = parameter.questionToken !== undefined || parameter.initializer !== undefined;
    signature.push(parameterText(parameter, typeText));
    // The model's parameters are the same for every function; the introduction explains them.
    if (/\bProcessParams\b/.test(typeText)) continue;
    const type = checker.getTypeAtLocation(parameter);
    if (isOptionsObject(type, reading)) {
      objects.push({ parameter: parameterName, type: typeText, rows: fieldRows(type, '', typeText, reading) });
      continue;
    }
    const description = tags.get(parameterName) ?? '';
    if (description === '') reading.problems.push({ at: at(parameter, reading), message: `${name}: parameter ${parameterName} has no description (@param ${parameterName} …)` });
    parameters.push({ name: parameterName, type: typeText, optional, ...(parameter.initializer === undefined ? {} : { default: parameter.initializer.getText() }), description });
  }
  const returnText = fn.type === undefined ? checker.typeToString(returned) : written(fn.type);
  const example = tagOf(symbol, 'example', checker);
  return {
    name,
    constructs: (returned.aliasSymbol ?? returned.getSymbol())?.getName() === 'ManagedProcess',
    summary,
    ...(example === undefined ? {} : { example }),
    signature: `${name}(${signature.join(', ')}): ${returnText}`,
    parameters,
    objects,
    types: reading.types,
  };
};

/**
 * Every function `entry` exports, documented, and what their documentation lacks.
 * @param root the directory paths in problems are relative to, holding tsconfig.json
 */
export const readLibrary = (entry: string, root: string): { functions: FunctionDoc[]; problems: Problem[] } => {
  const file = resolve(root, entry);
  const program = ts.createProgram([file], compilerOptions(root));
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const module = source === undefined ? undefined : checker.getSymbolAtLocation(source);
  if (module === undefined) throw new Error(`${entry} is not a module`);
  const problems: Problem[] = [];
  const functions = checker.getExportsOfModule(module).flatMap((exported) => {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const fn = functionOf(symbol.valueDeclaration);
    if (fn === undefined) return [];
    const reading: Reading = { checker, libraryDir: dirname(file), root, owner: exported.name, types: [], problems };
    return [functionDoc(exported.name, symbol, fn, reading)];
  });
  return { functions, problems };
};
