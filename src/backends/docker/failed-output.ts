/**
 * Keeping the output of a container that did not come up. The switch's way back removes
 * that container, and `docker logs` with it, so its output is copied first into the
 * deployment's log directory, where the error message can point: both streams in the order
 * they were written (the engine writes them to one file), the newest part only when it is
 * long, owned by whoever runs procform and not readable by the processes, as the embedded
 * supervisor's logs are.
 * @module
 */
import { spawn } from 'node:child_process';
import { closeSync, fstatSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { dockerCommand } from './engine.js';
import type { DockerContainer } from './record.js';

/** At most this many of the newest lines are copied… */
export const FAILED_LOG_LINES = 5000;
/** …and at most this many bytes of them (the newest). */
export const FAILED_LOG_BYTES = 1024 * 1024;
/** Lines of the end of the output quoted in the failure's reason. */
const QUOTED_LINES = 3;
/** Characters of each quoted line. */
const QUOTED_WIDTH = 200;

/** Where the output of a container that failed is kept: `<logDir>/procform/docker/<container>.failed.log`. */
export const failedLogPath = (logDir: string, container: string): string => join(logDir, 'procform', 'docker', `${container}.failed.log`);

/** Runs `docker logs` with both streams going to `fd`; rejects unless it exits 0. */
const copyLogs = (name: string, fd: number): Promise<void> =>
  new Promise((resolve, reject) => {
    const child = spawn(dockerCommand(), ['logs', `--tail=${FAILED_LOG_LINES}`, '--', name], { stdio: ['ignore', fd, fd] });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', (error) => { clearTimeout(timer); reject(error); });
    child.once('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${dockerCommand()} logs ${name} exited with ${code ?? 'a signal'}`));
    });
  });

/**
 * Keeps the header and the newest `FAILED_LOG_BYTES` of what follows it, cut at a line
 * start; returns where the output starts in the file.
 */
export const capFile = (path: string, headerBytes: number): number => {
  const fd = openSync(path, 'r');
  let kept: Buffer;
  let start: number;
  try {
    const size = fstatSync(fd).size;
    if (size - headerBytes <= FAILED_LOG_BYTES) return headerBytes;
    const header = readAt(fd, 0, headerBytes);
    const end = readAt(fd, size - FAILED_LOG_BYTES, FAILED_LOG_BYTES);
    const lineStart = end.indexOf(0x0a) + 1;
    const note = Buffer.from(`# procform: ${size - headerBytes - (FAILED_LOG_BYTES - lineStart)} earlier bytes left out\n`);
    kept = Buffer.concat([header, note, end.subarray(lineStart)]);
    start = header.length + note.length;
  } finally {
    closeSync(fd);
  }
  writeFileSync(path, kept);
  return start;
};

/** Reads `length` bytes at `position` (fewer at the end of the file). */
const readAt = (fd: number, position: number, length: number): Buffer => {
  const buffer = Buffer.alloc(length);
  return buffer.subarray(0, readSync(fd, buffer, 0, length, position));
};

/** The last lines of the output, which starts at byte `start`, quoted for a one-line reason. */
export const quotedEnd = (path: string, start: number): string[] => {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const from = Math.max(start, size - 64 * 1024);
    const lines = readAt(fd, from, size - from).toString('utf8').split('\n');
    if (lines.at(-1) === '') lines.pop();
    // A read that starts inside the output may start inside a line.
    if (from > start) lines.shift();
    return lines.slice(-QUOTED_LINES).map((line) => JSON.stringify(line.length > QUOTED_WIDTH ? `${line.slice(0, QUOTED_WIDTH)}…` : line));
  } finally {
    closeSync(fd);
  }
};

/**
 * Copies the output of `record`'s container, which did not come up for `reason`, into
 * `<logDir>/procform/docker/`, replacing the copy of an earlier failure. Resolves with the
 * reason extended by the file and the last lines; an output that cannot be copied is said
 * so in the reason.
 */
export const keepFailedOutput = async (record: DockerContainer, logDir: string, reason: string): Promise<string> => {
  const path = failedLogPath(logDir, record.name);
  const temporary = `${path}.${process.pid}.tmp`;
  const header = [
    `# procform: output of container ${record.name} (instance ${record.activation.instance} of deployment ${record.activation.deployment}, image ${record.image}),`,
    `# procform: copied at ${new Date().toISOString()} because it did not come up: ${reason.replaceAll('\n', ' ')}`,
    '',
  ].join('\n');
  let start: number;
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o750 });
    const fd = openSync(temporary, 'w', 0o640);
    try {
      writeSync(fd, header);
      await copyLogs(record.name, fd);
    } finally {
      closeSync(fd);
    }
    start = capFile(temporary, Buffer.byteLength(header));
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    return `${reason}; its output could not be kept (${(error as Error).message})`;
  }
  const end = quotedEnd(path, start);
  return `${reason}; its output is in ${path}${end.length === 0 ? ' (it printed nothing)' : `; last lines: ${end.join(', ')}`}`;
};
