// The image as data: what each manager's image holds, determinism, and hostile values in
// the accounts, directories, settings and references — passed exactly or refused.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { imageContext } from '../../src/image/context.js';
import { copyLine } from '../../src/image/dockerfile.js';
import { pathsToCopy } from '../../src/image/host-paths.js';
import { checkBaseImage, checkImageTag } from '../../src/image/reference.js';
import { IMAGE_MANAGERS, type ImageContext, type ImageFile } from '../../src/image/types.js';
import { DEFAULT_NOLOGIN, groupadd, useradd } from '../../src/deploy/credentials-commands.js';
import { InputError } from '../../src/errors.js';
import { procform } from '../helpers/cli.js';
import { imageInputOf, imageParams, webappsCopy } from './helpers.js';
import { computeBuild } from '../../src/build/build.js';
import { realizeWithPostInstall } from '../../src/build/realize.js';
import { sysvinit } from '../../src/backends/sysvinit/index.js';
import { loadDefinition } from '../../src/model/load.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const webapps = join(root, 'examples/webapps/processes.ts');
const exampleIds = (JSON.parse(readFileSync(join(root, 'examples/webapps/ids.json'), 'utf8')) as { ids: Record<string, Record<string, number>> }).ids;

/** Temp dirs made by this file, removed at the end. */
const temporary: string[] = [];
const tempDir = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
};
after(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

const file = (context: ImageContext, path: string): ImageFile => {
  const item = context.items.find((i) => i.path === path);
  assert.ok(item !== undefined && item.kind === 'file', `${path} is a file of the image`);
  return item;
};

/** A directory of commands that record their name and arguments (NUL-separated, counted). */
const recorder = (names: readonly string[], exitCodes: Readonly<Record<string, number>> = {}): { bin: string; calls: () => string[][] } => {
  const dir = tempDir('pf-image-rec-');
  const log = join(dir, 'calls');
  writeFileSync(log, '');
  mkdirSync(join(dir, 'bin'));
  for (const name of names) {
    const script = join(dir, 'bin', name);
    writeFileSync(script, `#!/bin/sh\nprintf '%s\\0' "\${0##*/}" "$#" "$@" >> '${log}'\nexit ${exitCodes[name] ?? 0}\n`);
    chmodSync(script, 0o755);
  }
  const calls = (): string[][] => {
    const words = readFileSync(log, 'utf8').split('\0');
    const out: string[][] = [];
    for (let i = 0; i + 1 < words.length;) {
      const count = Number(words[i + 1]);
      out.push([words[i]!, ...words.slice(i + 2, i + 2 + count)]);
      i += 2 + count;
    }
    return out;
  };
  return { bin: join(dir, 'bin'), calls };
};

for (const manager of IMAGE_MANAGERS) {
  test(`${manager}: the webapps image holds the generation, the accounts with their ids, and tini runs the start script`, async () => {
    const input = await imageInputOf(webapps, manager, { ids: exampleIds });
    const context = imageContext(input);
    const { dockerfile } = context;
    assert.match(dockerfile, /^FROM debian:bookworm-slim$/m);
    assert.match(dockerfile, /^ENTRYPOINT \["tini","--"\]$/m);
    assert.match(dockerfile, /^CMD \["\/etc\/procform\/image\/start"\]$/m);
    assert.match(dockerfile, /^STOPSIGNAL SIGTERM$/m);
    // One COPY per root, never the whole of / (which would reset modes such as /tmp's).
    assert.deepEqual(dockerfile.split('\n').filter((l) => l.startsWith('COPY')), context.roots.map((r) => `COPY ${JSON.stringify([`rootfs${r}`, r])}`));
    assert.ok(!context.roots.includes('/'));
    for (const entry of input.build.entries) {
      for (const node of entry.files) assert.ok(context.items.some((i) => i.path === `${entry.path}/${node.path}`), `${entry.path}/${node.path} is in the image`);
    }
    const setup = file(context, '/etc/procform/image/setup').content;
    assert.match(setup, /useradd -u 2001 -g webapp -c Webapp -d \/nonexistent -s \/usr\/sbin\/nologin -M webapp/);
    assert.match(setup, /groupadd -g 2000 nginx/);
    assert.deepEqual(context.description.processes, ['webapp', 'nginx']);
    assert.equal(context.description.generation, input.build.generation.path);
    assert.equal(context.description.stopTimeout, 20);
    // Every generated shell script parses.
    for (const item of context.items) {
      if (item.kind === 'file' && item.executable && item.content.startsWith('#!/bin/sh') && !item.path.includes('/store/')) {
        const checked = spawnSync('sh', ['-n'], { input: item.content, encoding: 'utf8' });
        assert.equal(checked.status, 0, `${item.path}: ${checked.stderr}`);
      }
    }
    const start = file(context, '/etc/procform/image/start').content;
    const main = { embedded: /exec \/usr\/local\/bin\/procform image-run --generation \//, supervisord: /^supervisord -n -c \S+ &$/m, s6: /^s6-svscan \S+ &$/m, sysvinit: /stop nginx .*\n.*stop webapp / }[manager];
    assert.match(start, main);
    // procform starts the processes in every image, so every base image is checked for Node.js 20.
    assert.match(dockerfile, /^RUN node -e 'process.exit\(Number\(process.versions.node.split\("."\)\[0\]\) >= 20/m);
    if (manager !== 'embedded') assert.match(start, new RegExp(`^/usr/local/bin/procform image-up --generation ${input.build.generation.path} -P ${manager}( &| \\|\\| exit 1)$`, 'm'));
  });
}

test('the s6 image stops services in reverse dependency order from .s6-svscan/SIGTERM, and supervisord runs only the linked programs', async () => {
  const s6 = imageContext(await imageInputOf(webapps, 's6', { ids: exampleIds }));
  const scan = '/var/lib/procform/managers/s6/scan';
  assert.deepEqual(s6.items.filter((i) => i.path.startsWith(`${scan}/.s6-svscan/`)).map((i) => [i.path, i.kind === 'link' ? i.target : null]),
    [[`${scan}/.s6-svscan/SIGINT`, '/etc/procform/image/s6-down'], [`${scan}/.s6-svscan/SIGTERM`, '/etc/procform/image/s6-down']]);
  const down = file(s6, '/etc/procform/image/s6-down').content.split('\n').filter((l) => l.startsWith('down ') || l.startsWith('exec '));
  assert.deepEqual(down, [`down nginx ${scan}/nginx 20000`, `down webapp ${scan}/webapp 20000`, `exec s6-svscanctl -t ${scan}`]);
  // No service directory in the image: procform image-up installs them at the start, as the activator does on a machine.
  assert.deepEqual(s6.items.filter((i) => i.path.startsWith(`${scan}/`) && !i.path.startsWith(`${scan}/.s6-svscan/`)), []);

  const sv = imageContext(await imageInputOf(webapps, 'supervisord', { ids: exampleIds }));
  const conf = file(sv, '/var/lib/procform/managers/supervisord/supervisord.conf').content;
  assert.doesNotMatch(conf, /\[program:/, 'no program of its own: procform image-up starts the linked ones');
  assert.match(conf, /^files = \/var\/lib\/procform\/managers\/supervisord\/conf\.d\/\*\.conf$/m);
  for (const program of ['webapp', 'nginx']) {
    const link = sv.items.find((i) => i.path === `/var/lib/procform/managers/supervisord/conf.d/${program}.conf`);
    assert.ok(link?.kind === 'link' && /\/var\/lib\/procform\/store\/[a-z0-9]{32}-.*\/program\.conf$/.test(link.target));
  }
});

test('the same model gives the same Dockerfile and the same context, byte for byte', async () => {
  for (const manager of IMAGE_MANAGERS) {
    const first = imageContext(await imageInputOf(webapps, manager, { ids: exampleIds }));
    const second = imageContext(await imageInputOf(webapps, manager, { ids: exampleIds }));
    assert.equal(first.dockerfile, second.dockerfile, manager);
    assert.deepEqual(first.items, second.items, manager);
    assert.deepEqual(first.items.map((i) => i.path), [...first.items.map((i) => i.path)].sort(), `${manager}: items are sorted`);
  }
});

const HOSTILE_USER = `svc '$(touch /tmp/pf-pwned)' \`id\` "q" ; # x`;
const HOSTILE_GROUP = `grp $HOME 'it''s'`;
const HOSTILE_DESCRIPTION = `it's "$(id)" \`id\` ; rm -rf / # %n \\ end`;
const HOSTILE_HOME = `/srv/home of '${'$'}{USER}' "x" \\ $(id)`;
const HOSTILE_STATE = [`/srv/state/a b/'q'/$(id)/*`, `/srv/st"ate\n2`];

const hostileModel = (): string => {
  const dir = tempDir('pf-image-hostile-');
  const model = join(dir, 'hostile.ts');
  writeFileSync(model, [
    "import { createManagedProcess, defineProcesses } from 'procform';",
    `const user = ${JSON.stringify(HOSTILE_USER)};`,
    `const group = ${JSON.stringify(HOSTILE_GROUP)};`,
    'export default defineProcesses(() => ({',
    '  svc: {',
    '    pkg: createManagedProcess({',
    "      foregroundProcess: '/bin/sleep', args: ['1000'], user,",
    `      credentials: { groups: { [group]: { gid: 3000 } }, users: { [user]: { uid: 3000, group, description: ${JSON.stringify(HOSTILE_DESCRIPTION)}, homeDir: ${JSON.stringify(HOSTILE_HOME)}, createHomeDir: true, shell: '/bin/sh' } } },`,
    `      stateDirs: [${JSON.stringify(HOSTILE_STATE[0])}, { path: ${JSON.stringify(HOSTILE_STATE[1])}, mode: '0700', user, group }],`,
    '    }),',
    '  },',
    '}));',
    '',
  ].join('\n'));
  return model;
};

test('hostile accounts and state directories reach groupadd, useradd, mkdir, chmod and chown exactly', async () => {
  const model = hostileModel();
  const context = imageContext(await imageInputOf(model, 'embedded'));
  const setup = file(context, '/etc/procform/image/setup').content;
  const { bin, calls } = recorder(['getent', 'groupadd', 'useradd', 'mkdir', 'chmod', 'chown'], { getent: 2 });
  const run = spawnSync('/bin/sh', ['-c', setup], { env: { PATH: `${bin}:/usr/bin:/bin` }, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const user = { uid: 3000, group: HOSTILE_GROUP, extraGroups: [], description: HOSTILE_DESCRIPTION, homeDir: HOSTILE_HOME, createHomeDir: true, shell: '/bin/sh', createHomeDirOnly: false };
  const owner = `${HOSTILE_USER}:${HOSTILE_GROUP}`;
  assert.deepEqual(calls(), [
    ['getent', 'group', HOSTILE_GROUP],
    groupadd(HOSTILE_GROUP, { gid: 3000 }),
    ['getent', 'passwd', HOSTILE_USER],
    useradd(HOSTILE_USER, user, DEFAULT_NOLOGIN),
    ...HOSTILE_STATE.flatMap((path, index) => [['mkdir', '-p', '--', path], ['chmod', index === 0 ? '0750' : '0700', '--', path], ['chown', owner, '--', path]]),
  ]);
});

test('a mutable image carries procform and the model, not a generation; its procform sees the image settings exactly', async () => {
  const extraParams = `{"note":"it's \\"$(id)\\" \`id\` $HOME ; # %n"}`;
  const storeDir = `/var/lib/it's "a" store`;
  const input = await imageInputOf(webapps, 'embedded', { mutable: true, ids: exampleIds, extraParams, storeDir });
  const context = imageContext(input);
  assert.equal(context.description.generation, null);
  assert.ok(!context.items.some((i) => i.path.startsWith(storeDir)), 'no store entry: the first start builds the model');
  assert.ok(context.items.some((i) => i.kind === 'copy' && i.path === '/etc/procform/model' && i.from === join(root, 'examples/webapps')));
  assert.ok(context.items.some((i) => i.kind === 'copy' && i.path === '/opt/procform/dist'));
  assert.ok(context.items.some((i) => i.kind === 'copy' && i.path === '/opt/procform/node_modules/commander'));
  assert.match(file(context, '/etc/procform/image/start').content, /^exec \/usr\/local\/bin\/procform image-run$/m);
  // The wrapper, run with a stand-in node that prints what it was given.
  const { bin } = recorder([]);
  writeFileSync(join(bin, 'node'), '#!/bin/sh\nexec /usr/bin/env\n');
  chmodSync(join(bin, 'node'), 0o755);
  const wrapper = file(context, '/usr/local/bin/procform').content;
  const env = spawnSync('/bin/sh', ['-c', wrapper, 'procform'], { env: { PATH: `${bin}:/usr/bin:/bin`, PROCFORM_LOG_DIR: '/elsewhere' }, encoding: 'utf8' }).stdout;
  const seen = new Map(env.split('\n').filter((l) => l.startsWith('PROCFORM_')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  assert.equal(seen.get('PROCFORM_EXTRA_PARAMS'), extraParams);
  assert.equal(seen.get('PROCFORM_STORE_DIR'), storeDir);
  assert.equal(seen.get('PROCFORM_PROCESSES'), '/etc/procform/model/processes.ts');
  assert.equal(seen.get('PROCFORM_PROCESS_MANAGER'), 'embedded');
  assert.equal(seen.get('PROCFORM_LOG_DIR'), '/elsewhere', 'a variable the caller sets wins');
  // With another manager, procform starts that manager: it is checked for, and named to procform.
  const s6 = imageContext({ ...input, manager: 's6' });
  assert.match(s6.dockerfile, /command -v s6-svscan >\/dev\/null 2>&1 \|\| missing="\$missing s6"/);
  assert.match(file(s6, '/usr/local/bin/procform').content, /PROCFORM_PROCESS_MANAGER=s6;/);
});

test('references and paths that would change the Dockerfile are refused with the reason', async () => {
  for (const good of ['debian:bookworm-slim', 'localhost/procform-test-base:bookworm', 'registry.example:5000/team/base:1.2', 'node@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef']) assert.equal(checkBaseImage(good), good);
  for (const bad of ['', 'Debian', 'debian:bookworm\nRUN rm -rf /', 'debian bookworm', 'debian:$TAG', '"quoted"', 'a'.repeat(300)]) {
    assert.throws(() => checkBaseImage(bad), (e: Error) => e instanceof InputError && e.message.includes('--base'), JSON.stringify(bad));
  }
  assert.equal(checkImageTag('localhost/webapps:test'), 'localhost/webapps:test');
  for (const bad of ['Webapps:1', 'webapps:1 x', 'webapps@sha256:00', '-x']) assert.throws(() => checkImageTag(bad), InputError, bad);
  for (const bad of ['/srv/a*b', '/srv/$HOME', '/srv/a?b', '/srv/[x]', '/srv/a\\b']) assert.throws(() => copyLine(bad), (e: Error) => e instanceof InputError && /COPY/.test(e.message), bad);
  assert.equal(copyLine(`/srv/it's "x"`), 'COPY ["rootfs/srv/it\'s \\"x\\"","/srv/it\'s \\"x\\""]');
  await assert.rejects(imageInputOf(webapps, 'supervisord', { ids: exampleIds, base: 'debian\nRUN x' }).then(imageContext), InputError);
  await assert.rejects(imageInputOf(webapps, 'sysvinit', { ids: exampleIds, storeDir: '/var/lib/$store' }).then(imageContext), /COPY would read/);
  await assert.rejects(imageInputOf(webapps, 'sysvinit', { ids: exampleIds, storeDir: '/var/lib/a\nb' }).then(imageContext), /cannot be placed in the image/);
});

test('procform image: --help explains it; missing -o or --tag is refused before anything is built', () => {
  const help = procform(['image', '--help']);
  assert.equal(help.code, 0);
  for (const word of ['supervisord', 's6', 'sysvinit', 'embedded', '--mutable', '--build', '--stop-timeout', '--base', 'tini']) assert.ok(help.stdout.includes(word), word);
  assert.equal(procform(['image-run', '--help']).code, 0);
  assert.doesNotMatch(procform(['--help']).stdout, /image-run/, 'the image entry point is hidden');
  const noOutput = procform(['image', '-f', webapps]);
  assert.equal(noOutput.code, 2);
  assert.match(noOutput.stderr, /-o DIR/);
  const noTag = procform(['image', '-f', webapps, '--build']);
  assert.equal(noTag.code, 2);
  assert.match(noTag.stderr, /--build needs --tag/);
  const badManager = procform(['image', '-f', webapps, '-P', 'systemd', '-o', join(tmpdir(), 'never')]);
  assert.equal(badManager.code, 100);
  assert.match(badManager.stderr, /Allowed choices are embedded, supervisord, s6, sysvinit/);
});

test('procform image -o writes the context a builder reads, and --json says where', () => {
  const out = join(tempDir('pf-image-out-'), 'context');
  const extra = join(tempDir('pf-image-include-'), 'data');
  mkdirSync(extra);
  writeFileSync(join(extra, 'seed.txt'), 'seed\n');
  const run = procform(['image', '-f', webapps, '-P', 's6', '-o', out, '--tag', 'localhost/webapps:1', '--include', extra, '--json']);
  assert.equal(run.code, 0, run.stderr);
  const json = JSON.parse(run.stdout) as { context: string; dockerfile: string; tag: string; built: boolean; processes: string[]; stopTimeout: number };
  assert.deepEqual([json.context, json.dockerfile, json.tag, json.built], [out, join(out, 'Dockerfile'), 'localhost/webapps:1', false]);
  assert.deepEqual(json.processes, ['webapp', 'nginx']);
  const dockerfile = readFileSync(json.dockerfile, 'utf8');
  assert.ok(dockerfile.includes(`COPY ${JSON.stringify([`rootfs${extra}`, extra])}`), 'the included directory is copied to its own path');
  assert.equal(readFileSync(join(out, 'rootfs', extra, 'seed.txt'), 'utf8'), 'seed\n');
  // procform runs in the image: the base image is checked for Node.js 20.
  assert.match(dockerfile, /needs Node.js 20 or later, but the base image has/);
  for (const line of dockerfile.split('\n').filter((l) => l.startsWith('COPY'))) {
    const [source] = JSON.parse(line.slice('COPY '.length)) as [string, string];
    assert.ok(execFileSync('ls', ['-d', join(out, source)], { encoding: 'utf8' }).trim() !== '', source);
  }
  // Writing again replaces the context; a directory procform did not write is refused.
  assert.equal(procform(['image', '-f', webapps, '-P', 's6', '-o', out, '-q']).code, 0);
  const foreign = tempDir('pf-image-foreign-');
  writeFileSync(join(foreign, 'keep.txt'), 'mine');
  const refused = procform(['image', '-f', webapps, '-o', foreign, '-q']);
  assert.equal(refused.code, 2);
  assert.equal(readFileSync(join(foreign, 'keep.txt'), 'utf8'), 'mine');
});

test('procform image -o DIR inside the model directory: only what the processes run is copied, never the context itself', () => {
  const { dir } = webappsCopy({ webapp: 5000, proxy: 8080 });
  temporary.push(dir);
  const modelDir = join(dir, 'webapps');
  // Unrelated files next to the model, and a context written here before.
  mkdirSync(join(modelDir, 'data'));
  writeFileSync(join(modelDir, 'data', 'big.bin'), Buffer.alloc(1 << 20));
  writeFileSync(join(modelDir, 'notes.txt'), 'notes\n');
  for (const args of [['-P', 's6', '-o', 'image-ctx'], ['-P', 's6', '-o', 'image-ctx'], ['--mutable', '-o', 'image-ctx-mutable']]) {
    const run = procform(['image', '-f', 'processes.ts', ...args, '-q'], { cwd: modelDir });
    assert.equal(run.code, 0, `${args.join(' ')}: ${run.stderr}`);
  }
  const rootfs = join(modelDir, 'image-ctx', 'rootfs');
  // The executables the processes run, at their own paths; nothing else of the model directory.
  assert.deepEqual(readdirSync(join(rootfs, modelDir)), ['bin']);
  assert.deepEqual(readdirSync(join(rootfs, modelDir, 'bin')).sort(), ['proxy.js', 'webapp.js']);
  assert.equal(readFileSync(join(rootfs, modelDir, 'bin', 'webapp.js'), 'utf8'), readFileSync(join(modelDir, 'bin', 'webapp.js'), 'utf8'));
  // A mutable image carries the model's directory (its source), without any context procform wrote.
  const copied = readdirSync(join(modelDir, 'image-ctx-mutable', 'rootfs', 'etc/procform/model')).sort();
  assert.ok(copied.includes('processes.ts') && copied.includes('constructors'), copied.join(' '));
  assert.ok(!copied.includes('image-ctx') && !copied.includes('image-ctx-mutable'), copied.join(' '));
});

test('an immutable image copies the executables and path arguments its processes name, and creates their working directories', async () => {
  const app = tempDir('pf-image-paths-');
  for (const [path, content] of [['bin/server', '#!/bin/sh\n'], ['conf/app.conf', 'x\n'], ['www/static/index.html', 'hi\n'], ['data/big.bin', 'unrelated\n']] as const) {
    mkdirSync(dirname(join(app, path)), { recursive: true });
    writeFileSync(join(app, path), content);
  }
  const model = join(app, 'model.ts');
  writeFileSync(model, [
    "import { createManagedProcess, defineProcesses } from 'procform';",
    `const app = ${JSON.stringify(app)};`,
    'export default defineProcesses(() => ({',
    "  web: { pkg: createManagedProcess({ foregroundProcess: `${app}/bin/server`, args: [`--config=${app}/conf/app.conf`, 'static/index.html', '-v', 'missing.txt'], directory: `${app}/www` }) },",
    "  tool: { pkg: createManagedProcess({ foregroundProcess: '/usr/bin/env', args: ['/opt/pf-tools/run.sh', '/var/lib/pf-state', '/etc/hostname', `${app}/bin`] }) },",
    '}));',
    '',
  ].join('\n'));
  const input = await imageInputOf(model, 'sysvinit');
  // bin/ holds bin/server; /usr, /var, /etc belong to the base image; /opt/pf-tools does not exist here.
  assert.deepEqual(input.copies, [`${app}/bin`, `${app}/conf/app.conf`, `${app}/www/static/index.html`]);
  const context = imageContext(input);
  assert.ok(!context.items.some((i) => i.kind === 'copy' && (i.path === app || i.path.startsWith(`${app}/data`) || i.path === model)), 'neither the model directory nor the model is copied');
  assert.deepEqual(context.roots.filter((r) => r.startsWith(app)), [app], 'one COPY for what lies in the model directory');
  assert.match(file(context, '/etc/procform/image/setup').content, new RegExp(`^mkdir -p -- ${app}/www$`, 'm'));
  // Outside the model directory, a path is copied unless the system or the image's own directories hold it.
  const settings = imageParams('sysvinit');
  assert.deepEqual(pathsToCopy(input.build.model.processes, app, settings, () => true), ['/opt/pf-tools/run.sh', `${app}/bin`, `${app}/conf/app.conf`, `${app}/www/missing.txt`, `${app}/www/static/index.html`]);
});

test('entries with postInstall are realized outside the store, with the same hash a deployment gets', async () => {
  const dir = tempDir('pf-image-post-');
  const model = join(dir, 'post.ts');
  writeFileSync(model, [
    "import { createManagedProcess, defineProcesses } from 'procform';",
    'export default defineProcesses(() => ({',
    "  svc: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', args: ['1000'], postInstall: 'echo \"made in $out\" > \"$out/extra\"' }) },",
    '}));',
    '',
  ].join('\n'));
  const storeDir = join(dir, 'store');
  const input = await imageInputOf(model, 'sysvinit', { storeDir });
  const entry = input.build.processEntries.get('svc')!;
  const extra = imageContext(input).items.find((i) => i.path === `${entry.path}/extra`);
  assert.ok(extra?.kind === 'file');
  assert.equal(extra.content, `made in ${entry.path}\n`, 'the build directory is replaced by the entry path');
  assert.equal(existsSync(storeDir), false, 'nothing is written to the store directory of the image');
  const deployed = computeBuild({ definition: await loadDefinition(model), params: imageParams('sysvinit', { storeDir }), backend: sysvinit, sourceFile: model, realize: realizeWithPostInstall });
  assert.equal(deployed.processEntries.get('svc')!.path, entry.path);
});

test('declared inputs outside the model directory are copied to their own paths; those inside come with the model', async () => {
  const dir = tempDir('pf-image-inputs-');
  mkdirSync(join(dir, 'model/app'), { recursive: true });
  mkdirSync(join(dir, 'shared/templates'), { recursive: true });
  writeFileSync(join(dir, 'model/app/server.mjs'), '');
  writeFileSync(join(dir, 'shared/templates/page.html'), '<p>hi</p>\n');
  const model = join(dir, 'model/processes.ts');
  writeFileSync(model, [
    "import { createManagedProcess, defineProcesses } from 'procform';",
    'export default defineProcesses(() => ({',
    `  app: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', args: ['1000'], inputs: ['./app', ${JSON.stringify(join(dir, 'shared'))}, ${JSON.stringify(join(dir, 'shared/templates'))}] }) },`,
    '}));',
    '',
  ].join('\n'));
  const input = await imageInputOf(model, 'sysvinit');
  assert.deepEqual(input.includes, [join(dir, 'shared')]);
  const context = imageContext(input);
  assert.ok(context.items.some((item) => item.kind === 'copy' && item.path === join(dir, 'shared') && item.from === join(dir, 'shared')));
  assert.ok(context.roots.includes(join(dir, 'shared')));
});
