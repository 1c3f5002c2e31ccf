/**
 * systemd's quoting (systemd.syntax(7), systemd.service(5) "Command lines"): values of
 * `Environment=` assignments and `ExecStart=` arguments become double-quoted words with C
 * escapes, `%` is doubled (specifiers), and in command lines `$` is doubled (variable
 * expansion). Line breaks and control characters become C escapes, so every value fits on
 * one line. `unquoteWords` is the inverse (the subset of systemd's parser these produce),
 * for round-trip tests.
 * @module
 */

const escapeC = (value: string): string => {
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (char === '\\') out += '\\\\';
    else if (char === '"') out += '\\"';
    else if (char === '\n') out += '\\n';
    else if (char === '\t') out += '\\t';
    else if (char === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return out;
};

/** Escapes specifiers: `%` → `%%`, for settings that expand specifiers but are not unquoted. */
export const escapeSpecifiers = (value: string): string => value.replaceAll('%', '%%');

/** A value for a one-line, unquoted setting (Description=, paths): no line breaks or NUL. */
export const plainValue = (value: string, what: string): string => {
  if (/[\n\r\0]/.test(value)) throw new Error(`systemd: ${what} ${JSON.stringify(value)} contains a line break or NUL, which a unit file setting cannot hold`);
  return escapeSpecifiers(value);
};

/** One command-line argument of `ExecStart=`-style settings. */
export const quoteExecArg = (value: string): string => {
  if (value.includes('\0')) throw new Error('systemd: a command argument cannot contain NUL');
  return `"${escapeC(value).replaceAll('%', '%%').replaceAll('$', '$$$$')}"`;
};

/** A command line: every argument quoted (the executable too; prefixes like `+` go before it). */
export const quoteExec = (argv: readonly string[]): string => argv.map(quoteExecArg).join(' ');

/** One `Environment=` assignment, quoted as a whole. */
export const quoteEnvironment = (name: string, value: string): string => {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`systemd: invalid environment variable name ${JSON.stringify(name)}`);
  if (value.includes('\0')) throw new Error(`systemd: environment variable ${name} contains NUL`);
  return `"${escapeSpecifiers(escapeC(`${name}=${value}`))}"`;
};

/**
 * Splits a setting value into words the way systemd does for the forms above: double-quoted
 * words with C escapes; `%%` → `%`, and with `dollars`, `$$` → `$`.
 */
export const unquoteWords = (text: string, dollars: boolean): string[] => {
  const words: string[] = [];
  let i = 0;
  const unspec = (s: string): string => {
    let out = s.replaceAll('%%', '%');
    if (dollars) out = out.replaceAll('$$', '$');
    return out;
  };
  while (i < text.length) {
    while (text[i] === ' ' || text[i] === '\t') i += 1;
    if (i >= text.length) break;
    if (text[i] !== '"') {
      let j = i;
      while (j < text.length && text[j] !== ' ' && text[j] !== '\t') j += 1;
      words.push(unspec(text.slice(i, j)));
      i = j;
      continue;
    }
    i += 1;
    let word = '';
    for (;;) {
      if (i >= text.length) throw new Error('unterminated quote');
      const c = text[i]!;
      if (c === '"') { i += 1; break; }
      if (c === '\\') {
        const n = text[i + 1];
        if (n === 'n') word += '\n';
        else if (n === 't') word += '\t';
        else if (n === 'r') word += '\r';
        else if (n === 'x') { word += String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 4), 16)); i += 2; }
        else if (n === '\\' || n === '"') word += n;
        else throw new Error(`unknown escape \\${n ?? ''}`);
        i += 2;
        continue;
      }
      word += c;
      i += 1;
    }
    words.push(unspec(word));
  }
  return words;
};
