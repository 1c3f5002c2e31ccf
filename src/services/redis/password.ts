/**
 * The `initialize` step that turns `passwordFile` into the files Redis and its readiness
 * probe read: the password is read where Redis runs, just before it starts, and written
 * only into the runtime directory, readable by Redis's account alone. The store holds the
 * paths.
 * @module
 */
import { quoteShell } from '../../render/shell.js';

/** What the step needs. */
export interface PasswordStepInput {
  /** The user's file with the password. */
  readonly passwordFile: string;
  /** The file Redis includes, with the `requirepass` line. */
  readonly include: string;
  /** The password as it is, for the readiness probe, which must authenticate to see Redis loading. */
  readonly copy: string;
  /** The account that must own both; null when Redis runs as the deploying user. */
  readonly owner: string | null;
}

/**
 * Shell for `initialize`. In the include, each byte of the password is a `\xHH` escape
 * inside double quotes, which redis.conf reads back exactly, so no character of the
 * password can end the argument or the line.
 */
export const passwordStep = (input: PasswordStepInput): string => {
  const file = quoteShell(input.passwordFile);
  const write = (target: string, printf: string): string[] => {
    const temporary = quoteShell(`${target}.new`);
    return [
      `(umask 077 && ${printf} > ${temporary}) || exit 1`,
      ...(input.owner === null ? [] : [`chown ${quoteShell(`${input.owner}:${input.owner}`)} ${temporary} || exit 1`]),
      `mv -f ${temporary} ${quoteShell(target)} || exit 1`,
    ];
  };
  return [
    `password=$(cat -- ${file}) || exit 1`,
    `[ -n "$password" ] || { echo "redis: the password file "${file}" is empty" >&2; exit 1; }`,
    `hex=$(printf '%s' "$password" | od -An -v -tx1 | tr -d ' \\n' | sed 's/../\\\\x&/g')`,
    ...write(input.include, `printf 'requirepass "%s"\\n' "$hex"`),
    ...write(input.copy, `printf '%s' "$password"`),
  ].join('\n');
};
