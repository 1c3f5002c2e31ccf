/**
 * The error a test helper throws when what it waited for or checked did not hold.
 * @module
 */

/** A check of a tests file failed: its message says what was expected and what was seen. */
export class TestFailure extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TestFailure';
  }
}
