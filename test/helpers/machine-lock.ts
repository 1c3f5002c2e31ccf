// A lock shared by the test files that run at the same time: tests that create and remove
// the same machine accounts (the webapps example's `webapp` and `nginx`, as root) take it, so
// one test's undeploy never removes an account another test's processes are about to use.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alive } from './wait.js';

const holderOf = (dir: string): number | null => {
  try {
    const pid = Number(readFileSync(join(dir, 'pid'), 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
};

/**
 * Takes the machine-wide lock `name`, waiting while another process holds it (a lock whose
 * holder died is taken over); the function returned gives it back.
 */
export const acquireMachineLock = async (name: string): Promise<() => void> => {
  const dir = join(tmpdir(), `procform-test-lock-${name}`);
  for (;;) {
    try {
      mkdirSync(dir);
      writeFileSync(join(dir, 'pid'), String(process.pid));
      return () => rmSync(dir, { recursive: true, force: true });
    } catch {
      const holder = holderOf(dir);
      // No pid yet: the holder is between mkdir and writing it; give it a moment.
      if (holder !== null && !alive(holder)) rmSync(dir, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
};
