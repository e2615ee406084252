import { findLong, findShort, type FlagTable } from './pflag.js';

// One level of cobra's Command.Traverse (spf13/cobra v1.9.1 command.go), heuristics included:
// tokens before the next command word are collected as flags of the current command, guessing
// which ones take a value the way cobra does (an unknown `--name`, and `--` itself, count as
// value-taking). Docker's root and compose's root both walk their command trees with it.

export type TraverseStep<T> =
  | { readonly kind: 'stop' }
  | { readonly kind: 'next'; readonly word: string; readonly next: T; readonly flags: string[]; readonly rest: readonly string[] };

export function traverseStep<T>(args: readonly string[], table: FlagTable, child: (word: string) => T | undefined): TraverseStep<T> {
  const flags: string[] = [];
  let inFlag = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.startsWith('--') && !arg.includes('=')) {
      inFlag = !hasNoOptDefVal(table, arg.slice(2));
      flags.push(arg);
      continue;
    }
    if (arg.startsWith('-') && !arg.includes('=') && arg.length === 2 && !shortHasNoOptDefVal(table, arg.slice(1))) {
      inFlag = true;
      flags.push(arg);
      continue;
    }
    if (inFlag) {
      inFlag = false;
      flags.push(arg);
      continue;
    }
    if (isFlagArg(arg)) {
      flags.push(arg);
      continue;
    }
    const next = child(arg);
    if (next === undefined) return { kind: 'stop' };
    return { kind: 'next', word: arg, next, flags, rest: args.slice(i + 1) };
  }
  return { kind: 'stop' };
}

/** cobra hasNoOptDefVal: a known flag that takes no separate value. */
export function hasNoOptDefVal(table: FlagTable, name: string): boolean {
  const spec = findLong(table, name);
  return spec !== undefined && !spec.takesValue;
}

export function shortHasNoOptDefVal(table: FlagTable, letter: string): boolean {
  const spec = findShort(table, letter);
  return spec !== undefined && !spec.takesValue;
}

/** cobra isFlagArg */
export function isFlagArg(arg: string): boolean {
  return (arg.length >= 3 && arg.startsWith('--')) || (arg.length >= 2 && arg[0] === '-' && arg[1] !== '-');
}
