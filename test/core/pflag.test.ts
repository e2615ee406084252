import { describe, expect, it } from 'vitest';
import { parseFlags, parseGoBool, type FlagTable } from '../../src/docker/pflag.js';

// spf13/pflag v1.0.6 flag.go semantics (shared/docker-cli-grammar.md section 3).
const table: FlagTable = [
  { long: 'debug', short: 'D', takesValue: false },
  { long: 'log-level', short: 'l', takesValue: true },
  { long: 'tty', short: 't', takesValue: false },
  { long: 'volume', short: 'v', takesValue: true },
  { long: 'name', takesValue: true },
];

function flags(tokens: string[], interspersed = false): string {
  const r = parseFlags(tokens, table, { interspersed });
  if (!r.ok) return `error: ${r.error}`;
  return [...r.flags.map((f) => `${f.spec.long}=${f.value}`), '|', ...r.positionals].join(' ');
}

describe('pflag', () => {
  it.each([
    [['--name', '--debug', 'x'], 'name=--debug | x'],
    [['--name=', 'x'], 'name= | x'],
    [['--debug', 'false', 'x'], 'debug=true | false x'],
    [['--debug=F', 'x'], 'debug=F | x'],
    [['-ldebug', 'x'], 'log-level=debug | x'],
    [['-l=debug', 'x'], 'log-level=debug | x'],
    [['-l='], 'log-level== |'],
    [['-Dl', 'debug', 'x'], 'debug=true log-level=debug | x'],
    [['-lD', 'x'], 'log-level=D | x'],
    [['-tv=/:/h', 'img'], 'tty=true volume=/:/h | img'],
    [['-Dtv/:/h', 'img'], 'debug=true tty=true volume=/:/h | img'],
    [['-D=false', 'x'], 'debug=false | x'],
    [['--', '-D', 'x'], '| -D x'],
    [['-', '-D'], '| - -D'],
    [['', '-D'], '| '.concat(' -D')],
  ] as [string[], string][])('%j', (tokens, expected) => expect(flags(tokens)).toBe(expected));

  it('interspersed: flags after positionals are parsed', () => {
    expect(flags(['x', '-D', 'y'], true)).toBe('debug=true | x y');
  });
  it.each([
    [['--debug=yes'], /invalid argument "yes"/],
    [['--bogus'], /unknown flag: --bogus/],
    [['-x'], /unknown shorthand flag: 'x' in -x/],
    [['---x'], /bad flag syntax/],
    [['--=x'], /bad flag syntax/],
    [['--name'], /flag needs an argument/],
    [['-l'], /flag needs an argument: 'l' in -l/],
    [['--log-lev', 'debug'], /unknown flag/],
  ] as [string[], RegExp][])('error %j', (tokens, re) => expect(flags(tokens)).toMatch(re));

  it('ParseBool accepts exactly Go\'s spellings', () => {
    expect(['1', 't', 'T', 'TRUE', 'true', 'True'].map(parseGoBool)).toEqual(Array(6).fill(true));
    expect(['0', 'f', 'F', 'FALSE', 'false', 'False'].map(parseGoBool)).toEqual(Array(6).fill(false));
    expect(['yes', 'tRUE', '', 'on'].map(parseGoBool)).toEqual(Array(4).fill(undefined));
  });
});
