// Values that break naive config generation. Every backend must pass them through to the
// process exactly, or refuse them with a clear error.

/** Hostile argument and environment values. */
export const HOSTILE_VALUES: readonly string[] = [
  'plain',
  'with space',
  'two  spaces and\ttab',
  "single ' quote",
  'double " quote',
  'both \' and " quotes',
  '$HOME and ${PATH} and $(id) and `id`',
  'percent %(ENV_HOME)s %n %% %',
  'back\\slash\\',
  'semi; colon && or || pipe | amp &',
  'new\nline',
  'ünïcödé ✓ 日本',
  '-leading-dash',
  '--flag=value',
  '#not a comment',
  '*?[glob]',
  '',
  'x'.repeat(5000),
];

/** Hostile environment variable values keyed by valid names. */
export const HOSTILE_ENVIRONMENT: Readonly<Record<string, string>> = Object.fromEntries(
  HOSTILE_VALUES.map((value, index) => [`HOSTILE_${index}`, value]),
);
