/**
 * cygrunsrv's `--args` string. cygrunsrv stores it verbatim in the registry and, when the
 * service starts, splits it with its own rule (cygrunsrv.cc `eval_arglist`) before a
 * Cygwin `execv` (which passes argv unchanged to the child):
 *
 * - words are separated by spaces (only U+0020; tabs and newlines are ordinary characters);
 * - a word that starts with `'` or `"` runs to the next occurrence of that same quote
 *   (no escapes; the quotes are removed; `''` is the empty word);
 * - any other word runs to the next space; quotes inside it are kept literally.
 *
 * So a value can be encoded iff it is non-empty without spaces and does not start with a
 * quote (bare), or it contains no `'` (single-quoted), or no `"` (double-quoted). A value
 * with both quote characters and a space (or a leading quote) cannot be passed.
 * @module
 */

/** The word that cygrunsrv splits back into exactly `value`, or null when none exists. */
export const encodeArg = (value: string): string | null => {
  if (value.includes('\0')) return null;
  if (value !== '' && !value.includes(' ') && value[0] !== "'" && value[0] !== '"') return value;
  if (!value.includes("'")) return `'${value}'`;
  if (!value.includes('"')) return `"${value}"`;
  return null;
};

/** The `--args` string for `argv`, or the values that cannot be encoded. */
export const encodeArgs = (argv: readonly string[]): { ok: true; args: string } | { ok: false; unrepresentable: string[] } => {
  const words = argv.map(encodeArg);
  const bad = argv.filter((_, i) => words[i] === null);
  return bad.length > 0 ? { ok: false, unrepresentable: bad } : { ok: true, args: words.join(' ') };
};

/** cygrunsrv's split of an `--args` string (a port of `eval_arglist`, without argv[0]). */
export const splitArgs = (args: string): string[] => {
  const out: string[] = [];
  let i = 0;
  while (i < args.length) {
    if (args[i] === ' ') {
      i++;
      continue;
    }
    let stop = ' ';
    if (args[i] === "'" || args[i] === '"') {
      stop = args[i]!;
      i++;
    }
    const end = args.indexOf(stop, i);
    if (end < 0) {
      out.push(args.slice(i));
      break;
    }
    out.push(args.slice(i, end));
    i = end + 1;
  }
  return out;
};
