import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { extendedRegexOf } from './extended-regex.js';

const LINES = [
  'waiting for jobs', 'Waiting For Jobs!', 'ready to accept connections on port 5432', 'port 54x2', 'a.b', 'aXb', 'a{b}',
  "it's $HOME; `rm -rf /` {}", 'tab\there', 'café au lait', '[ok] done', 'x+y=z', 'a/b\\c', '', 'end$', 'foo|bar', 'aaa', 'ab',
];

/** The lines `grep -E` (as the generated scripts run it) selects. */
const grep = (pattern: string, ignoreCase: boolean): string[] => {
  const out = spawnSync('grep', ['-a', '-E', ...(ignoreCase ? ['-i'] : []), '-e', pattern], {
    input: `${LINES.join('\n')}\n`, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C.UTF-8' },
  });
  assert.ok(out.status === 0 || out.status === 1, `grep -E ${pattern}: ${out.stderr}`);
  return out.stdout === '' ? [] : out.stdout.replace(/\n$/, '').split('\n');
};

test('extended regex: every translated pattern selects exactly the lines JavaScript matches', () => {
  const patterns: [string, string][] = [
    ['waiting for jobs', ''], ['waiting for jobs', 'i'], ['port \\d+$', ''], ['^a.b$', ''], ['a\\.b', ''], ['a\\{b\\}', ''], ['a{b}', ''],
    ["it's \\$HOME; `rm -rf \\/` \\{\\}", ''], ['\\s', ''], ['\\w+\\s+\\w+', ''], ['caf. au', ''], ['\\[ok\\]', ''], ['[^a-z ]', ''],
    ['x\\+y', ''], ['a\\/b\\\\c', ''], ['', ''], ['end\\$', ''], ['foo\\|bar', ''], ['foo|port', ''], ['^a{3}$', ''], ['^a{1,}b?$', ''],
    ['(on|for) (jobs|port)', 'gm'], ['[.]', ''], ['[$`;]', ''], ['\\D', ''], ['\\W', ''], ['\\S', ''], ['a{,3}', ''], ['}', ''],
  ];
  for (const [source, flags] of patterns) {
    const ere = extendedRegexOf(source, flags);
    assert.ok(ere !== null, `${source} /${flags} is translated`);
    const js = new RegExp(source, flags.replace(/[gy]/g, ''));
    assert.deepEqual(grep(ere.pattern, ere.ignoreCase), LINES.filter((line) => js.test(line)), `/${source}/${flags} as ${ere.pattern}`);
  }
});

test('extended regex: what the dialects read differently is not translated', () => {
  for (const [source, flags] of [
    ['(?:a)', ''], ['(?=a)', ''], ['(?<n>a)', ''], ['a*?', ''], ['a+?', ''], ['a??', ''], ['a{2}?', ''], ['\\bword', ''], ['(a)\\1', ''],
    ['\\t', ''], ['\\n', ''], ['\\x41', ''], ['\\u0041', ''], ['\\p{L}', 'u'], ['[\\d]', ''], ['[]', ''], ['[^]', ''], ['[[:alpha:]]', ''],
    ['[a', ''], ['a\\', ''], ['line\nbreak', ''], ['a', 'v'],
  ] as const) {
    assert.equal(extendedRegexOf(source, flags), null, `/${source}/${flags}`);
  }
});
