// PostgreSQL through psql, so the example needs no npm packages: connection settings come
// from the standard PG* environment variables, and values travel as psql variables, which
// psql quotes (:'name'), never spliced into SQL text.
import { execFile } from 'node:child_process';

const psql = process.env.PSQL ?? 'psql';

/**
 * Runs one statement; `vars` become psql variables usable as :'name'. Resolves to the rows,
 * each an array of column values.
 */
export const query = (statement, vars = {}) => new Promise((resolve, reject) => {
  const args = ['-X', '-q', '-A', '-t', '-F', '\t', '-v', 'ON_ERROR_STOP=1'];
  for (const [name, value] of Object.entries(vars)) args.push('-v', `${name}=${value}`);
  // Statements with variables must come on stdin: psql does not interpolate -c.
  const child = execFile(psql, args, (error, stdout, stderr) => {
    if (error) return reject(new Error(stderr.trim() || error.message));
    resolve(stdout === '' ? [] : stdout.replace(/\n$/, '').split('\n').map((line) => line.split('\t')));
  });
  child.stdin.end(`${statement}\n`);
});
