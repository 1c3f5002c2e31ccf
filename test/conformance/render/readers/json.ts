// Readers of the backends whose manager reads a JSON document: agnostic's process.json,
// embedded's service.json (procform's own supervisor), docker's container.json (the
// activator's docker create).
import type { RenderReader } from './reader.js';
import { text } from './reader.js';

interface AgnosticProcess { foregroundProcess: string; foregroundProcessArgs: string[]; environment: Record<string, string>; user: string | null; group: string | null; dependencies: { instance: string }[]; readiness: { kind: string } | null }
export const agnostic: RenderReader = {
  launch: (entry) => {
    const p = JSON.parse(text(entry, 'process.json')) as AgnosticProcess;
    return { argv: [p.foregroundProcess, ...p.foregroundProcessArgs], env: p.environment };
  },
  account: (entry) => {
    const p = JSON.parse(text(entry, 'process.json')) as AgnosticProcess;
    return { user: p.user, group: p.group };
  },
  dependencies: (entry) => (JSON.parse(text(entry, 'process.json')) as AgnosticProcess).dependencies.map((d) => d.instance),
  notify: (entry) => (JSON.parse(text(entry, 'process.json')) as AgnosticProcess).readiness?.kind === 'notify',
};

interface EmbeddedService { command: string[]; environment: Record<string, string>; user: string | null; group: string | null; dependencies: string[]; readiness: { kind: string } | null }
const service = (entry: Parameters<RenderReader['launch']>[0]): EmbeddedService => JSON.parse(text(entry, 'service.json')) as EmbeddedService;
export const embedded: RenderReader = {
  launch: (entry) => ({ argv: service(entry).command, env: service(entry).environment }),
  account: (entry) => ({ user: service(entry).user, group: service(entry).group }),
  dependencies: (entry) => service(entry).dependencies,
  notify: (entry) => service(entry).readiness?.kind === 'notify',
};

interface DockerContainer { command: string[]; environment: Record<string, string>; user: string | null; group: string | null; activation: { dependencies: string[] } }
const container = (entry: Parameters<RenderReader['launch']>[0]): DockerContainer => JSON.parse(text(entry, 'container.json')) as DockerContainer;
export const docker: RenderReader = {
  launch: (entry) => {
    const { command, environment } = container(entry);
    // The entry's run script sets up the account and execs its arguments.
    return { argv: command[0] === `${entry.path}/run` ? command.slice(1) : command, env: environment };
  },
  account: (entry) => ({ user: container(entry).user, group: container(entry).group }),
  // The engine does not order containers: the dependencies are the activator's data only.
  dependencies: () => [],
};
