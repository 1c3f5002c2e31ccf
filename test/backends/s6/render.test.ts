// translate + render of the s6 and s6-rc backends: golden files for the webapps example,
// the s6-rc source tree's structure, refusals, and the execline quoting.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Backend } from '../../../src/deploy/backend.js';
import { s6 } from '../../../src/backends/s6/index.js';
import { s6rc } from '../../../src/backends/s6-rc/index.js';
import { quoteExecline, quoteExeclineArgv } from '../../../src/backends/s6-rc/quote.js';
import { backoffDelays } from '../../../src/backends/s6/translate.js';
import { computeBuild, type BuildResult } from '../../../src/build/build.js';
import { InputError } from '../../../src/errors.js';
import { loadDefinition } from '../../../src/model/load.js';
import { goldenDirectory } from '../../helpers/golden.js';
import { testParams } from '../../helpers/params.js';
import { HOSTILE_VALUES } from '../../conformance/hostile.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const examples = join(root, 'examples/webapps');
const golden = goldenDirectory(import.meta.url, ['s6-webapps', 's6-webapps-daemon', 's6-rc-webapps', 's6-rc-webapps-daemon']);

const build = async (backend: Backend, model: string, extraParams: Record<string, unknown> = {}): Promise<BuildResult> =>
  computeBuild({ definition: await loadDefinition(model), params: { ...testParams('/srv/pf'), processManager: backend.name, extraParams }, backend, sourceFile: model });

/** Every file of every process entry, by instance, with the checkout's path made neutral. */
const filesOf = (result: BuildResult): Map<string, Map<string, string>> => {
  const out = new Map<string, Map<string, string>>();
  for (const [instance, entry] of result.processEntries) {
    const files = new Map<string, string>();
    for (const node of entry.files) files.set(node.path, node.kind === 'file' ? node.content.replaceAll(root, '<root>/') : `-> ${node.target}`);
    out.set(instance, files);
  }
  return out;
};

const checkGolden = (name: string, result: BuildResult): void =>
  golden.match(name, new Map([...filesOf(result)].flatMap(([instance, files]) => [...files].map(([path, content]) => [`${instance}/${path}`, content] as const))));

describe('s6 rendering', () => {
  test('the webapps example matches the golden files', async () => {
    checkGolden('s6-webapps', await build(s6, join(examples, 'processes.ts')));
    checkGolden('s6-webapps-daemon', await build(s6, join(examples, 'processes.ts'), { webappMode: 'daemon' }));
  });

  test('the service directory has the s6 control files', async () => {
    const files = filesOf(await build(s6, join(examples, 'processes.ts'))).get('webapp')!;
    // inputs.json: the digest of the webapp's own script, which lies outside system directories.
    assert.deepEqual([...files.keys()].sort(), ['down', 'down-signal', 'finish', 'inputs.json', 'log/run', 'procform.json', 'run', 'timeout-finish', 'timeout-kill']);
    assert.equal(files.get('down-signal'), 'SIGTERM\n');
    assert.equal(files.get('timeout-kill'), '10000\n');
    assert.match(files.get('run')!, /\nexec s6-setuidgid webapp env -i -- /);
    assert.match(files.get('log/run')!, /exec s6-log -b -- n10 s1000000 T \/srv\/pf\/log\/procform\/s6\/webapp\n/);
    assert.match(files.get('finish')!, /-gt 10 \]/);
  });

  test('backoff delays grow to the maximum and stop there', () => {
    assert.deepEqual(backoffDelays(1, 2, 30, 10), [1, 2, 4, 8, 16, 30]);
    assert.deepEqual(backoffDelays(0.5, 1, 30, 3), [0.5]);
    assert.deepEqual(backoffDelays(1, 2, 30, 0), [1]);
  });

  test('shell syntax of every script is valid', async () => {
    for (const extra of [{}, { webappMode: 'daemon' }]) {
      for (const files of filesOf(await build(s6, join(examples, 'processes.ts'), extra)).values()) {
        for (const [path, content] of files) if (/(^|\/)(run|finish)$/.test(path)) execFileSync('sh', ['-n', '-c', content]);
      }
    }
  });
});

