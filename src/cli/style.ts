/**
 * Terminal colours, only when the stream is a terminal and NO_COLOR is unset
 * (FORCE_COLOR forces them on).
 * @module
 */

/** Whether to colour output written to a stream. */
export const useColor = (stream: NodeJS.WriteStream): boolean =>
  process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0'
    ? true
    : process.env.NO_COLOR === undefined && stream.isTTY === true;

const codes = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, gray: 90, bold: 1, dim: 2 } as const;

/** A colour function for one stream; identity when colours are off. */
export type Paint = (color: keyof typeof codes, text: string) => string;

/** Returns the painter for a stream. */
export const painter = (stream: NodeJS.WriteStream): Paint =>
  useColor(stream) ? (color, text) => `\u001b[${codes[color]}m${text}\u001b[0m` : (_color, text) => text;
