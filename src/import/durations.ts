/**
 * Durations as the sources write them: Go's `time.ParseDuration` syntax in compose files
 * (`1m30s`, `500ms`) and systemd time spans (`90`, `1min 30s`, `infinity`).
 * @module
 */

const GO_UNITS: Record<string, number> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** Seconds of a Go duration string (or a number of seconds); undefined when it is not one. */
export const goDuration = (value: unknown): number | undefined => {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  let total = 0;
  let rest = value.trim();
  while (rest !== '') {
    const part = /^(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/.exec(rest);
    if (!part) return undefined;
    total += Number(part[1]) * GO_UNITS[part[2]!]!;
    rest = rest.slice(part[0].length);
  }
  return total;
};

const SYSTEMD_UNITS: [readonly string[], number][] = [
  [['usec', 'us', 'µs'], 1e-6], [['msec', 'ms'], 1e-3], [['seconds', 'second', 'sec', 's', ''], 1], [['minutes', 'minute', 'min', 'm'], 60],
  [['hours', 'hour', 'hr', 'h'], 3600], [['days', 'day', 'd'], 86400], [['weeks', 'week', 'w'], 604800],
];

/** Seconds of a systemd time span (`systemd.time(7)`); `Infinity` for `infinity`, undefined when invalid. */
export const systemdTimeSpan = (value: string): number | undefined => {
  const text = value.trim();
  if (text === 'infinity') return Number.POSITIVE_INFINITY;
  if (text === '') return undefined;
  let total = 0;
  for (const [, number, unit] of text.matchAll(/\s*(\d+(?:\.\d+)?)\s*([a-zµ]*)/gy)) {
    const factor = SYSTEMD_UNITS.find(([names]) => names.includes(unit!))?.[1];
    if (factor === undefined) return undefined;
    total += Number(number) * factor;
  }
  return text.replace(/\s*(\d+(?:\.\d+)?)\s*([a-zµ]*)/gy, '') === '' ? total : undefined;
};
