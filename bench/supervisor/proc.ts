// Reading processes from /proc: children, names, start times and memory. Cheap enough to
// poll every millisecond for the small trees the benchmark looks at.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** The text of a /proc file, or null when the process (or file) is gone. */
export const readProc = (path: string): string | null => {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return null;
  }
};

/** What /proc/PID/stat says about a process. */
export interface ProcStat {
  readonly pid: number;
  readonly comm: string;
  /** R, S, D, Z, X, … */
  readonly state: string;
  readonly ppid: number;
  /** Clock ticks since boot: with the pid, the identity of a process. */
  readonly startTime: number;
}

export const statOf = (pid: number): ProcStat | null => {
  const text = readProc(`/proc/${pid}/stat`);
  if (text === null) return null;
  const close = text.lastIndexOf(')');
  const fields = text.slice(close + 2).split(' ');
  return { pid, comm: text.slice(text.indexOf('(') + 1, close), state: fields[0] ?? '?', ppid: Number(fields[1]), startTime: Number(fields[19]) };
};

/** True for a process that exists and is not a zombie. */
export const isLive = (pid: number): boolean => {
  const stat = statOf(pid);
  return stat !== null && stat.state !== 'Z' && stat.state !== 'X';
};

/** Direct children, from every thread's `children` file (a child is listed under the thread that forked it). */
export const childrenOf = (pid: number): number[] => {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const out: number[] = [];
  for (const task of tasks) {
    const text = readProc(`/proc/${pid}/task/${task}/children`);
    if (text) for (const word of text.split(' ')) if (word !== '' && word !== '\n') out.push(Number(word));
  }
  return out;
};

/** Every descendant of `root`, not `root` itself. */
export const descendantsOf = (root: number): number[] => {
  const out: number[] = [];
  const stack = [root];
  while (stack.length > 0) {
    for (const child of childrenOf(stack.pop()!)) {
      out.push(child);
      stack.push(child);
    }
  }
  return out;
};

/** Live descendants that run `comm` (after their exec). */
export const liveDescendantsNamed = (root: number, comm: string): number[] =>
  descendantsOf(root).filter((pid) => {
    const stat = statOf(pid);
    return stat !== null && stat.comm === comm && stat.state !== 'Z' && stat.state !== 'X';
  });

/** The supervisor's own processes: the root and its descendants, minus the supervised `comm` ones. */
export const supervisorTree = (root: number, supervised = 'sleep'): number[] =>
  [root, ...descendantsOf(root).filter((pid) => {
    const stat = statOf(pid);
    return stat !== null && stat.comm !== supervised && stat.state !== 'Z';
  })];

/** Memory of a set of processes, summed, in kB (from /proc/PID/smaps_rollup). */
export interface Memory {
  readonly rssKb: number;
  readonly pssKb: number;
  /** Private_Clean + Private_Dirty: what would be freed if the processes ended. */
  readonly ussKb: number;
  readonly processes: number;
}

export const memoryOf = (pids: readonly number[]): Memory => {
  let rssKb = 0;
  let pssKb = 0;
  let ussKb = 0;
  let processes = 0;
  for (const pid of pids) {
    const text = readProc(`/proc/${pid}/smaps_rollup`);
    if (text === null) continue;
    processes++;
    for (const line of text.split('\n')) {
      const [key, value] = line.split(/:\s+/);
      const kb = Number.parseInt(value ?? '', 10);
      if (key === 'Rss') rssKb += kb;
      else if (key === 'Pss') pssKb += kb;
      else if (key === 'Private_Clean' || key === 'Private_Dirty') ussKb += kb;
    }
  }
  return { rssKb, pssKb, ussKb, processes };
};

/** A process as seen once: pid plus start time, so a reused pid is not mistaken for it. */
export interface ProcId {
  readonly pid: number;
  readonly startTime: number;
}

export const procId = (pid: number): ProcId | null => {
  const stat = statOf(pid);
  return stat === null ? null : { pid, startTime: stat.startTime };
};

/** Whether the very process `id` is still there (zombies included: someone must still reap it). */
export const stillThere = (id: ProcId): boolean => statOf(id.pid)?.startTime === id.startTime;

/**
 * Processes on the machine that belong to a benchmark run: their command line or working
 * directory is under `dir`, or their environment carries `marker`.
 */
export const processesOf = (dir: string, marker: string): number[] => {
  const out: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return out;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    let cwd = '';
    try {
      cwd = readlinkSync(`/proc/${pid}/cwd`);
    } catch {
      // Gone, or a kernel thread.
    }
    const cmdline = readProc(`/proc/${pid}/cmdline`) ?? '';
    const environ = readProc(`/proc/${pid}/environ`) ?? '';
    if (cwd === dir || cwd.startsWith(`${dir}/`) || cmdline.includes(dir) || environ.includes(marker)) out.push(pid);
  }
  return out;
};
