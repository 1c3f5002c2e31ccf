import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPrefixer, NAME_PALETTE } from './prefix.js';
import { MAX_PENDING_LINE } from './writer.js';

const b = (text: string): Buffer => Buffer.from(text);

describe('createPrefixer without colour', () => {
  it('pads names to the longest, marks stdout with | and stderr with !', () => {
    const prefix = createPrefixer({ names: ['web', 'database'], color: false });
    assert.equal(prefix('web', 'stdout', b('listening\n')), 'web      | listening\n');
    assert.equal(prefix('database', 'stderr', b('warning\nready\n')), 'database ! warning\ndatabase ! ready\n');
    assert.equal(prefix('web', 'stdout', b('\n')), 'web      |\n');
  });

  it('keeps partial lines per process and stream until they are completed', () => {
    const prefix = createPrefixer({ names: ['a', 'b'], color: false });
    assert.equal(prefix('a', 'stdout', b('hel')), '');
    assert.equal(prefix('b', 'stdout', b('other\npart')), 'b | other\n');
    assert.equal(prefix('a', 'stderr', b('err')), '');
    assert.equal(prefix('a', 'stdout', b('lo\nwor')), 'a | hello\n');
    assert.equal(prefix('a', 'stderr', b('or\n')), 'a ! error\n');
    assert.equal(prefix('a', 'stdout', b('ld\n')), 'a | world\n');
  });

  it('joins UTF-8 characters cut between chunks, and drops the CR of CRLF', () => {
    const prefix = createPrefixer({ names: ['a'], color: false });
    const bytes = b('€uro\r\n');
    assert.equal(prefix('a', 'stdout', bytes.subarray(0, 1)), '');
    assert.equal(prefix('a', 'stdout', bytes.subarray(1)), 'a | €uro\n');
  });

  it('flushes a process\'s unfinished lines as whole lines, stdout first', () => {
    const prefix = createPrefixer({ names: ['a', 'b'], color: false });
    prefix('a', 'stderr', b('dying'));
    prefix('a', 'stdout', b('no newline'));
    prefix('b', 'stdout', b('not mine'));
    assert.equal(prefix.flushPartial('a'), 'a | no newline\na ! dying\n');
    assert.equal(prefix.flushPartial('a'), '');
    assert.equal(prefix('b', 'stdout', b('\n')), 'b | not mine\n');
  });

  it('emits an endless line in bounded pieces', () => {
    const prefix = createPrefixer({ names: ['a'], color: false });
    let out = '';
    for (let i = 0; i < 100; i++) out += prefix('a', 'stdout', Buffer.alloc(1000, 'x'));
    assert.ok(out.length > 0 && out.split('\n').every((line) => line.length <= MAX_PENDING_LINE + 1000 + 4));
  });

  it('accepts a name it was not told about, widening the column', () => {
    const prefix = createPrefixer({ names: ['a'], color: false });
    assert.equal(prefix('late', 'stdout', b('x\n')), 'late | x\n');
    assert.equal(prefix('a', 'stdout', b('y\n')), 'a    | y\n');
  });
});

describe('createPrefixer with colour', () => {
  const esc = (code: number, text: string): string => `\u001b[${code}m${text}\u001b[0m`;

  it('gives each name a stable colour from the palette, in the order of the names', () => {
    const names = Array.from({ length: NAME_PALETTE.length + 1 }, (_, i) => `p${i}`);
    const prefix = createPrefixer({ names, color: true });
    const again = createPrefixer({ names, color: true });
    assert.equal(prefix('p1', 'stdout', b('x\n')), `${esc(NAME_PALETTE[1], 'p1  |')} x\n`);
    assert.equal(prefix('p1', 'stdout', b('x\n')), again('p1', 'stdout', b('x\n')));
    assert.equal(prefix(`p${NAME_PALETTE.length}`, 'stdout', b('x\n')), `${esc(NAME_PALETTE[0], `p${NAME_PALETTE.length} |`)} x\n`);
  });

  it('marks stderr with a red !, and never uses red for a name', () => {
    const prefix = createPrefixer({ names: ['web'], color: true });
    assert.equal(prefix('web', 'stderr', b('bad\n')), `${esc(NAME_PALETTE[0], 'web')} ${esc(31, '!')} bad\n`);
    assert.ok(!(NAME_PALETTE as readonly number[]).includes(31) && !(NAME_PALETTE as readonly number[]).includes(91));
  });
});