/** Merges the entries of a build into one s6-rc source tree, as the user would with cp. */
const sourceTree = (result: BuildResult): Map<string, string> => {
  const tree = new Map<string, string>();
  for (const files of filesOf(result).values()) {
    for (const [path, content] of files) {
      const existing = tree.get(path);
      assert.ok(existing === undefined || existing === content, `two entries disagree on ${path}`);
      tree.set(path, content);
    }
  }
  return tree;
};

/**
 * Checks an s6-rc source tree the way s6-rc-compile would, as far as structure goes; like
 * s6-rc-compile, it skips names starting with a dot (where the inputs digests are).
 */
const checkStructure = (tree: Map<string, string>): void => {
  const services = new Set([...tree.keys()].map((p) => p.split('/')[0]!).filter((name) => !name.startsWith('.')));
  const pipelines = new Set<string>();
  for (const service of services) {
    const type = tree.get(`${service}/type`)?.trim();
    assert.ok(type === 'longrun' || type === 'oneshot' || type === 'bundle', `${service}: type ${type}`);
    assert.match(service, /^[A-Za-z0-9_.-]{1,255}$/);
    if (type === 'longrun') assert.ok(tree.has(`${service}/run`), `${service} has run`);
    if (type === 'oneshot') assert.ok(tree.has(`${service}/up`), `${service} has up`);
    if (type === 'bundle') assert.ok([...tree.keys()].some((p) => p.startsWith(`${service}/contents.d/`)), `${service} has contents`);
    const producerFor = tree.get(`${service}/producer-for`)?.trim();
    if (producerFor !== undefined) assert.equal(tree.get(`${producerFor}/consumer-for`)?.trim(), service, `${service} -> ${producerFor}`);
    const consumerFor = tree.get(`${service}/consumer-for`)?.trim();
    if (consumerFor !== undefined) {
      assert.equal(tree.get(`${consumerFor}/producer-for`)?.trim(), service, `${consumerFor} <- ${service}`);
      const pipeline = tree.get(`${service}/pipeline-name`)?.trim();
      if (pipeline !== undefined) {
        assert.ok(!services.has(pipeline), `pipeline name ${pipeline} is not also a service`);
        pipelines.add(pipeline);
      }
    }
  }
  const known = new Set([...services, ...pipelines]);
  for (const path of tree.keys()) {
    const match = /^([^/]+)\/(dependencies\.d|contents\.d)\/([^/]+)$/.exec(path);
    if (match) assert.ok(known.has(match[3]!), `${match[1]} refers to unknown ${match[3]}`);
  }
};

