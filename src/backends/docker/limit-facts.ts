/**
 * Reading the facts `ulimitArgs` decides on from this machine: the engine's identity, the
 * limits and capabilities procform runs with (from /proc, Linux only, where rootful podman
 * runs), pid_max, and whether containers.conf sets `default_ulimits`. Anything that cannot
 * be read counts as "no need to interfere".
 * @module
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dockerCommand, engine } from './engine.js';
import type { Limit, LimitFacts } from './ulimits.js';

/** Bit of CAP_SYS_RESOURCE in a capability mask. */
const CAP_SYS_RESOURCE = 24n;

const read = (path: string): string | null => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
};

const limitValue = (word: string): number => (word === 'unlimited' ? Infinity : Number(word));

/** One limit of a /proc/<pid>/limits text ("Max open files", "Max processes"); null when absent. */
export const parseLimit = (limits: string, name: string): Limit | null => {
  const line = limits.split('\n').find((l) => l.startsWith(`${name} `));
  const words = line?.slice(name.length).trim().split(/\s+/);
  if (words === undefined || words.length < 2) return null;
  const [soft, hard] = [limitValue(words[0]!), limitValue(words[1]!)];
  return Number.isNaN(soft) || Number.isNaN(hard) ? null : { soft, hard };
};

/** Whether the CapEff mask of a /proc/<pid>/status text holds CAP_SYS_RESOURCE; null when absent. */
export const hasSysResource = (status: string): boolean | null => {
  const mask = /^CapEff:\s*([0-9a-fA-F]+)$/m.exec(status)?.[1];
  return mask === undefined ? null : ((BigInt(`0x${mask}`) >> CAP_SYS_RESOURCE) & 1n) === 1n;
};

/** Whether a containers.conf text sets a non-empty `default_ulimits`. */
export const setsDefaultUlimits = (conf: string): boolean =>
  /^\s*default_ulimits\s*=\s*\[\s*["']/m.test(conf.split('\n').filter((line) => !/^\s*#/.test(line)).join('\n'));

/** The containers.conf files podman reads as root, in its order: $CONTAINERS_CONF alone replaces the others. */
const containersConfs = (): string[] => {
  const only = process.env.CONTAINERS_CONF;
  if (only) return [only];
  const dropIns = '/etc/containers/containers.conf.d';
  const extra = existsSync(dropIns) ? readdirSync(dropIns).filter((f) => f.endsWith('.conf')).sort().map((f) => join(dropIns, f)) : [];
  return ['/usr/share/containers/containers.conf', '/etc/containers/containers.conf', ...extra];
};

const isPodman = new Map<string, Promise<boolean>>();

/** Whether the engine command is podman, asked once per command (`--version` says "podman version …"). */
const enginePodman = (): Promise<boolean> => {
  const command = dockerCommand();
  if (!isPodman.has(command)) isPodman.set(command, engine(['--version'], 30).then((r) => r.code === 0 && /^podman version/i.test(r.stdout.trim())));
  return isPodman.get(command)!;
};

/** The facts of this machine now. */
export const readLimitFacts = async (): Promise<LimitFacts> => {
  const limits = read('/proc/self/limits') ?? '';
  const pidMax = Number.parseInt(read('/proc/sys/kernel/pid_max') ?? '', 10);
  return {
    podman: await enginePodman(),
    root: process.getuid?.() === 0,
    sysResource: hasSysResource(read('/proc/self/status') ?? '') ?? true,
    configured: containersConfs().some((path) => setsDefaultUlimits(read(path) ?? '')),
    nofile: parseLimit(limits, 'Max open files'),
    nproc: parseLimit(limits, 'Max processes'),
    pidMax: Number.isInteger(pidMax) && pidMax > 0 ? pidMax : null,
  };
};
