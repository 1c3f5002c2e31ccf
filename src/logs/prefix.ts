/**
 * The terminal view of `procform up`: every process's output on one terminal, each line
 * prefixed with the process name, padded so that the text columns line up.
 *
 * A stdout line reads `web   | text`, a stderr line `web   ! text`: the separator marks
 * stderr in a way that survives copy-and-paste, `grep` and `NO_COLOR`. With colour, each
 * name has its own colour and the stderr `!` is red; red is never a name colour, so that it
 * always means stderr.
 * @module
 */
import { LineSplitter } from './line-splitter.js';
import { MAX_PENDING_LINE, type LogStream } from './writer.js';

/** What the prefixer needs to know up front. */
export interface PrefixerOptions {
  /** Every process name, in a fixed order (the model's): the order decides the colours. */
  readonly names: readonly string[];
  /** Whether to emit ANSI colours. */
  readonly color: boolean;
}

/**
 * Turns output chunks into prefixed terminal lines. Calling it with a chunk returns the
 * lines the chunk completes, each ended with a newline ('' when it completes none); an
 * unfinished line waits for the rest of its stream, so interleaved processes and streams
 * never break each other's lines.
 */
export interface Prefixer {
  (name: string, stream: LogStream, chunk: Buffer): string;
  /** The unfinished lines of a process (stdout first), as whole lines; call it when the process exits. */
  flushPartial(name: string): string;
}

/** Name colours (SGR codes), cycled over the names: no red, which marks stderr. */
export const NAME_PALETTE = [36, 33, 32, 35, 34, 96, 93, 92, 95, 94] as const;

const sgr = (code: number, text: string): string => `\u001b[${code}m${text}\u001b[0m`;
const RED = 31;

/** Creates a {@link Prefixer}. Pure: it returns text and writes nothing. */
export const createPrefixer = ({ names, color }: PrefixerOptions): Prefixer => {
  const known: string[] = [...names];
  let width = Math.max(0, ...known.map((name) => name.length));
  const splitters = new Map<string, LineSplitter>();

  const splitter = (name: string, stream: LogStream): LineSplitter => {
    const key = `${stream}\u0000${name}`;
    let found = splitters.get(key);
    if (found === undefined) {
      found = new LineSplitter(MAX_PENDING_LINE);
      splitters.set(key, found);
    }
    return found;
  };

  // A name not given up front gets the next colour and widens the column from then on.
  const lead = (name: string, stream: LogStream): string => {
    let index = known.indexOf(name);
    if (index < 0) {
      index = known.push(name) - 1;
      width = Math.max(width, name.length);
    }
    const padded = name.padEnd(width);
    if (!color) return `${padded} ${stream === 'stderr' ? '!' : '|'}`;
    const code = NAME_PALETTE[index % NAME_PALETTE.length] ?? NAME_PALETTE[0];
    return stream === 'stderr' ? `${sgr(code, padded)} ${sgr(RED, '!')}` : sgr(code, `${padded} |`);
  };

  const format = (name: string, stream: LogStream, emitLines: (emit: (line: string) => void) => void): string => {
    let out = '';
    emitLines((line) => {
      // CRLF output would otherwise leave a stray carriage return before the newline.
      const text = line.endsWith('\r') ? line.slice(0, -1) : line;
      out += `${lead(name, stream)}${text === '' ? '' : ' '}${text}\n`;
    });
    return out;
  };

  const prefixer = (name: string, stream: LogStream, chunk: Buffer): string =>
    format(name, stream, (emit) => splitter(name, stream).push(chunk, emit));
  prefixer.flushPartial = (name: string): string =>
    (['stdout', 'stderr'] as const).map((stream) => format(name, stream, (emit) => splitter(name, stream).end(emit))).join('');
  return prefixer;
};