describe('s6-rc rendering', () => {
  test('the webapps example matches the golden files', async () => {
    checkGolden('s6-rc-webapps', await build(s6rc, join(examples, 'processes.ts')));
    checkGolden('s6-rc-webapps-daemon', await build(s6rc, join(examples, 'processes.ts'), { webappMode: 'daemon' }));
  });

  test('the merged source trees are structurally valid', async () => {
    for (const model of ['processes.ts', 'processes-advanced.ts']) {
      for (const extra of [{}, { webappMode: 'daemon' }, { proxy: 'nginx' }]) {
        const tree = sourceTree(await build(s6rc, join(examples, model), extra));
        checkStructure(tree);
        assert.equal(tree.get('default/type'), 'bundle\n');
      }
    }
  });

  test('a foreground process is a longrun with a logger pipeline and its dependencies', async () => {
    const tree = sourceTree(await build(s6rc, join(examples, 'processes.ts')));
    assert.equal(tree.get('webapp-srv/type'), 'longrun\n');
    assert.equal(tree.get('webapp-srv/producer-for'), 'webapp-log\n');
    assert.equal(tree.get('webapp-log/consumer-for'), 'webapp-srv\n');
    assert.equal(tree.get('webapp-log/pipeline-name'), 'webapp\n');
    assert.equal(tree.get('nginx-srv/dependencies.d/webapp'), '');
    assert.equal(tree.get('default/contents.d/webapp'), '');
    assert.equal(tree.get('default/contents.d/nginx'), '');
    // http readiness is emulated with s6-notifyoncheck, which notifies on fd 3.
    assert.equal(tree.get('webapp-srv/notification-fd'), '3\n');
    assert.match(tree.get('webapp-srv/run')!, /s6-notifyoncheck -3 3 -w 250 -T 60000 -n 0 -c /);
  });

  test('a daemon-only process is a oneshot whose down kills the pid in its pid file', async () => {
    const tree = sourceTree(await build(s6rc, join(examples, 'processes.ts'), { webappMode: 'daemon' }));
    assert.equal(tree.get('webapp/type'), 'oneshot\n');
    assert.equal(tree.get('webapp/down'), 'backtick -n PID { cat -- /srv/pf/tmp/webapp.pid } importas -u PID PID kill -s TERM -- $PID\n');
    assert.match(tree.get('webapp/up')!, /^\/bin\/sh -c ".*"\n$/);
  });

  test('the up line of a oneshot parses back to the shell script (execlineb)', { skip: !hasExecline() && process.env.CI !== 'true' }, async () => {
    const tree = sourceTree(await build(s6rc, join(examples, 'processes.ts'), { webappMode: 'daemon' }));
    const argv = JSON.parse(execFileSync('execlineb', ['-Pc', `${tree.get('webapp/up')!.trim().replace(/^\/bin\/sh/, 'node -e "console.log(JSON.stringify(process.argv.slice(1)))" --')}`], { encoding: 'utf8' })) as string[];
    assert.equal(argv[0], '-c');
    execFileSync('sh', ['-n', '-c', argv[1]!]);
    assert.match(argv[1]!, /webapp\.js' -D \|\| exit 1|webapp\.js -D \|\| exit 1/);
  });

  test('log readiness is left to the activator: no s6-notifyoncheck, no notification fd, the readiness in the record', async () => {
    const model = join(root, 'test/backends/s6/fixtures/log-readiness.ts');
    const tree = sourceTree(await build(s6rc, model));
    const [name] = [...tree.keys()].filter((path) => path.endsWith('-srv/run')).map((path) => path.slice(0, -'-srv/run'.length));
    assert.ok(name !== undefined);
    assert.doesNotMatch(tree.get(`${name}-srv/run`)!, /s6-notifyoncheck/);
    assert.equal(tree.get(`${name}-srv/notification-fd`), undefined);
    const record = JSON.parse(tree.get(`.procform-records/${name}.json`)!) as { check: unknown; settings: { readiness: { kind: string } } };
    assert.equal(record.check, null);
    assert.equal(record.settings.readiness.kind, 'log');
  });
});

function hasExecline(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v execlineb'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('execline quoting', () => {
  test('safe words stay bare; others are double-quoted with escapes', () => {
    assert.equal(quoteExecline('plain'), 'plain');
    assert.equal(quoteExecline(''), '""');
    assert.equal(quoteExecline('a b'), '"a b"');
    assert.equal(quoteExecline('say "hi"\n'), '"say \\"hi\\"\\n"');
    assert.equal(quoteExecline('$HOME ${PATH}'), '"\\$HOME \\${PATH}"');
    assert.equal(quoteExecline('{'), '"{"');
    assert.equal(quoteExecline('a\\b'), '"a\\\\b"');
    assert.equal(quoteExecline('\x01'), '"\\0x01"');
    assert.throws(() => quoteExecline('a\0b'), InputError);
  });

  test('hostile values reach the program exactly (execlineb)', { skip: !hasExecline() && process.env.CI !== 'true' }, () => {
    const values = [...HOSTILE_VALUES, '{', '}', '""', 'a\x01b\x1fc\x7f', 'cr\r', '\\0x41', '${PATH}', '$PATH', '$@', '${1}', 'importas', '#'];
    const line = quoteExeclineArgv(['node', '-e', 'console.log(JSON.stringify(process.argv.slice(1)))', ...values]);
    assert.deepEqual(JSON.parse(execFileSync('execlineb', ['-Pc', line], { encoding: 'utf8' })), values);
  });
});
