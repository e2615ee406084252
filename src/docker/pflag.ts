// A faithful model of spf13/pflag's argv parsing (v1.0.6, vendored by docker/cli v28.2.2:
// vendor/github.com/spf13/pflag/flag.go parseArgs, parseLongArg, parseShortArg,
// parseSingleShortArg). Any place where this differs from pflag is a bypass, so quirks are kept
// on purpose (e.g. `-l=` gives the value "=", a value flag swallows the next token whatever it is).

export interface FlagSpec {
  readonly long: string;
  readonly short?: string;
  /** false = a bool flag (pflag NoOptDefVal "true"): never consumes the next token. */
  readonly takesValue: boolean;
}

export type FlagTable = readonly FlagSpec[];

export interface ParsedFlag {
  readonly spec: FlagSpec;
  /** The value as pflag would pass it to Set(): "true" for a bare bool. */
  readonly value: string;
  /** The argv token(s) this flag came from, for messages. */
  readonly raw: string;
}

export interface FlagParse {
  readonly ok: true;
  readonly flags: readonly ParsedFlag[];
  /** Positional arguments, in order (for a non-interspersed set: the first positional and everything after it). */
  readonly positionals: readonly string[];
  /** Whether a `--` ended flag parsing (it is not included in positionals). */
  readonly sawDashDash: boolean;
}

export interface FlagError {
  readonly ok: false;
  readonly error: string;
}

const BOOL_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const BOOL_FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** Go's strconv.ParseBool. */
export function parseGoBool(value: string): boolean | undefined {
  if (BOOL_TRUE.has(value)) return true;
  if (BOOL_FALSE.has(value)) return false;
  return undefined;
}

// Loops, not Array.prototype.find, here and on the rest of the path every docker call takes: JSC
// compiles each of its JavaScript-implemented Array builtins (find, filter, map, some, sort…) on
// the first call in a process, about 45 µs for the first and 2-16 µs for each further one
// (bench/first-calls.ts), and the shim only ever makes first calls.
export function findLong(table: FlagTable, name: string): FlagSpec | undefined {
  for (const f of table) if (f.long === name) return f;
  return undefined;
}

export function findShort(table: FlagTable, letter: string): FlagSpec | undefined {
  for (const f of table) if (f.short === letter) return f;
  return undefined;
}

function fail(error: string): FlagError {
  return { ok: false, error };
}

/**
 * Parses `tokens` against `table`. With `interspersed: false` (docker's root, run, create, exec,
 * commit, top, tag) parsing stops at the first positional. A bool flag given `=X` must be a Go bool.
 */
export function parseFlags(
  tokens: readonly string[],
  table: FlagTable,
  options: { interspersed: boolean },
): FlagParse | FlagError {
  const flags: ParsedFlag[] = [];
  const positionals: string[] = [];
  let i = 0;
  const push = (spec: FlagSpec, value: string, raw: string): FlagError | undefined => {
    if (!spec.takesValue && parseGoBool(value) === undefined) {
      return fail(`invalid argument "${value}" for "${describe(spec)}" flag: strconv.ParseBool: parsing "${value}": invalid syntax`);
    }
    flags.push({ spec, value, raw });
    return undefined;
  };

  while (i < tokens.length) {
    const s = tokens[i]!;
    i++;
    if (s.length === 0 || s[0] !== '-' || s.length === 1) {
      if (!options.interspersed) {
        positionals.push(s, ...tokens.slice(i));
        return { ok: true, flags, positionals, sawDashDash: false };
      }
      positionals.push(s);
      continue;
    }
    if (s[1] === '-') {
      if (s.length === 2) {
        positionals.push(...tokens.slice(i));
        return { ok: true, flags, positionals, sawDashDash: true };
      }
      const body = s.slice(2);
      if (body[0] === '-' || body[0] === '=') return fail(`bad flag syntax: ${s}`);
      const eq = body.indexOf('=');
      const name = eq < 0 ? body : body.slice(0, eq);
      const spec = findLong(table, name);
      if (!spec) return fail(`unknown flag: --${name}`);
      let value: string;
      let raw = s;
      if (eq >= 0) value = body.slice(eq + 1);
      else if (!spec.takesValue) value = 'true';
      else if (i < tokens.length) {
        value = tokens[i]!;
        raw = `${s} ${value}`;
        i++;
      } else return fail(`flag needs an argument: ${s}`);
      const err = push(spec, value, raw);
      if (err) return err;
      continue;
    }
    // A shorthand cluster: letters left to right; the first value-taking letter swallows the rest.
    let shorthands = s.slice(1);
    while (shorthands.length > 0) {
      const c = shorthands[0]!;
      const spec = findShort(table, c);
      if (!spec) return fail(`unknown shorthand flag: '${c}' in -${shorthands}`);
      let value: string;
      let raw = `-${c}`;
      let rest = shorthands.slice(1);
      if (shorthands.length > 2 && shorthands[1] === '=') {
        value = shorthands.slice(2);
        raw = `-${shorthands}`;
        rest = '';
      } else if (!spec.takesValue) {
        value = 'true';
      } else if (shorthands.length > 1) {
        value = shorthands.slice(1);
        raw = `-${shorthands}`;
        rest = '';
      } else if (i < tokens.length) {
        value = tokens[i]!;
        raw = `-${c} ${value}`;
        i++;
      } else return fail(`flag needs an argument: '${c}' in -${shorthands}`);
      const err = push(spec, value, raw);
      if (err) return err;
      shorthands = rest;
    }
  }
  return { ok: true, flags, positionals, sawDashDash: false };
}

function describe(spec: FlagSpec): string {
  return spec.short ? `-${spec.short}, --${spec.long}` : `--${spec.long}`;
}

/** The last value given for a flag (pflag: repeated scalar flags, last wins). */
export function lastValue(flags: readonly ParsedFlag[], long: string): string | undefined {
  let out: string | undefined;
  for (const f of flags) if (f.spec.long === long) out = f.value;
  return out;
}

/** How the flag's last use was typed (`-e X`, `--env=X`), for messages that quote the argv. */
export function lastRaw(flags: readonly ParsedFlag[], long: string): string | undefined {
  let out: string | undefined;
  for (const f of flags) if (f.spec.long === long) out = f.raw;
  return out;
}

/** Every value given for a list flag, in order. */
export function allValues(flags: readonly ParsedFlag[], long: string): string[] {
  const out: string[] = [];
  for (const f of flags) if (f.spec.long === long) out.push(f.value); // a loop: see findLong
  return out;
}

/** How each use of a flag was typed, in order (for messages that quote the argv). */
export function allRaws(flags: readonly ParsedFlag[], long: string): string[] {
  const out: string[] = [];
  for (const f of flags) if (f.spec.long === long) out.push(f.raw);
  return out;
}

/** The effective value of a bool flag (absent = `fallback`). */
export function boolValue(flags: readonly ParsedFlag[], long: string, fallback = false): boolean {
  const v = lastValue(flags, long);
  return v === undefined ? fallback : parseGoBool(v) === true;
}
