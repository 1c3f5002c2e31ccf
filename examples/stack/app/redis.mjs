// Just enough of Redis's protocol (RESP) for a queue, so the example needs no npm packages.
import { createConnection } from 'node:net';

const encode = (args) => `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(String(a))}\r\n${a}\r\n`).join('')}`;

// One reply starting at `at`; undefined while it is incomplete.
const parse = (buffer, at = 0) => {
  const end = buffer.indexOf('\r\n', at);
  if (end === -1) return undefined;
  const kind = String.fromCharCode(buffer[at]);
  const head = buffer.subarray(at + 1, end).toString();
  if (kind === '+') return { value: head, next: end + 2 };
  if (kind === '-') return { value: new Error(head), next: end + 2 };
  if (kind === ':') return { value: Number(head), next: end + 2 };
  if (kind === '$') {
    const length = Number(head);
    if (length < 0) return { value: null, next: end + 2 };
    if (buffer.length < end + 2 + length + 2) return undefined;
    return { value: buffer.subarray(end + 2, end + 2 + length).toString(), next: end + 4 + length };
  }
  if (kind === '*') {
    const count = Number(head);
    if (count < 0) return { value: null, next: end + 2 };
    const items = [];
    let next = end + 2;
    for (let i = 0; i < count; i++) {
      const item = parse(buffer, next);
      if (item === undefined) return undefined;
      items.push(item.value);
      next = item.next;
    }
    return { value: items, next };
  }
  throw new Error(`unexpected Redis reply starting with ${JSON.stringify(kind)}`);
};

/** Sends one command on a new connection; resolves to the reply, rejects on an error reply. */
export const redis = (...args) => new Promise((resolve, reject) => {
  const socket = createConnection(Number(process.env.REDIS_PORT ?? 6379), process.env.REDIS_HOST ?? '127.0.0.1');
  let data = Buffer.alloc(0);
  socket.on('connect', () => socket.write(encode(args)));
  socket.on('data', (chunk) => {
    data = Buffer.concat([data, chunk]);
    const reply = parse(data);
    if (reply === undefined) return;
    socket.end();
    if (reply.value instanceof Error) reject(reply.value);
    else resolve(reply.value);
  });
  socket.on('error', reject);
});
