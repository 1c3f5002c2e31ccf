/**
 * Cutting a byte stream into lines for readers that need each line as text (the follower,
 * the terminal prefixer). The log writer never does this: it only needs line boundaries.
 * @module
 */

const NEWLINE = 0x0a;

/**
 * Splits chunks into lines, keeping an unfinished line until its newline arrives. Lines are
 * decoded only when whole, so a UTF-8 character cut between two chunks comes out intact.
 */
export class LineSplitter {
  private parts: Buffer[] = [];
  private bytes = 0;

  /** @param maxPending longest unfinished line kept; a longer one is emitted as a line of its own. */
  constructor(private readonly maxPending = Infinity) {}

  /** Calls `emit` with each line the chunk completes, without its newline. */
  push(chunk: Buffer, emit: (line: string) => void): void {
    let from = 0;
    for (let newline = chunk.indexOf(NEWLINE); newline >= 0; newline = chunk.indexOf(NEWLINE, from)) {
      if (this.bytes === 0) {
        emit(chunk.toString('utf8', from, newline));
      } else {
        this.parts.push(chunk.subarray(from, newline));
        emit(this.takeAll());
      }
      from = newline + 1;
    }
    if (from === chunk.length) return;
    // Copied: the caller may reuse its buffer, and a short tail must not pin a large chunk.
    this.parts.push(Buffer.from(chunk.subarray(from)));
    this.bytes += chunk.length - from;
    if (this.bytes > this.maxPending) emit(this.takeAll());
  }

  /** Emits the unfinished line, if any, as a whole line. */
  end(emit: (line: string) => void): void {
    if (this.bytes > 0) emit(this.takeAll());
  }

  /** Forgets the unfinished line. */
  reset(): void {
    this.parts = [];
    this.bytes = 0;
  }

  private takeAll(): string {
    const text = Buffer.concat(this.parts).toString('utf8');
    this.reset();
    return text;
  }
}
