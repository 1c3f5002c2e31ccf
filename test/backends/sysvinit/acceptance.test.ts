// The shared acceptance sequence and oneshot case, run against real init scripts.
import { sysvinit } from '../../../src/backends/sysvinit/index.js';
import { runAcceptance, runOneshotCase } from '../../conformance/acceptance.js';

runAcceptance({ backend: sysvinit, privileged: false });
runAcceptance({ backend: sysvinit, privileged: true });
runOneshotCase({ backend: sysvinit });
