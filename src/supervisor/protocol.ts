/**
 * The control protocol between the CLI and a supervisor: one JSON request per connection
 * on a Unix socket, answered by JSON lines — `{"line": …}` for streamed log lines, then
 * `{"result": …}` or `{"error": …}`. Plain `net` keeps the daemon small.
 * @module
 */

/** The methods of `SupervisorControl`, as sent on the wire. */
export type Method = 'status' | 'start' | 'stop' | 'restart' | 'apply' | 'logs' | 'shutdown';

/** A request. */
export interface Request {
  readonly method: Method;
  readonly params?: Readonly<Record<string, unknown>>;
}

/** One line of an answer. */
export type Reply =
  | { readonly line: unknown }
  | { readonly result: unknown }
  | { readonly error: { readonly message: string; readonly hint?: string } };

/** Encodes a message as one line. */
export const encode = (message: Request | Reply): string => `${JSON.stringify(message)}\n`;

/**
 * Splits a byte stream into JSON messages; `onMessage` gets each parsed line. Returns the
 * function to feed chunks to.
 */
export const lineReader = (onMessage: (message: unknown) => void): ((chunk: Buffer) => void) => {
  let pending = '';
  return (chunk) => {
    pending += chunk.toString('utf8');
    let newline = pending.indexOf('\n');
    while (newline !== -1) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      if (line.trim() !== '') onMessage(JSON.parse(line));
      newline = pending.indexOf('\n');
    }
  };
};
