import { describe, expect, it } from 'vitest';
import { readFirstCsvRecord } from '../../src/container/go-csv.js';

// Expected values follow Go's encoding/csv Reader.Read with default settings.
const ok: [string, string[]][] = [
  ['type=bind,src=/,dst=/h', ['type=bind', 'src=/', 'dst=/h']],
  ['type=bind,"src=/a,b",dst=/h', ['type=bind', 'src=/a,b', 'dst=/h']],
  ['"a""b",c', ['a"b', 'c']],
  ['a,,b', ['a', '', 'b']],
  ['a,', ['a', '']],
  [',', ['', '']],
  ['a\nb,c', ['a']],
  ['\n\ntype=bind,src=/', ['type=bind', 'src=/']],
  ['\r\n\r\nx,y', ['x', 'y']],
  ['a,b\r\n', ['a', 'b']],
  ['a,b\r', ['a', 'b']],
  ['a\rb,c', ['a\rb', 'c']],
  ['"multi\nline",x', ['multi\nline', 'x']],
  ['"q"', ['q']],
  ['"q"\nnext', ['q']],
  [' a , b ', [' a ', ' b ']],
];
const bad: string[] = ['', '\n', '\r', 'a"b', 'src="/a",x', '"unterminated', '"a"b,c', ' "a",b', '"open\n'];

describe('readFirstCsvRecord (Go encoding/csv, first record)', () => {
  it.each(ok)('%j -> %j', (input, fields) => {
    expect(readFirstCsvRecord(input)).toEqual({ ok: true, fields });
  });
  it.each(bad)('%j is an error', (input) => {
    expect(readFirstCsvRecord(input).ok).toBe(false);
  });
});
