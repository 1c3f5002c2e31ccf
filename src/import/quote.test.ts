import { test } from 'node:test';
import assert from 'node:assert/strict';
import { comment, literal, member, optionalMember, propertyKey, scalar } from './quote.js';

const hostile = ['a"b', "it's", 'back\\slash', 'line\nbreak', '\u2028\u2029', '${x}`', '*/ /*', '\ud800', 'é ☃ 🚀', '\u0000\u001f'];

test('every hostile string reads back exactly as a literal', () => {
  for (const value of hostile) {
    assert.equal(new Function(`return ${scalar(value)};`)(), value);
    assert.deepEqual(new Function(`return ${literal({ [value]: [value, { k: value }] })};`)(), { [value]: [value, { k: value }] });
  }
});

test('__proto__ stays an own property', () => {
  const value = new Function(`return ${literal(JSON.parse('{"__proto__": "x", "a": "1"}') as Record<string, string>)};`)() as object;
  assert.deepEqual(Object.keys(value), ['__proto__', 'a']);
  assert.equal(Object.getPrototypeOf(value), Object.prototype);
});

test('keys are bare only when they are identifiers', () => {
  assert.equal(propertyKey('PORT'), 'PORT');
  assert.equal(propertyKey('my-web'), '"my-web"');
  assert.equal(member('web'), '.web');
  assert.equal(member('web.1'), '["web.1"]');
  assert.equal(optionalMember('web'), '?.web');
  assert.equal(optionalMember('web-1'), '?.["web-1"]');
});

test('long literals break one item a line', () => {
  const long = literal({ command: Array.from({ length: 20 }, (_, i) => `argument-${i}`) }, '  ', 60);
  assert.match(long, /^\{\n {4}command: \[\n {6}"argument-0",\n/);
  assert.deepEqual(new Function(`return ${long};`)(), { command: Array.from({ length: 20 }, (_, i) => `argument-${i}`) });
});

test('a comment cannot be ended by its text', () => {
  const text = comment('first\nsecond\r\nthird\u2028fourth */ code()', '  ');
  assert.equal(text, '  // first\n  // second\n  // third\n  // fourth */ code()\n');
  assert.equal(new Function(`${comment('x\u2028return 1;')}return 2;`)(), 2);
});

test('numbers must be finite', () => {
  assert.throws(() => scalar(Number.NaN), RangeError);
});
