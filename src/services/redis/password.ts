/**
 * The `initialize` step that turns `passwordFile` into a file Redis includes: the
 * password is read where Redis runs, just before it starts, and written only into the
 * runtime directory, readable by Redis's account alone. The store holds the two paths.
 * @module
 */
import { quoteShell } from '../../render/shell.js';

/** What the step needs. */
export interface PasswordStepInput {
  /** The user's file with the password. */
  readonly passwordFile: string;
  /** The file Redis includes. */
  readonly include: string;
  /** The account that must own it; null when Redis runs as the deploying user. */
  readonly owner: string | null;
}

/**
 * Shell for `initialize`. Each byte of the password is written as a `\xHH` escape inside
 * double quotes, which redis.conf reads back exactly, so no character of the password can
 * end the argument or the line.
 */
export const passwordStep = (input: PasswordStepInput): string => {
  const file = quoteShell(input.passwordFile);
  const include = quoteShell(input.include);
  const temporary = quoteShell(`${input.include}.new`);
  return [
    `password=$(cat -- ${file}) || exit 1`,
    `[ -n "$password" ] || { echo "redis: the password file "${file}" is empty" >&2; exit 1; }`,
    `hex=$(printf '%s' "$password" | od -An -v -tx1 | tr -d ' \\n' | sed 's/../\\\\x&/g')`,
    `(umask 077 && printf 'requirepass "%s"\\n' "$hex" > ${temporary}) || exit 1`,
    ...(input.owner === null ? [] : [`chown ${quoteShell(`${input.owner}:${input.owner}`)} ${temporary} || exit 1`]),
    `mv -f ${temporary} ${include}`,
  ].join('\n');
};
