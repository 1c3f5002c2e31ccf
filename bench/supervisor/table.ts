// A plain-text table: first column left-aligned, the others right-aligned, except the last (notes).

export const formatTable = (header: readonly string[], rows: readonly (readonly string[])[]): string => {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((row) => (row[c] ?? '').length)));
  const line = (row: readonly string[]): string => row.map((cell, c) => {
    if (c === row.length - 1) return cell;
    return c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!);
  }).join('  ').trimEnd();
  return [line(header), line(widths.map((w, c) => (c === header.length - 1 ? '' : '-'.repeat(w)))), ...rows.map(line)].join('\n');
};

/** A number for a table cell; '—' for none. */
export const cell = (value: number | null | undefined, digits = 1): string =>
  value === null || value === undefined || Number.isNaN(value) ? '—' : value.toFixed(digits);

/** `a ÷ b` as "0.52×"; '—' when either is missing. */
export const ratio = (a: number | null | undefined, b: number | null | undefined): string =>
  a === null || a === undefined || b === null || b === undefined || Number.isNaN(a) || Number.isNaN(b) || b === 0 ? '—' : `${(a / b).toFixed(2)}×`;
