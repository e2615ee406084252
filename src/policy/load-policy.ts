import { findChild, ROOT, type CommandNode } from '../docker/command-tree.js';
import { GLOBAL_FLAGS } from '../docker/global-flags.js';
import { isPluginName } from '../docker/parse-argv.js';
import { findLong } from '../docker/pflag.js';
import { lazy } from '../lazy.js';
import {
  DEFAULT_ALLOW,
  DEFAULT_BUILD_RULES,
  DEFAULT_CONTAINER_RULES,
  DEFAULT_GLOBAL_FLAGS,
  DEFAULT_REFUSE,
} from './default-policy.js';
import { embeddedDefaultPolicy } from './builtin-policy.js';
import { isKnownCap, normaliseCap } from './capability-name.js';
import { duplicateKey } from './json-duplicate-keys.js';
import type { BuildRules, ContainerRules, Policy } from './policy.js';

// Turns policy text into a Policy, or says exactly what is wrong with it. Pure: the caller reads
// the file. Unknown keys and wrong types are errors, never ignored: a typo such as "alow" must not
// silently fall back to something the admin did not write.

export type PolicyParse = { ok: true; policy: Policy } | { ok: false; error: string };

const NAMESPACES = ['pid', 'ipc', 'uts', 'userns', 'cgroupns', 'network'];
/** What useradd/groupadd and NixOS accept as a name (a trailing $ for machine accounts), or an
 *  id: [A-Za-z0-9_][A-Za-z0-9_.-]*$? as character tests (a regular expression is compiled on its
 *  first use in a process, and this runs on every docker call under a policy file). */
function isAccountName(name: string): boolean {
  const end = name.endsWith('$') ? name.length - 1 : name.length;
  if (end === 0) return false;
  for (let i = 0; i < end; i++) {
    const c = name.charCodeAt(i);
    const word = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
    if (!word && (i === 0 || (c !== 46 && c !== 45))) return false;
  }
  return true;
}
/** A sysctl name, or a prefix of names ending in `.*` (container-rules.ts sysctlAllowed). */
const SYSCTL_ENTRY = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*(\.\*)?$/;
/** The build entitlements BuildKit grants (`--allow`, compose `build.entitlements`). */
const ENTITLEMENTS = ['network.host', 'security.insecure', 'device'];
/** Plugins a refuse entry may name: the ones docker-guard knows. */
const KNOWN_PLUGINS = ['compose', 'buildx'];

/**
 * Allow entries that name a CLI plugin docker-guard does not know (`pss`, meant as `ps`): valid,
 * since a policy may allow any plugin, but a typo reads as one, so the admin CLI warns.
 */
export function unknownPluginAllowances(policy: Policy): string[] {
  const out: string[] = [];
  for (const entry of policy.allow) {
    const first = entry.split(' ')[0]!;
    if (findChild(ROOT, first) === undefined && !KNOWN_PLUGINS.includes(first)) out.push(first);
  }
  return out;
}

/**
 * A command as an admin may write it, in any docker spelling (`ps`, `container list`,
 * `rmi`), turned into the canonical path; a management command (`system`) or a plugin
 * (`compose`, `compose up`) stays a prefix.
 */
export function canonicalCommand(entry: string): string | { error: string } {
  const words = entry.trim().split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return { error: 'empty command' };
  let node: CommandNode = ROOT;
  for (const [i, word] of words.entries()) {
    const next = findChild(node, word);
    if (next) {
      node = next;
      continue;
    }
    if (node === ROOT && isPluginName(word)) return pluginEntry(entry, words);
    return { error: `"${entry}" is not a docker command (no "${word}" under "${words.slice(0, i).join(' ') || 'docker'}")` };
  }
  if (node.canonical === 'builder') {
    // docker hands `builder <word>` to buildx, and `builder build` is `build`: an entry for
    // `builder` would cover only `builder prune`.
    return { error: `"${entry}": \`builder\` words go to the plugin buildx (\`builder ls\`) or are \`build\` (\`builder build\`); name \`buildx\`, \`build\` or \`builder prune\`` };
  }
  return node.canonical === '' ? { error: 'empty command' } : node.canonical;
}

/**
 * A plugin entry. docker-guard reads compose's argv, so `compose up` names one subcommand (of the
 * compose it models); it reads no other plugin's, so below any other plugin an entry could not be
 * told apart from the rest of it (`buildx create` from `buildx build --push`): an error, not an
 * entry that silently never matches.
 */
function pluginEntry(entry: string, words: readonly string[]): string | { error: string } {
  const [plugin, ...below] = words;
  if (plugin === 'docker') return { error: `"${entry}": write the command without the leading \`docker\` (\`${below.join(' ') || 'ps'}\`)` };
  if (below.length === 0) return plugin!;
  if (plugin !== 'compose') {
    return { error: `"${entry}": docker-guard does not read the argv of the CLI plugin ${plugin}, so it cannot tell \`${entry}\` from any other \`${plugin} …\`; allow or refuse \`${plugin}\` as a whole` };
  }
  if (below.length > 1 || lazy.composeFlags().subcommandSpec(below[0]!) === undefined) {
    return { error: `"${entry}" is not a compose command: name \`compose\` or one compose subcommand (\`compose up\`, \`compose ps\`, …)` };
  }
  return words.join(' ');
}

