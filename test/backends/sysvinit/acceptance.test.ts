// The shared acceptance sequence and hostile-values case, run against real init scripts.
import { sysvinit } from '../../../src/backends/sysvinit/index.js';
import { runAcceptance, runHostileCase, runOneshotCase } from '../../conformance/acceptance.js';

runAcceptance({ backend: sysvinit, privileged: false });
runAcceptance({ backend: sysvinit, privileged: true });
runHostileCase({ backend: sysvinit });
runOneshotCase({ backend: sysvinit });
