// Readers of documents parsed with a library: launchd's property list, Kubernetes'
// manifests, Swarm's stack file, systemd's unit (its own quoting, read by the systemd
// backend's unquoting).
import plist from 'plist';
import { parseAllDocuments, parseDocument } from 'yaml';
import { unquoteWords } from '../../../../src/backends/systemd/quote.js';
import type { StoreEntry } from '../../../../src/store/entry.js';
import { line, text, type RenderReader } from './reader.js';

const job = (entry: StoreEntry): Record<string, unknown> => plist.parse(text(entry, /\.plist$/)) as Record<string, unknown>;
export const launchd: RenderReader = {
  launch: (entry) => {
    const parsed = job(entry);
    return { argv: parsed.ProgramArguments as string[], env: parsed.EnvironmentVariables as Record<string, string> };
  },
  account: (entry) => {
    const parsed = job(entry);
    return { user: (parsed.UserName as string | undefined) ?? null, group: (parsed.GroupName as string | undefined) ?? null };
  },
  // launchd has no ordering: the activator bootstraps in dependency order.
  dependencies: () => [],
};

interface Container { name: string; command?: string[]; args?: string[]; env?: { name: string; value?: string }[]; envFrom?: { configMapRef?: { name: string } }[]; securityContext?: { runAsUser?: number; runAsGroup?: number } }
interface Manifest { kind: string; metadata: { name: string; annotations?: Record<string, string> }; data?: Record<string, string>; spec?: { template?: { spec: PodSpec }; jobTemplate?: unknown } }
interface PodSpec { containers: Container[]; initContainers?: Container[] }
const manifests = (entry: StoreEntry): Manifest[] => parseAllDocuments(text(entry, 'manifests.yaml')).map((d) => d.toJS() as Manifest);
const pod = (entry: StoreEntry): PodSpec => {
  const workload = manifests(entry).find((m) => m.spec?.template !== undefined);
  if (workload === undefined) throw new Error(`${entry.path}: no workload in manifests.yaml`);
  return workload.spec!.template!.spec;
};
const main = (entry: StoreEntry): Container => pod(entry).containers.find((c) => c.name === 'main')!;
export const kubernetes: RenderReader = {
  launch: (entry) => {
    const c = main(entry);
    const maps = new Map(manifests(entry).filter((m) => m.kind === 'ConfigMap').map((m) => [m.metadata.name, m.data ?? {}]));
    const env: Record<string, string> = {};
    for (const from of c.envFrom ?? []) Object.assign(env, maps.get(from.configMapRef?.name ?? '') ?? {});
    for (const e of c.env ?? []) if (e.value !== undefined) env[e.name] = e.value;
    return { argv: [...(c.command ?? []), ...(c.args ?? [])], env };
  },
  account: (entry) => {
    const context = main(entry).securityContext ?? {};
    return { user: context.runAsUser === undefined ? null : String(context.runAsUser), group: context.runAsGroup === undefined ? null : String(context.runAsGroup) };
  },
  // An init container wait-<name> waits for the Service of a dependency with a port.
  dependencies: (entry) => (pod(entry).initContainers ?? []).flatMap((c) => (c.name.startsWith('wait-') ? [c.name.slice('wait-'.length)] : [])),
  // The kubelet passes no notification fd.
  notify: () => false,
};

const unit = (entry: StoreEntry): string => text(entry, /\.service$/);
const values = (content: string, key: string): string[] => content.split('\n').filter((l) => l.startsWith(`${key}=`)).map((l) => l.slice(key.length + 1));
export const systemd: RenderReader = {
  launch: (entry) => {
    const content = unit(entry);
    const env = Object.fromEntries(values(content, 'Environment').flatMap((v) => unquoteWords(v, false)).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
    return { argv: unquoteWords(values(content, 'ExecStart')[0]!, true), env };
  },
  account: (entry) => ({ user: line(unit(entry), 'User'), group: line(unit(entry), 'Group') }),
  dependencies: (entry) => values(unit(entry), 'After').flatMap((v) => v.split(' ')).map((u) => u.replace(/^procform-/, '').replace(/\.service$/, '')),
};

// A stack file as `docker stack deploy` reads it: YAML 1.1, "$$" for a "$" in a value.
interface StackService { entrypoint: string[]; environment?: Record<string, string> }
const stackService = (entry: StoreEntry): StackService => {
  const document = parseDocument(text(entry, 'compose.yaml'), { version: '1.1' }).toJS() as { services: Record<string, StackService> };
  const services = Object.values(document.services);
  if (services.length !== 1) throw new Error(`${entry.path}: compose.yaml holds ${services.length} services`);
  return services[0]!;
};
const uninterpolated = (value: string): string => value.replaceAll('$$', '$');
interface SwarmRecord { user: string | null; group: string | null }
export const swarm: RenderReader = {
  launch: (entry) => {
    const { entrypoint, environment = {} } = stackService(entry);
    const argv = entrypoint.map(uninterpolated);
    // The entry's run script sets up the account and execs its arguments; the account variables are the activator's.
    const env = Object.fromEntries(Object.entries(environment).filter(([name]) => !name.startsWith('PROCFORM_')).map(([name, value]) => [name, uninterpolated(value)]));
    return { argv: argv[0] === `${entry.path}/run` ? argv.slice(1) : argv, env };
  },
  account: (entry) => {
    const record = JSON.parse(text(entry, 'service.json')) as SwarmRecord;
    return { user: record.user, group: record.group };
  },
  // Swarm does not order services: the dependencies are the activator's data only.
  dependencies: () => [],
};
