/**
 * Quoting for the three formats PostgreSQL reads from us: postgresql.conf values, SQL
 * identifiers and literals, and pg_hba.conf fields. A value is either written so the
 * program reads back exactly it, or refused.
 * @module
 */
import { ServiceArgumentError } from '../common/names.js';
import type { PostgresqlSettingValue } from './options.js';

const SERVICE = 'postgresql';

const refuseNul = (value: string, argument: string): void => {
  if (value.includes('\0')) throw new ServiceArgumentError(SERVICE, argument, 'contains a NUL character, which PostgreSQL cannot read');
};

/**
 * A postgresql.conf value. Strings are single-quoted: the file's lexer reads `''` as a quote
 * and processes backslash escapes, so a backslash is doubled and line breaks are written as
 * `\n` and `\r` (a raw one would end the line). Numbers must be finite.
 */
export const quoteConfValue = (value: PostgresqlSettingValue, argument: string): string => {
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ServiceArgumentError(SERVICE, argument, `${value} is not a finite number`);
    return String(value);
  }
  refuseNul(value, argument);
  const escaped = value.replace(/\\/g, '\\\\').replace(/'/g, "''").replace(/\n/g, '\\n').replace(/\r/g, '\\r');
  return `'${escaped}'`;
};

/** An SQL identifier: double-quoted, a double quote doubled, case kept. */
export const quoteIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * An SQL string literal that means the same whatever `standard_conforming_strings` says:
 * with a backslash in it, an `E''` literal whose backslashes are doubled.
 */
export const quoteLiteral = (text: string): string => {
  const body = text.replace(/'/g, "''");
  return text.includes('\\') ? `E'${body.replace(/\\/g, '\\\\')}'` : `'${body}'`;
};

/** Words pg_hba.conf reads as keywords in the database and user fields. */
export const HBA_KEYWORDS: ReadonlySet<string> = new Set(['all', 'sameuser', 'samerole', 'samegroup', 'replication']);

const HBA_BARE = /^[A-Za-z0-9_.-]+$/;
// pg_hba.conf's tokenizer skips longer tokens (MAX_TOKEN is 256 with the NUL).
const MAX_HBA_TOKEN = 255;

/**
 * A name in a pg_hba.conf field. Anything but a plain word is double-quoted, which also
 * keeps it from being read as a keyword, a `+role`, an `@file` or a list. pg_hba.conf has
 * no way to write a double quote or a line break inside a name, so those are refused.
 */
export const quoteHbaName = (value: string, argument: string): string => {
  refuseNul(value, argument);
  if (/["\n\r]/.test(value) || value === '') throw new ServiceArgumentError(SERVICE, argument, `${JSON.stringify(value)} cannot be written in pg_hba.conf (empty, or a double quote or line break)`);
  const token = HBA_BARE.test(value) && !HBA_KEYWORDS.has(value) ? value : `"${value}"`;
  if (Buffer.byteLength(token) > MAX_HBA_TOKEN) throw new ServiceArgumentError(SERVICE, argument, `is longer than the ${MAX_HBA_TOKEN} bytes pg_hba.conf reads in one field`);
  return token;
};
