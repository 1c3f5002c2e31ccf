// The shared acceptance sequence and oneshot case against a real
// s6-rc (s6-rc-init, s6-rc-update, s6-rc change) on an s6-svscan of the test's own.
import { test } from 'node:test';
import { s6rc } from '../../../src/backends/s6-rc/index.js';
import { runAcceptance, runOneshotCase } from '../../conformance/acceptance.js';
import { firstMissing } from '../../helpers/programs.js';

const available = firstMissing(['s6-rc-compile', 's6-rc-update', 's6-svscan']) === undefined;

if (available || process.env.CI === 'true') {
  runAcceptance({ backend: s6rc, privileged: false });
  runAcceptance({ backend: s6rc, privileged: true });
  runOneshotCase({ backend: s6rc });
} else {
  test('s6-rc: real-manager tests', (t) => t.skip('s6-rc is not installed: Debian 12 has no package; build it with scripts/build-s6-rc (needs apt-get install gcc make libc6-dev skalibs-dev libs6-dev libexecline-dev s6 execline)'));
}
