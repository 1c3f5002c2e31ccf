// The shared acceptance sequence and oneshot case on procform's own
// supervisor, through its activator like every other backend: the daemon started for the
// deployment's state dir, switched over its control socket.
import { embedded } from '../../../src/backends/embedded/index.js';
import { runAcceptance, runOneshotCase } from '../../conformance/acceptance.js';

runAcceptance({ backend: embedded, privileged: false });
runAcceptance({ backend: embedded, privileged: true });
runOneshotCase({ backend: embedded });
