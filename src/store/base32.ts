/**
 * Nix's base-32 alphabet (no e, o, u, t), used for store hashes so names stay short,
 * lower-case and free of letters that spell words.
 * @module
 */

const ALPHABET = '0123456789abcdfghijklmnpqrsvwxyz';

/** Encodes bytes as base-32, least significant bits last, as Nix does. */
export const toBase32 = (bytes: Uint8Array): string => {
  const length = Math.ceil((bytes.length * 8) / 5);
  let out = '';
  for (let n = length - 1; n >= 0; n--) {
    const bit = n * 5;
    const i = Math.floor(bit / 8);
    const j = bit % 8;
    const c = ((bytes[i] ?? 0) >> j) | (j > 3 && i + 1 < bytes.length ? (bytes[i + 1]! << (8 - j)) : 0);
    out += ALPHABET[c & 0x1f];
  }
  return out;
};
