/**
 * Writing an image's build context: `Dockerfile`, and `rootfs/` mirroring the image's
 * file system, which the Dockerfile copies in one layer. A directory is only reused when
 * procform wrote it before (it holds the marker file), so no other directory is emptied.
 * @module
 */
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { InputError } from '../errors.js';
import { removeTree } from '../store/write.js';
import type { ImageContext } from './types.js';

/** Marks a directory as a context procform wrote. */
export const CONTEXT_MARKER = '.procform-image';

/** Where a written context's parts are. */
export interface WrittenContext {
  readonly dir: string;
  readonly dockerfile: string;
  readonly rootfs: string;
}

const isInside = (path: string, dir: string): boolean => path === dir || path.startsWith(`${dir}${sep}`);

/** True for a directory that is a context procform wrote (this one or another). */
const isContext = (path: string): boolean => existsSync(join(path, CONTEXT_MARKER));

/**
 * Copies `from` to `to`, leaving out `.git`, every context procform wrote, and the context
 * being written, which may lie inside `from` (cpSync refuses to copy a directory into
 * itself, so a directory holding it is copied entry by entry).
 */
const copyInto = (from: string, to: string, context: string): void => {
  const keep = (source: string): boolean => basename(source) !== '.git' && !isInside(source, context) && !isContext(source);
  if (!isInside(context, from)) {
    cpSync(from, to, { recursive: true, verbatimSymlinks: true, filter: keep });
    return;
  }
  mkdirSync(to, { recursive: true, mode: lstatSync(from).mode & 0o7777 });
  for (const name of readdirSync(from)) {
    const source = join(from, name);
    if (keep(source)) copyInto(source, join(to, name), context);
  }
};

const prepareDir = (dir: string): void => {
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true });
    return;
  }
  const names = readdirSync(dir);
  if (names.length > 0 && !names.includes(CONTEXT_MARKER)) {
    throw new InputError(`${dir} is not empty and was not written by procform image`, 'give -o a new or empty directory');
  }
  for (const name of names) removeTree(join(dir, name));
};

/** Writes the context into `dir` (created, or replaced when procform wrote it before). */
export const writeContext = (context: ImageContext, outDir: string): WrittenContext => {
  const dir = resolve(outDir);
  if (dir === sep) throw new InputError('the context directory cannot be /');
  prepareDir(dir);
  writeFileSync(join(dir, CONTEXT_MARKER), 'A container build context written by procform image; it is replaced when procform writes here again.\n');
  const dockerfile = join(dir, 'Dockerfile');
  const rootfs = join(dir, 'rootfs');
  writeFileSync(dockerfile, context.dockerfile);
  for (const item of context.items) {
    const target = join(rootfs, item.path);
    mkdirSync(dirname(target), { recursive: true });
    if (item.kind === 'file') writeFileSync(target, item.content, { mode: item.executable ? 0o755 : 0o644 });
    else if (item.kind === 'link') {
      rmSync(target, { force: true });
      symlinkSync(item.target, target);
    } else {
      if (!existsSync(item.from)) throw new InputError(`${item.from} does not exist, so it cannot be copied into the image`);
      copyInto(item.from, target, dir);
    }
  }
  return { dir, dockerfile, rootfs };
};
