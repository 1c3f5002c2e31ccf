/**
 * The ledger of accounts procform created, saved as JSON (for instance `accounts.json` in
 * the profile directory). It is what lets procform delete and change its own users and
 * groups while never touching accounts that were on the machine before it.
 * @module
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { StoreError } from '../errors.js';
import type { ManagedAccounts } from './credentials-apply.js';
import { byCodePoint } from './graph-order.js';

/** A ledger without accounts. */
export const NO_MANAGED_ACCOUNTS: ManagedAccounts = { users: [], groups: [] };

const isNameList = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');

const isIdRecord = (value: unknown): value is Record<string, number> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((id) => Number.isInteger(id) && (id as number) >= 0);

/** Reads the ledger; a missing file is an empty ledger. Throws StoreError when it is damaged. */
export const readManagedAccounts = (file: string): ManagedAccounts => {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return NO_MANAGED_ACCOUNTS;
    throw new StoreError(`cannot read the account ledger ${file}: ${(error as Error).message}`, { cause: error });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new StoreError(`the account ledger ${file} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  const ledger = raw as { users?: unknown; groups?: unknown; ids?: { users?: unknown; groups?: unknown } } | null;
  if (ledger === null || typeof ledger !== 'object' || !isNameList(ledger.users) || !isNameList(ledger.groups)) {
    throw new StoreError(`the account ledger ${file} is damaged: expected {"users": [names], "groups": [names]}`);
  }
  if (ledger.ids === undefined) return { users: ledger.users, groups: ledger.groups };
  if (!isIdRecord(ledger.ids?.users) || !isIdRecord(ledger.ids?.groups)) {
    throw new StoreError(`the account ledger ${file} is damaged: "ids" must be {"users": {name: uid}, "groups": {name: gid}}`);
  }
  return { users: ledger.users, groups: ledger.groups, ids: { users: ledger.ids.users, groups: ledger.ids.groups } };
};

/** Saves the ledger atomically (a temporary file renamed into place), names sorted. */
export const writeManagedAccounts = (file: string, managed: ManagedAccounts): void => {
  const ids = managed.ids === undefined ? {} : { ids: managed.ids };
  const text = `${JSON.stringify({ users: [...managed.users].sort(byCodePoint), groups: [...managed.groups].sort(byCodePoint), ...ids }, null, 2)}\n`;
  const temp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temp, text);
    renameSync(temp, file);
  } catch (error) {
    throw new StoreError(`cannot save the account ledger ${file}: ${(error as Error).message}`, { cause: error });
  }
};
