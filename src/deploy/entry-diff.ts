/**
 * What changed between two store entries of one process: the files added, removed and
 * changed, and in changed JSON files (every backend's record is one) the key paths whose
 * values differ, such as `image`, `network` or `environment.PORT`. `switch --dry-run`
 * prints them after "changed". Pure: the caller reads the entries.
 *
 * An entry names its own store path (hash modulo self-references), which changes with any
 * change to it; each entry's own path is set to one placeholder before comparing, so that
 * it does not show up as a change of every file that holds it.
 * @module
 */
import type { FileSet, FileSetNode } from '../store/file-set.js';

/** Key paths kept in an `EntryChange`; the rest are counted in `moreKeys`. */
export const MAX_KEYS = 50;
/** Items of a change shown in one plan line; the rest are counted. */
export const MAX_SHOWN = 6;
/** Characters of one shown item. */
const MAX_ITEM = 60;

/** One entry as the comparison needs it: its store path and its files. */
export interface EntryFiles {
  readonly path: string;
  readonly files: FileSet;
}

/** The difference between the old and the new entry of a process. */
export interface EntryChange {
  /** Files only in the new entry, by path inside the entry. */
  readonly added: readonly string[];
  /** Files only in the old entry. */
  readonly removed: readonly string[];
  /** Files in both whose content, link target or executable bit differ. */
  readonly changed: readonly string[];
  /**
   * Key paths whose values differ in the changed JSON files, in document order, at most
   * `MAX_KEYS`; a JSON file that differs as a whole (it does not parse, its top level is
   * not an object, or only its formatting changed) is named by its path instead.
   */
  readonly keys: readonly string[];
  /** How many more key paths differ than `keys` holds. */
  readonly moreKeys: number;
}

const SELF = '<this entry>';
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

const isJson = (path: string): boolean => path.endsWith('.json');

const sameNode = (a: FileSetNode, b: FileSetNode): boolean =>
  a.kind === 'file' && b.kind === 'file' ? a.content === b.content && a.executable === b.executable
    : a.kind === 'link' && b.kind === 'link' ? a.target === b.target : false;

/** `node` with its entry's own path replaced by the placeholder. */
const neutral = (node: FileSetNode, self: string): FileSetNode =>
  node.kind === 'file' ? { ...node, content: node.content.replaceAll(self, SELF) } : { ...node, target: node.target.replaceAll(self, SELF) };

const keyPath = (parent: string, key: string): string =>
  IDENTIFIER.test(key) ? (parent === '' ? key : `${parent}.${key}`) : `${parent}[${JSON.stringify(key)}]`;

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Appends to `out` the paths below `path` where `a` and `b` differ: leaves, keys on one side only, arrays of other lengths. */
const differences = (a: unknown, b: unknown, path: string, out: string[]): void => {
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const key of keys) {
      if (!Object.hasOwn(a, key) || !Object.hasOwn(b, key)) out.push(keyPath(path, key));
      else differences(a[key], b[key], keyPath(path, key), out);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((item, i) => differences(item, b[i], `${path}[${i}]`, out));
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push(path);
};

/** The differing key paths of two JSON texts; null when either is not JSON. */
const jsonDifferences = (a: string, b: string): string[] | null => {
  let left: unknown;
  let right: unknown;
  try {
    left = JSON.parse(a);
    right = JSON.parse(b);
  } catch {
    return null;
  }
  const out: string[] = [];
  differences(left, right, '', out);
  return out;
};

/** Compares the old and the new entry of a process. */
export const diffEntries = (before: EntryFiles, after: EntryFiles): EntryChange => {
  const old = new Map(before.files.map((node) => [node.path, neutral(node, before.path)]));
  const now = new Map(after.files.map((node) => [node.path, neutral(node, after.path)]));
  const byPath = (paths: Iterable<string>): string[] => [...paths].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const added = byPath([...now.keys()].filter((path) => !old.has(path)));
  const removed = byPath([...old.keys()].filter((path) => !now.has(path)));
  const changed = byPath([...now.keys()].filter((path) => old.has(path) && !sameNode(old.get(path)!, now.get(path)!)));
  const keys = new Set<string>();
  for (const path of changed.filter(isJson)) {
    const [a, b] = [old.get(path)!, now.get(path)!];
    const found = a.kind === 'file' && b.kind === 'file' ? jsonDifferences(a.content, b.content) : null;
    const named = found === null || found.length === 0 ? [path] : found.map((key) => (key === '' ? path : key));
    for (const key of named) keys.add(key);
  }
  return { added, removed, changed, keys: [...keys].slice(0, MAX_KEYS), moreKeys: Math.max(0, keys.size - MAX_KEYS) };
};

const shorten = (item: string): string => (item.length > MAX_ITEM ? `${item.slice(0, MAX_ITEM - 1)}…` : item);

/**
 * The change as a short list for one line: the JSON key paths, then the other changed
 * files by path, added files as `+path`, removed ones as `-path`; at most `MAX_SHOWN`,
 * each shortened, and "N more" for the rest.
 */
export const changeItems = (change: EntryChange): string[] => {
  const items = [
    ...change.keys,
    ...change.changed.filter((path) => !isJson(path)),
    ...change.added.map((path) => `+${path}`),
    ...change.removed.map((path) => `-${path}`),
  ];
  const hidden = Math.max(0, items.length - MAX_SHOWN) + change.moreKeys;
  return [...items.slice(0, MAX_SHOWN).map(shorten), ...(hidden > 0 ? [`${hidden} more`] : [])];
};
