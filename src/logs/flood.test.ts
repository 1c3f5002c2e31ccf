import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { captureFlood } from './flood-capture.js';

const flood = resolve(dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/bin/flood.js');
const scratch = mkdtempSync(join(tmpdir(), 'procform-flood-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('capturing a flood', () => {
  it('captures 4,000,000 lines (200 MB) with none lost, rotating at 50 MB', async (t) => {
    const result = await captureFlood({ command: process.execPath, args: [flood, '4000000'], path: join(scratch, 'flood.log'), maxBytes: 50_000_000, keep: 10 });
    t.diagnostic(`${(result.bytes / 1e6).toFixed(0)} MB in ${result.files} files: ${result.totalMs.toFixed(0)} ms from spawn, ${result.ms.toFixed(1)} ms from the child's exit to the last byte written`);
    assert.equal(result.problem, null);
    assert.equal(result.lines, 4_000_000);
    assert.equal(result.bytes, 200_000_000);
    assert.equal(result.files, 4);
    assert.ok(result.intact);
  });

  it('keeps stdout and stderr lines whole when they interleave, across many rotations', async (t) => {
    const result = await captureFlood({ command: process.execPath, args: [flood, '500000', '--stderr-every', '7', '--width', '33'], path: join(scratch, 'mixed.log'), maxBytes: 1_000_000, keep: 100 });
    t.diagnostic(`${result.files} files, ${result.totalMs.toFixed(0)} ms from spawn`);
    assert.equal(result.problem, null);
    assert.equal(result.lines, 500_000);
    assert.equal(result.stderrLines, Math.floor(500_000 / 7));
  });

  it('reports lines dropped by retention as not intact', async () => {
    const result = await captureFlood({ command: process.execPath, args: [flood, '100000'], path: join(scratch, 'short.log'), maxBytes: 500_000, keep: 2 });
    assert.equal(result.intact, false);
    assert.match(result.problem ?? '', /expected line 0/);
  });
});
