import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCommand } from './run-command.js';

test("until 'exit': what the command printed before it exited is all there, though a daemon it started keeps the pipes open", async () => {
  // 2 MB is more than a pipe holds, so much of it is still on its way when the command exits.
  const script = "head -c 2000000 /dev/zero | tr '\\\\0' x; sleep 5 &";
  const result = await runCommand('sh', ['-c', script], { until: 'exit', timeoutSeconds: 20 });
  assert.equal(result.code, 0);
  assert.equal(result.stdout.length, 2_000_000);
});
