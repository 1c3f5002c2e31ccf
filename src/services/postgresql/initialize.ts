/**
 * What runs before each start of a PostgreSQL server: `initdb` when the data directory has
 * no cluster yet, a refusal when it holds another major version's, and, when roles or
 * databases are declared, a private server on a socket only the server's account can reach
 * that applies them and stops. Dependents can only connect once the real server is ready,
 * so they never see a server without its roles.
 * @module
 */
import type { ProcessParams } from '../../model/params.js';
import { quoteShell } from '../../render/shell.js';
import { execAs, runAs } from '../common/run-as.js';
import { setupScript } from '../common/setup-script.js';
import type { PostgresqlRole } from './options.js';
import { passwordVariable, SUPERUSER } from './setup-sql.js';

/** What the initialize script needs to know. */
export interface InitializeInput {
  readonly name: string;
  readonly version: number;
  readonly binDir: string;
  readonly user: string;
  readonly dataDir: string;
  readonly port: number;
  readonly locale: string;
  readonly encoding: string;
  /** postgresql.conf in the store. */
  readonly configFile: string;
  /** Present when roles or databases are declared. */
  readonly setup?: {
    /** The private socket directory (mode 0700). */
    readonly socketDir: string;
    /** pg_hba.conf of the private server, in the store. */
    readonly hbaFile: string;
    /** The psql script, in the store. */
    readonly sqlFile: string;
    readonly roles: readonly PostgresqlRole[];
  };
}

const q = quoteShell;

/** In the data directory: the digest of the roles and databases applied last. */
export const STAMP_FILE = 'procform-setup.applied';

const rootCheck = (params: Pick<ProcessParams, 'forceDisableUserChange'>): string[] => params.forceDisableUserChange
  ? [`[ "$(id -u)" != 0 ] || fail 'PostgreSQL refuses to run as root: deploy as root without --force-disable-user-change, so that it runs as its own user, or deploy as an unprivileged user.'`]
  : [];

const cluster = (params: Pick<ProcessParams, 'forceDisableUserChange'>, input: InitializeInput): string[] => [
  'if [ -f "$data/PG_VERSION" ]; then',
  '  found=$(cat "$data/PG_VERSION")',
  `  [ "$found" = ${input.version} ] || fail "$data holds a PostgreSQL $found cluster and this is PostgreSQL ${input.version}. Upgrade it with pg_upgrade into a new dataDir, or set version back to $found; nothing was changed."`,
  'else',
  `  ${runAs(params, input.user)}"$bin/initdb" -D "$data" -U ${SUPERUSER} -E ${q(input.encoding)} --locale=${q(input.locale)} --auth-local=peer --auth-host=scram-sha-256 >/dev/null`,
  `  echo ${q(`created a PostgreSQL ${input.version} cluster in ${input.dataDir} (encoding ${input.encoding}, locale ${input.locale})`)}`,
  'fi',
];

const passwords = (roles: readonly PostgresqlRole[]): string[] => roles.flatMap((role, i) => {
  if (role.passwordFile === undefined) return [];
  const variable = passwordVariable(i);
  const file = q(role.passwordFile);
  return [
    `${variable}=$(cat -- ${file}) || fail ${q(`roles[${i}].passwordFile ${role.passwordFile} cannot be read`)}`,
    `[ -n "$${variable}" ] || fail ${q(`roles[${i}].passwordFile ${role.passwordFile} is empty`)}`,
    `export ${variable}`,
  ];
});

const setup = (params: Pick<ProcessParams, 'forceDisableUserChange'>, input: InitializeInput): string[] => {
  const { setup: s } = input;
  if (s === undefined) return [];
  const secrets = s.roles.flatMap((role, i) => (role.passwordFile === undefined ? [] : [`printf '%s\\0' "$${passwordVariable(i)}"`]));
  return [
    `setup=${q(s.socketDir)}`,
    ...passwords(s.roles),
    // What was applied last, as a digest of the script (a store path, so its content) and the
    // passwords: a restart with the same declaration skips the private server, which costs
    // seconds at every start.
    `stamp=$( { printf '%s\\n' ${q(s.sqlFile)}; ${[...secrets, ':'].join('; ')}; } | sha256sum | cut -d ' ' -f 1)`,
    `if [ -f "$data/${STAMP_FILE}" ] && [ "$(cat "$data/${STAMP_FILE}")" = "$stamp" ]; then`,
    "  echo 'roles and databases are as declared: applied at an earlier start, and neither they nor a password changed since'",
    'else',
    'echo "applying roles and databases through a private server on $setup"',
    // Not pg_ctl: the server must stay in this script's process group, so that stopping
    // `initialize` stops it too.
    `${execAs(params, input.user)}"$bin/postgres" -D "$data" -c config_file=${q(input.configFile)} -c hba_file=${q(s.hbaFile)} -c listen_addresses= -c unix_socket_directories="$setup" &`,
    'server=$!',
    'stop_setup_server() { kill -INT "$server" 2>/dev/null || :; wait "$server" || :; }',
    'trap stop_setup_server EXIT',
    "trap 'exit 1' INT TERM",
    `until "$bin/pg_isready" -q -h "$setup" -p ${input.port} -U ${SUPERUSER} -d postgres; do`,
    "  kill -0 \"$server\" 2>/dev/null || fail 'the server did not start to apply roles and databases; its messages are above'",
    '  sleep 0.1',
    'done',
    `"$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$setup" -p ${input.port} -U ${SUPERUSER} -d postgres -f ${q(s.sqlFile)} || fail 'applying roles and databases failed; psql said why above'`,
    'trap - EXIT INT TERM',
    // A smart shutdown: psql has left, so nothing is cut off.
    'kill -TERM "$server"',
    'wait "$server"',
    `printf '%s\\n' "$stamp" | ${runAs(params, input.user)}tee "$data/${STAMP_FILE}" >/dev/null`,
    "echo 'roles and databases applied'",
    'fi',
  ];
};

/** The initialize script's text. */
export const renderInitialize = (params: Pick<ProcessParams, 'forceDisableUserChange'>, input: InitializeInput): string => setupScript(
  `postgresql "${input.name}"`,
  [
    `Prepares PostgreSQL "${input.name}" before each start; generated by procform.`,
    'initdb once, a refusal of another major version\'s data, then roles and databases through a private server.',
  ],
  [
    `bin=${q(input.binDir)}`,
    `data=${q(input.dataDir)}`,
    ...rootCheck(params),
    ...cluster(params, input),
    ...setup(params, input),
  ],
);
