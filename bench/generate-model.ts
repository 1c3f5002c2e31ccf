// Writes a processes model with N instances: layered dependencies, environment,
// credentials, readiness and a generated config file per process, like a real stack.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes `processes.ts` for `count` processes into `dir`; returns its path. */
export const generateModel = (dir: string, count: number): string => {
  const file = join(dir, 'processes.ts');
  writeFileSync(file, `
import { createManagedProcess, defineProcesses, type ManagedProcess } from 'procform';

const service = (params: any, index: number, dependencies: ManagedProcess[]) => {
  const name = \`svc\${index}\`;
  const config = params.writeFile({ name: \`\${name}.conf\`, text: \`listen = \${10000 + index}\\nworkers = 4\\n\` });
  return createManagedProcess({
    name,
    description: \`Service number \${index}\`,
    foregroundProcess: '/bin/sleep',
    args: ['100000', '--config', config],
    environment: { PORT: 10000 + index, NAME: name, MODE: 'production' },
    user: name,
    credentials: { users: { [name]: { group: name, description: name } }, groups: { [name]: {} } },
    dependencies,
    readiness: { kind: 'tcp', port: 10000 + index },
    restart: { policy: 'on-failure', maxRestarts: 5 },
    stateDirs: [\`\${params.libDir}/\${name}\`],
  });
};

export default defineProcesses((params) => {
  const instances: Record<string, { pkg: ManagedProcess; port: number }> = {};
  const pkgs: ManagedProcess[] = [];
  for (let i = 0; i < ${count}; i++) {
    const deps = i === 0 ? [] : [pkgs[Math.floor((i - 1) / 2)]!];
    const pkg = service(params, i, deps);
    pkgs.push(pkg);
    instances[\`svc\${i}\`] = { pkg, port: 10000 + i };
  }
  return instances;
});
`);
  return file;
};

/** A Procfile with the same processes, for peers that read one. */
export const generateProcfile = (dir: string, count: number): string => {
  const file = join(dir, 'Procfile');
  const lines = Array.from({ length: count }, (_, i) => `svc${i}: env PORT=${10000 + i} NAME=svc${i} MODE=production /bin/sleep 100000`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
};
