/**
 * The embedded backend's name, on its own so the supervisor's daemon can check a
 * generation was built for it without loading the backend's client side.
 * @module
 */

/** The name of procform's own supervisor as a backend (`-P embedded`). */
export const EMBEDDED = 'embedded';
