// Golden files: what a renderer produces, committed and reviewed like code. A test file
// owns a `golden/` directory and divides it into sets; each test compares a whole set at
// once, so a golden file that no longer comes out is noticed as well as one that differs,
// and one more test fails on anything in the directory outside the sets. UPDATE_GOLDEN=1
// rewrites the sets and deletes what no test produces.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

/** True when the golden files are to be rewritten rather than compared. */
export const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === '1';

/** The golden directory of one test file. */
export interface GoldenDirectory {
  /**
   * Compares the files of set `name` with `files` (paths relative to the set): every
   * golden file must come out, with the same content, and nothing else may be in the set.
   */
  match(name: string, files: ReadonlyMap<string, string>): void;
}

/** Every file below `dir`, relative to it; none when it does not exist. */
const filesBelow = (dir: string): string[] => {
  if (!existsSync(dir)) return [];
  if (!statSync(dir).isDirectory()) return [''];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((path) => statSync(join(dir, path)).isFile())
    .sort();
};

/** The first line where two texts differ, both ways, for a message. */
const firstDifference = (actual: string, expected: string): string => {
  const a = actual.split('\n');
  const b = expected.split('\n');
  const line = a.findIndex((text, index) => text !== b[index]);
  const at = line === -1 ? a.length : line;
  return `line ${at + 1}: produced ${JSON.stringify(a[at] ?? '(end)')}, golden ${JSON.stringify(b[at] ?? '(end)')}`;
};

/** Removes directories below `dir` that rewriting left empty. */
const pruneEmpty = (dir: string): void => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const path = join(dir, entry.name);
    pruneEmpty(path);
    if (readdirSync(path).length === 0) rmSync(path, { recursive: true });
  }
};

/**
 * The `golden/` directory next to the test file `testFile` (its `import.meta.url`), made
 * of the sets `names` (directories below it, or `.` for the whole directory). Registers the
 * test that fails on anything in it outside those sets.
 */
export const goldenDirectory = (testFile: string, names: readonly string[]): GoldenDirectory => {
  const root = fileURLToPath(new URL('./golden/', testFile));
  const regenerate = `UPDATE_GOLDEN=1 node --import tsx --test ${relative(process.cwd(), fileURLToPath(testFile))} rewrites them`;
  test(`nothing in ${relative(process.cwd(), root) || root} is outside its golden sets (${names.join(', ')})`, () => {
    if (names.includes('.')) return;
    const strays = existsSync(root) ? readdirSync(root).filter((entry) => !names.includes(entry)).sort() : [];
    if (UPDATE_GOLDEN) for (const stray of strays) rmSync(join(root, stray), { recursive: true });
    else if (strays.length > 0) assert.fail(`golden files no test produces in ${relative(process.cwd(), root)}: ${strays.join(', ')} (${regenerate})`);
  });
  return {
    match(name, files) {
      assert.ok(names.includes(name), `golden set "${name}" is not one of ${names.join(', ')}`);
      const dir = join(root, name);
      const golden = filesBelow(dir);
      if (UPDATE_GOLDEN) {
        for (const path of golden) if (!files.has(path)) rmSync(join(dir, path));
        for (const [path, content] of files) {
          mkdirSync(dirname(join(dir, path)), { recursive: true });
          writeFileSync(join(dir, path), content);
        }
        pruneEmpty(dir);
        return;
      }
      const problems: string[] = [];
      for (const path of golden) if (!files.has(path)) problems.push(`${path}: no longer produced`);
      for (const [path, content] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
        if (!golden.includes(path)) problems.push(`${path}: produced, but has no golden file`);
        else {
          const expected = readFileSync(join(dir, path), 'utf8');
          if (expected !== content) problems.push(`${path}: differs, ${firstDifference(content, expected)}`);
        }
      }
      if (problems.length > 0) assert.fail(`golden set ${join(relative(process.cwd(), root), name)} is out of date (${regenerate}):\n  ${problems.join('\n  ')}`);
    },
  };
};
