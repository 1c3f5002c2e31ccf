// Offline validation of rendered manifests, two ways:
// 1. kubernetes-models: each kind's class validates against the Kubernetes OpenAPI schema
//    (types, required fields, enums), compiled into ajv validators shipped in the package.
// 2. A strict unknown-field check, which those validators skip (their schemas leave
//    additionalProperties open). The package ships no JSON schema files, only the compiled
//    validators and TypeScript declarations generated from the same OpenAPI definitions;
//    so the allowed keys are read from those declarations with the TypeScript compiler:
//    a key is allowed where the declared interface has the property, or an index signature
//    (maps such as labels); anything else is reported with its path.
import ts from 'typescript';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { ConfigMap, Service } from 'kubernetes-models/v1';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';

/** The kinds the backend renders: the model class and the declaration the strict check walks. */
const KINDS: Record<string, { readonly model: new (data: never) => { validate(): void }; readonly module: string; readonly type: string }> = {
  ConfigMap: { model: ConfigMap as never, module: 'kubernetes-models/v1/ConfigMap', type: 'IConfigMap' },
  Service: { model: Service as never, module: 'kubernetes-models/v1/Service', type: 'IService' },
  Deployment: { model: Deployment as never, module: 'kubernetes-models/apps/v1/Deployment', type: 'IDeployment' },
  StatefulSet: { model: StatefulSet as never, module: 'kubernetes-models/apps/v1/StatefulSet', type: 'IStatefulSet' },
  Job: { model: Job as never, module: 'kubernetes-models/batch/v1/Job', type: 'IJob' },
};

let cached: { checker: ts.TypeChecker; roots: Map<string, ts.Type> } | null = null;

/** One TypeScript program over the declarations of the rendered kinds (built once, ~0.5 s). */
const declarations = () => {
  if (cached) return cached;
  // A virtual file inside the checkout, so module resolution finds node_modules.
  const probe = fileURLToPath(new URL('./__schema_probe__.ts', import.meta.url));
  const text = Object.entries(KINDS).map(([kind, k]) => `import type { ${k.type} as ${kind} } from '${k.module}';\nexport type ${kind}Root = ${kind};\n`).join('');
  const options: ts.CompilerOptions = { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, noEmit: true, skipLibCheck: true, types: [] };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.getSourceFile = (name, language, ...rest) => (name === probe ? ts.createSourceFile(name, text, language) : getSourceFile(name, language, ...rest));
  host.fileExists = (name) => name === probe || fileExists(name);
  const program = ts.createProgram([probe], options, host);
  const checker = program.getTypeChecker();
  const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(probe)!)!);
  const roots = new Map(Object.keys(KINDS).map((kind) => [kind, checker.getDeclaredTypeOfSymbol(exports.find((s) => s.name === `${kind}Root`)!)]));
  if ([...roots.values()].some((t) => t.getProperties().length === 0)) throw new Error('kubernetes-models declarations did not resolve');
  cached = { checker, roots };
  return cached;
};

const walk = (checker: ts.TypeChecker, type: ts.Type, value: unknown, path: string, problems: string[]): void => {
  if (value === null || typeof value !== 'object') return;
  const declared = checker.getNonNullableType(type);
  const parts = declared.isUnion() ? declared.types : [declared];
  if (Array.isArray(value)) {
    const array = parts.find((p) => checker.isArrayType(p));
    if (!array) return void problems.push(`${path}: a list where the schema has none`);
    const element = checker.getTypeArguments(array as ts.TypeReference)[0]!;
    value.forEach((item, i) => walk(checker, element, item, `${path}[${i}]`, problems));
    return;
  }
  const objects = parts.filter((p) => (p.flags & ts.TypeFlags.Object) !== 0 && !checker.isArrayType(p));
  if (objects.length === 0) return void problems.push(`${path}: an object where the schema has none`);
  for (const [key, item] of Object.entries(value)) {
    let field: ts.Type | undefined;
    for (const candidate of objects) {
      const property = candidate.getProperty(key);
      field = property ? checker.getTypeOfSymbol(property) : checker.getIndexTypeOfType(candidate, ts.IndexKind.String);
      if (field) break;
    }
    if (field === undefined) problems.push(`${path}.${key}: unknown field`);
    else walk(checker, field, item, `${path}.${key}`, problems);
  }
};

/** Fields of `manifest` its kind's declaration does not have, as paths such as `Deployment/x.spec.bogus`. */
export const unknownFields = (manifest: { kind: string; metadata?: { name?: string } }): string[] => {
  const { checker, roots } = declarations();
  const root = roots.get(manifest.kind);
  if (!root) return [`${manifest.kind}: a kind the backend does not render`];
  const problems: string[] = [];
  walk(checker, root, manifest, `${manifest.kind}/${manifest.metadata?.name ?? '?'}`, problems);
  return problems;
};

/** Throws unless kubernetes-models accepts `manifest` (types, required fields, enums). */
export const validateModel = (manifest: { kind: string }): void => {
  const kind = KINDS[manifest.kind];
  if (!kind) throw new Error(`unexpected kind ${manifest.kind}`);
  new kind.model(manifest as never).validate();
};

/** A parsed manifest, loosely typed for tests to poke at. */
export type ParsedManifest = { kind: string; metadata: { name: string } & Record<string, any> } & Record<string, any>;

/** Parses a YAML stream (YAML 1.1, as Kubernetes reads it), failing on any parse error. */
export const parseManifests = (text: string): ParsedManifest[] =>
  parseAllDocuments(text, { version: '1.1' }).map((doc) => {
    if (doc.errors.length > 0) throw new Error(doc.errors.map((e) => e.message).join('; '));
    return doc.toJS() as ParsedManifest;
  });

/** Validates every document of a stream both ways; returns the documents. */
export const validateStrictly = (text: string): ParsedManifest[] => {
  const manifests = parseManifests(text);
  for (const manifest of manifests) {
    validateModel(manifest);
    const unknown = unknownFields(manifest);
    if (unknown.length > 0) throw new Error(`unknown fields: ${unknown.join(', ')}`);
  }
  return manifests;
};
