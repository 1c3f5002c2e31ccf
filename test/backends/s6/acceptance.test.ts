// The shared acceptance sequence and oneshot case against a real s6-svscan.
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { s6 } from '../../../src/backends/s6/index.js';
import { runAcceptance, runOneshotCase } from '../../conformance/acceptance.js';

const available = (() => {
  try {
    execFileSync('sh', ['-c', 'command -v s6-svscan && command -v s6-log && command -v s6-svc'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

if (available || process.env.CI === 'true') {
  runAcceptance({ backend: s6, privileged: false });
  runAcceptance({ backend: s6, privileged: true });
  runOneshotCase({ backend: s6 });
} else {
  test('s6: real-manager tests', (t) => t.skip('s6 is not installed (apt-get install s6 execline)'));
}