/** The built-in policy in canonical form, computed from default-policy.ts. */
export function computeDefaultPolicy(): Policy {
  const built = build({}, undefined);
  if (!built.ok) throw new Error(`built-in policy is invalid: ${built.error}`);
  return { ...built.policy, restrict: { everyone: true } };
}

let defaults: Policy | undefined;

/** The built-in policy: the one the compiled binary embeds, or computed from the sources. */
export function defaultPolicy(): Policy {
  defaults ??= embeddedDefaultPolicy() ?? computeDefaultPolicy();
  return defaults;
}

export function parsePolicy(text: string): PolicyParse {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `not valid JSON: ${(e as Error).message}` };
  }
  if (!isRecord(raw)) return { ok: false, error: 'the policy must be a JSON object' };
  const twice = duplicateKey(text);
  if (twice !== undefined) return { ok: false, error: `the key ${twice} appears twice in one object (JSON would keep only the last silently)` };
  const built = build(raw, defaultPolicy());
  if (!built.ok) return built;
  const users = raw.users === undefined ? [] : (raw.users as string[]);
  const groups = raw.groups === undefined ? [] : (raw.groups as string[]);
  if (users.length === 0 && groups.length === 0) {
    return { ok: false, error: '"users" and "groups" are both empty: name who the policy restricts ("users": ["*"] for everyone)' };
  }
  const restrict = users.includes('*') ? ({ everyone: true } as const) : { everyone: false as const, users, groups };
  return { ok: true, policy: { ...built.policy, restrict } };
}

const TOP_KEYS = ['users', 'groups', 'allow', 'refuse', 'globalFlags', 'containers', 'build'];

/** `defaults`: the canonical built-in policy, whose sections stand in for omitted ones. */
// What runs for every policy file (build, section, stringList) is written with loops rather than
// Array.prototype.filter/every/map/find: the shim parses the file on every docker call, and JSC
// compiles each of those builtins on its first call in a process (pflag.ts findLong).
function build(raw: Record<string, unknown>, defaults: Policy | undefined): PolicyParse {
  for (const k of Object.keys(raw)) {
    if (!TOP_KEYS.includes(k)) return { ok: false, error: `unknown key "${k}" (known keys: ${TOP_KEYS.join(', ')})` };
  }
  for (const key of ['users', 'groups'] as const) {
    const err = stringList(raw[key], key);
    if (err) return { ok: false, error: err };
    for (const name of (raw[key] as string[] | undefined) ?? []) {
      if (key === 'users' && name === '*') continue;
      // A name with a space, or "*" in groups, would silently restrict nobody.
      if (!isAccountName(name)) {
        return { ok: false, error: `${key}: "${name}" is not a ${key === 'users' ? 'user' : 'group'} name or a numeric id${name === '*' ? ' ("*" is for users: it restricts everyone)' : ''}` };
      }
    }
  }

  // An omitted section is the built-in one, already canonical (no need to walk the tree again).
  const allow = raw.allow === undefined && defaults ? { ok: true as const, value: [...defaults.allow] } : canonicalAllow(raw.allow ?? DEFAULT_ALLOW);
  if (!allow.ok) return allow;
  const refuse = raw.refuse === undefined && defaults ? { ok: true as const, value: { ...defaults.refuse } } : canonicalRefuse(raw.refuse ?? DEFAULT_REFUSE);
  if (!refuse.ok) return refuse;

  const flagsIn = raw.globalFlags ?? DEFAULT_GLOBAL_FLAGS;
  const flagsErr = stringList(flagsIn, 'globalFlags');
  if (flagsErr) return { ok: false, error: flagsErr };
  for (const f of flagsIn as string[]) {
    if (findLong(GLOBAL_FLAGS, f) === undefined) {
      return { ok: false, error: `globalFlags: "${f}" is not a docker global flag (known: ${GLOBAL_FLAGS.map((g) => g.long).join(', ')})` };
    }
  }

  const containers = section('containers', raw.containers, DEFAULT_CONTAINER_RULES);
  if (!containers.ok) return containers;
  const c = containers.value as unknown as ContainerRules;
  for (const n of c.hostNamespaces) {
    if (!NAMESPACES.includes(n)) return { ok: false, error: `containers.hostNamespaces: "${n}" is not one of ${NAMESPACES.join(', ')}` };
  }
  for (const p of c.allowBindMountsUnder) {
    if (!p.startsWith('/')) return { ok: false, error: `containers.allowBindMountsUnder: "${p}" is not an absolute path` };
  }
  // A misspelt name would silently never match: refuse the policy instead.
  for (const cap of c.capAdd) {
    if (!isKnownCap(cap)) return { ok: false, error: `containers.capAdd: "${cap}" is not a Linux capability (write SYS_ADMIN or CAP_SYS_ADMIN, or ALL for every one)` };
  }
  for (const name of c.sysctls) {
    if (!SYSCTL_ENTRY.test(name)) return { ok: false, error: `containers.sysctls: "${name}" is not a sysctl name or a prefix ending in ".*" (net.ipv4.*)` };
  }
  for (const key of ['runtimes', 'logDrivers'] as const) {
    for (const name of c[key]) if (name.trim() !== name) return { ok: false, error: `containers.${key}: "${name}" has spaces around it` };
  }
  const buildRules = section('build', raw.build, DEFAULT_BUILD_RULES);
  if (!buildRules.ok) return buildRules;
  for (const ent of (buildRules.value as unknown as BuildRules).entitlements) {
    if (!ENTITLEMENTS.includes(ent)) return { ok: false, error: `build.entitlements: "${ent}" is not a build entitlement (${ENTITLEMENTS.join(', ')})` };
  }

  return {
    ok: true,
    policy: {
      restrict: { everyone: true },
      allow: allow.value,
      refuse: refuse.value,
      globalFlags: [...(flagsIn as string[])],
      containers: { ...c, capAdd: each(c.capAdd, (cap) => normaliseCap(cap.trim())), allowBindMountsUnder: each(c.allowBindMountsUnder, trimSlash) },
      build: buildRules.value as unknown as BuildRules,
    },
  };
}

