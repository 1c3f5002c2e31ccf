// The status of a state dir's embedded supervisor, asked in this process rather than through
// the CLI: polling with a node process per look is slow on a busy machine.
import { join } from 'node:path';
import { connectControl } from '../../src/backends/embedded/client.js';
import type { SupervisorStatus } from '../../src/backends/embedded/control.js';

/** The supervisor's status, or null when none answers within `timeoutMs`. */
export const supervisorStatus = async (state: string, timeoutMs = 5000): Promise<SupervisorStatus | null> => {
  try {
    return await connectControl(join(state, 'run/procform/supervisor.sock'), { timeoutMs }).status();
  } catch {
    return null;
  }
};
