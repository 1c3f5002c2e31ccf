import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DeployError } from '../errors.js';
import { removeTree } from '../store/write.js';
import { acquireProfileLock, LOCK_FILE, ProfileLockedError, withProfileLock } from './profile-lock.js';

const scratch = mkdtempSync(join(tmpdir(), 'procform-profile-lock-'));
after(() => removeTree(scratch));
let count = 0;
const freshProfile = (): string => join(scratch, `profile-${++count}`);

/** The pid of a process that has exited and been reaped. */
const deadPid = (): number => {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
};

describe('withProfileLock', () => {
  it('holds a lock file with its pid while running and removes it afterwards', async () => {
    const dir = freshProfile();
    const result = await withProfileLock(dir, () => {
      const content = readFileSync(join(dir, LOCK_FILE), 'utf8');
      assert.equal(content.split('\n')[0], String(process.pid));
      return 42;
    });
    assert.equal(result, 42);
    assert.equal(existsSync(join(dir, LOCK_FILE)), false);
  });

  it('releases the lock when the function fails', async () => {
    const dir = freshProfile();
    await assert.rejects(withProfileLock(dir, async () => {
      throw new Error('switch failed');
    }), /switch failed/);
    assert.equal(existsSync(join(dir, LOCK_FILE)), false);
    assert.equal(await withProfileLock(dir, () => 'again'), 'again');
  });

  it('refuses a second switch while the first one runs, without running it', async () => {
    const dir = freshProfile();
    let ran = false;
    await withProfileLock(dir, async () => {
      await assert.rejects(withProfileLock(dir, () => {
        ran = true;
      }), (error: unknown) => {
        assert.ok(error instanceof ProfileLockedError);
        assert.ok(error instanceof DeployError);
        assert.equal(error.partial, false);
        assert.equal(error.pid, process.pid);
        assert.match(error.message, /another switch is running/);
        return true;
      });
    });
    assert.equal(ran, false);
  });

  it('refuses a lock held by another live process', async (t) => {
    const dir = freshProfile();
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    t.after(() => holder.kill());
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, LOCK_FILE), `${holder.pid}\nsomeone-else\n`);
    await assert.rejects(withProfileLock(dir, () => undefined), (error: unknown) => error instanceof ProfileLockedError && error.pid === holder.pid);
    assert.equal(readFileSync(join(dir, LOCK_FILE), 'utf8'), `${holder.pid}\nsomeone-else\n`, 'the live lock is left alone');
  });

  it('takes over a stale lock whose owner is dead', async () => {
    const dir = freshProfile();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, LOCK_FILE), `${deadPid()}\nold-token\n`);
    const seen = await withProfileLock(dir, () => readFileSync(join(dir, LOCK_FILE), 'utf8'));
    assert.equal(seen.split('\n')[0], String(process.pid));
    assert.deepEqual(readdirSync(dir), [], 'neither the lock nor the stale one is left behind');
  });

  it('takes over a lock file without a pid once its writer had time to finish', async () => {
    const dir = freshProfile();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, LOCK_FILE), '');
    assert.equal(await withProfileLock(dir, () => 'ok'), 'ok');
  });

  it('does not remove a lock that was taken over from it', () => {
    const dir = freshProfile();
    const lock = acquireProfileLock(dir);
    writeFileSync(join(dir, LOCK_FILE), `${process.pid}\nsomebody-else\n`);
    lock.release();
    assert.equal(readFileSync(join(dir, LOCK_FILE), 'utf8'), `${process.pid}\nsomebody-else\n`);
  });
});