type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

function canonicalAllow(list: unknown): Checked<string[]> {
  const err = stringList(list, 'allow');
  if (err) return { ok: false, error: err };
  const allow: string[] = [];
  for (const entry of list as string[]) {
    const c = canonicalCommand(entry);
    if (typeof c !== 'string') return { ok: false, error: `allow: ${c.error}` };
    if (!allow.includes(c)) allow.push(c);
  }
  return { ok: true, value: allow };
}

function canonicalRefuse(given: unknown): Checked<Record<string, string>> {
  if (!isRecord(given)) return { ok: false, error: '"refuse" must be an object mapping a command to the reason it is refused' };
  const refuse: Record<string, string> = {};
  for (const [entry, reason] of Object.entries(given)) {
    if (typeof reason !== 'string' || reason.trim() === '') return { ok: false, error: `refuse: "${entry}" needs a non-empty reason` };
    const c = canonicalCommand(entry);
    if (typeof c !== 'string') return { ok: false, error: `refuse: ${c.error}` };
    // A misspelt command (`exce`) reads as a plugin name: refusing it would be harmless, but the
    // refuse list replaces the default one, so the command meant would lose its refusal.
    const first = c.split(' ')[0]!;
    if (findChild(ROOT, first) === undefined && !KNOWN_PLUGINS.includes(first)) {
      return { ok: false, error: `refuse: "${entry}" is not a docker command; a CLI plugin is refused anyway unless the allow list names it (known plugins: ${KNOWN_PLUGINS.join(', ')})` };
    }
    refuse[c] = reason;
  }
  return { ok: true, value: refuse };
}

function trimSlash(p: string): string {
  return p.length > 1 ? p.replace(/\/+$/, '') : p;
}

/** Merges an optional object over defaults of the same shape, checking every key and type. */
function section(
  name: string,
  given: unknown,
  defaults: Record<string, boolean | string[]>,
): { ok: true; value: Record<string, boolean | string[]> } | { ok: false; error: string } {
  if (given === undefined) return { ok: true, value: { ...defaults } };
  if (!isRecord(given)) return { ok: false, error: `"${name}" must be an object` };
  const value: Record<string, boolean | string[]> = { ...defaults };
  for (const [key, v] of Object.entries(given)) {
    // Own keys only: `constructor` or `__proto__` must be unknown keys, not Object.prototype's.
    const d = Object.hasOwn(defaults, key) ? defaults[key] : undefined;
    if (d === undefined) return { ok: false, error: `${name}: unknown key "${key}" (known keys: ${Object.keys(defaults).join(', ')})` };
    if (typeof d === 'boolean') {
      if (typeof v !== 'boolean') return { ok: false, error: `${name}.${key} must be true or false` };
    } else {
      const err = stringList(v, `${name}.${key}`);
      if (err) return { ok: false, error: err };
    }
    value[key] = v as boolean | string[];
  }
  return { ok: true, value };
}

function stringList(v: unknown, name: string): string | undefined {
  if (v === undefined) return undefined;
  const error = `"${name}" must be a list of non-empty strings`;
  if (!Array.isArray(v)) return error;
  for (const x of v as unknown[]) if (typeof x !== 'string' || x === '') return error;
  return undefined;
}

/** xs.map(f) as a loop (see build). */
function each(xs: readonly string[], f: (x: string) => string): string[] {
  const out: string[] = [];
  for (const x of xs) out.push(f(x));
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
