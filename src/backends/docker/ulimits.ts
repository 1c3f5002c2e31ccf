/**
 * Resource limits a container can be given where the engine's defaults cannot be applied.
 * Rootful podman gives every container `nofile=1048576:1048576` and an nproc limit of
 * pid_max (or 1048576), raising them above the limits podman itself runs with. Without
 * CAP_SYS_RESOURCE (a root inside another container, a restricted service) the runtime
 * may not raise a hard limit, and every start fails with `error setting rlimit type 7`
 * (nofile) or `type 6` (nproc). procform then passes the highest limits it can: the ones
 * it runs with itself. Pure: the facts come in, `--ulimit` words go out.
 * @module
 */

/** A soft and hard limit; `Infinity` for unlimited. */
export interface Limit {
  readonly soft: number;
  readonly hard: number;
}

/** What decides whether the engine's default limits would fail. */
export interface LimitFacts {
  /** The engine is podman (also behind a `docker` command that runs podman). */
  readonly podman: boolean;
  /** procform runs as root, so podman is rootful (rootless podman keeps within the caller's limits itself). */
  readonly root: boolean;
  /** CAP_SYS_RESOURCE is in procform's effective set: podman may raise limits. */
  readonly sysResource: boolean;
  /** containers.conf sets `default_ulimits`: the user chose the limits, procform keeps out. */
  readonly configured: boolean;
  /** procform's RLIMIT_NOFILE and RLIMIT_NPROC; null when unknown. */
  readonly nofile: Limit | null;
  readonly nproc: Limit | null;
  /** /proc/sys/kernel/pid_max, which podman takes as its nproc default; null when unknown. */
  readonly pidMax: number | null;
}

/** What rootful podman sets nofile (and at most nproc) to unless told otherwise. */
export const PODMAN_DEFAULT_LIMIT = 1048576;

/**
 * The `--ulimit` words `docker create` needs so that the container can start; none when
 * the engine's defaults work (docker, rootless or privileged podman, limits high enough,
 * or limits configured in containers.conf). Passing one `--ulimit` replaces all of
 * podman's defaults, so nofile and nproc are given together.
 */
export const ulimitArgs = (facts: LimitFacts): string[] => {
  if (!facts.podman || !facts.root || facts.sysResource || facts.configured) return [];
  const { nofile, nproc } = facts;
  if (nofile === null || nproc === null) return [];
  // podman lowers its own nproc to pid_max when it can, and uses that as the default.
  const nprocCeiling = Math.min(nproc.hard, facts.pidMax ?? Infinity);
  const nofileFails = nofile.hard < PODMAN_DEFAULT_LIMIT;
  const nprocFails = nproc.hard < Math.min(facts.pidMax ?? PODMAN_DEFAULT_LIMIT, PODMAN_DEFAULT_LIMIT);
  if (!nofileFails && !nprocFails) return [];
  // A limit left out falls back to podman's default, which an unlimited hard limit allows.
  const words: string[] = [];
  if (Number.isFinite(nofile.hard)) words.push(`--ulimit=nofile=${Math.min(nofile.soft, nofile.hard)}:${nofile.hard}`);
  if (Number.isFinite(nprocCeiling)) words.push(`--ulimit=nproc=${nprocCeiling}:${nprocCeiling}`);
  return words;
};
