/**
 * The shell lines that create a process's state directories before it starts: mkdir, chmod,
 * then the owner. Every backend whose manager runs a script before the process writes them
 * here; the style says how its script stops on a failure and when it may change owners.
 * @module
 */
import type { StateDir } from '../model/state-dir.js';
import { quoteShell } from '../render/shell.js';

/**
 * How one generated script writes the lines. The options that only place `--` or pick an
 * owner spelling keep each backend's existing output byte for byte, so store hashes stay.
 */
export interface StateDirStyle {
  /** Put in front of every line (the body of a shell function is indented). @default "" */
  readonly indent?: string;
  /** Appended as `|| <onFailure>` so a failure stops the script; absent under `set -e`. */
  readonly onFailure?: 'exit 1' | 'return 1';
  /** mkdir and chmod as one command line, `mkdir … && chmod … || <onFailure>`. @default false */
  readonly oneLine?: boolean;
  /**
   * A shell test that holds when the script runs as root: the owner is changed only then, so
   * the same script also runs unprivileged. Absent: always.
   */
  readonly rootTest?: string;
  /**
   * A directory with a group and no user: `chown` to `:group`, `chgrp` to the group, or left
   * alone (absent).
   */
  readonly groupAlone?: 'chown' | 'chgrp';
  /** A user without a group is written `user:` (chown then also sets the user's login group). @default false */
  readonly loginGroup?: boolean;
  /**
   * Where chmod and chown take `--`: before the path (`chmod 0750 -- /p`), nowhere
   * (`chmod 0750 /p`), or right after chown (`chown -- user /p`, chmod before the path).
   * @default "before-path"
   */
  readonly dashes?: 'before-path' | 'none' | 'after-chown';
}

const ownerOf = (dir: StateDir, style: StateDirStyle): { readonly command: 'chown' | 'chgrp'; readonly owner: string } | null => {
  if (dir.user !== null) {
    const group = dir.group !== null ? `:${dir.group}` : style.loginGroup === true ? ':' : '';
    return { command: 'chown', owner: `${dir.user}${group}` };
  }
  if (dir.group === null || style.groupAlone === undefined) return null;
  return style.groupAlone === 'chown' ? { command: 'chown', owner: `:${dir.group}` } : { command: 'chgrp', owner: dir.group };
};

/** The lines that create `dirs` with their modes and owners, in the given style. */
export const stateDirLines = (dirs: readonly StateDir[], style: StateDirStyle = {}): string[] => {
  const indent = style.indent ?? '';
  const orFail = style.onFailure === undefined ? '' : ` || ${style.onFailure}`;
  const dashes = style.dashes ?? 'before-path';
  const lines: string[] = [];
  for (const dir of dirs) {
    const path = quoteShell(dir.path);
    const mkdir = `mkdir -p -- ${path}`;
    const chmod = `chmod ${quoteShell(dir.mode)} ${dashes === 'none' ? '' : '-- '}${path}`;
    if (style.oneLine === true) lines.push(`${indent}${mkdir} && ${chmod}${orFail}`);
    else lines.push(`${indent}${mkdir}${orFail}`, `${indent}${chmod}${orFail}`);
    const owner = ownerOf(dir, style);
    if (owner === null) continue;
    const words = dashes === 'after-chown' ? `-- ${quoteShell(owner.owner)} ${path}` : `${quoteShell(owner.owner)} ${dashes === 'none' ? '' : '-- '}${path}`;
    const command = `${owner.command} ${words}${orFail}`;
    lines.push(`${indent}${style.rootTest === undefined ? command : `if [ ${style.rootTest} ]; then ${command}; fi`}`);
  }
  return lines;
};
