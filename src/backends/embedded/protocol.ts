/**
 * The control protocol between the CLI and a supervisor: one JSON request per connection
 * on a Unix socket, answered by JSON lines — `{"line": …}` for streamed log lines, then
 * `{"result": …}` or `{"error": …}`. While a request is being worked on, the supervisor
 * also sends `{"beat": true}` every `beatMs`, so a client can tell a long switch from a
 * supervisor that does not answer at all. Plain `net` keeps the daemon small.
 * @module
 */

/** The methods of `SupervisorControl`, as sent on the wire. */
export type Method = 'status' | 'start' | 'stop' | 'restart' | 'apply' | 'logs' | 'shutdown';

/** A request. */
export interface Request {
  readonly method: Method;
  readonly params?: Readonly<Record<string, unknown>>;
  /**
   * Milliseconds since the epoch after which the client no longer waits for the first
   * answer. A supervisor that takes the request up later (it was stopped or overloaded)
   * drops it: its client has already reported that nothing answered.
   */
  readonly expires?: number;
  /** How often to send `{"beat": true}` while the request runs. @default 1000 */
  readonly beatMs?: number;
}

/** One line of an answer. */
export type Reply =
  | { readonly beat: true }
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
