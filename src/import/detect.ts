/**
 * Which format a source file is in, from its name and, where the name is not enough
 * (`compose.yaml` is read by docker compose and process-compose alike), its content.
 * @module
 */
import { basename } from 'node:path';
import { parse } from 'yaml';
import type { Format } from './types.js';

const byContent = (text: string): Format | undefined => {
  if (/^\s*\[(Unit|Service|Install)\]\s*$/m.test(text)) return 'systemd';
  if (/^\s*\[(program:[^\]]+|supervisord)\]/m.test(text)) return 'supervisord';
  if (/module\.exports|export\s+default/.test(text) && /\bapps\b/.test(text)) return 'pm2';
  try {
    const data = parse(text) as unknown;
    if (data !== null && typeof data === 'object' && !Array.isArray(data)) {
      if ('processes' in data) return 'process-compose';
      if ('services' in data) return 'compose';
      if ('apps' in data) return 'pm2';
      const values = Object.values(data);
      if (values.length > 0 && values.every((v) => typeof v === 'string')) return 'procfile';
    }
  } catch {
    return undefined;
  }
  return undefined;
};

/**
 * The format of `path`, whose text is `text` (undefined for a directory, which can only
 * hold systemd units); undefined when neither the name nor the content tells.
 */
export const detectFormat = (path: string, text: string | undefined): Format | undefined => {
  if (text === undefined) return 'systemd';
  const name = basename(path).toLowerCase();
  if (/^procfile(\..+)?$/.test(name)) return 'procfile';
  if (/^process-compose.*\.ya?ml$/.test(name)) return 'process-compose';
  if (/\.(service|socket|target)$/.test(name)) return 'systemd';
  if (/^supervisord.*\.conf$/.test(name)) return 'supervisord';
  if (/\.config\.(c|m)?js$/.test(name) || /^ecosystem/.test(name)) return 'pm2';
  if (/^(docker-)?compose.*\.ya?ml$/.test(name)) return byContent(text) === 'process-compose' ? 'process-compose' : 'compose';
  return byContent(text);
};
