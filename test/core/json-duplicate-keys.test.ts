import { describe, expect, it } from 'vitest';
import { duplicateKey } from '../../src/policy/json-duplicate-keys.js';

describe('duplicateKey', () => {
  it.each([
    ['{"a":1,"a":2}', '"a"'],
    ['{"a":1,"\\u0061":2}', '"a"'],
    ['{"x":{"b":[1,2],"c":{},"b":3}}', '"x"."b"'],
    ['{"x":[{"k":1},{"k":1,"k":2}]}', '"x".[]."k"'],
    ['{"s":"a,\\"b\\":{","s":1}', '"s"'],
  ])('%s -> %s', (text, key) => {
    JSON.parse(text);
    expect(duplicateKey(text)).toBe(key);
  });
  it.each([
    '{"a":1,"b":2}',
    '{"a":{"a":{"a":1}}}',
    '{"x":[{"k":1},{"k":2}],"k":3}',
    '{"s":"\\"a\\":1,\\"a\\":2","t":["a","a"]}',
    '{"a\\\\":1,"a":2}',
    '[{"a":1},{"a":1}]',
  ])('%s has none', (text) => {
    JSON.parse(text);
    expect(duplicateKey(text)).toBeUndefined();
  });
});
