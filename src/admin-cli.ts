import minimist from 'minimist';
import { POLICY_PATH, REAL_DOCKER, VERSION } from './build-constants.js';
import { stderrColors } from './colors.js';
import { notUtf8Refusal } from './argv-encoding.js';
import type { Invocation } from './docker/invocation.js';
import { parseArgv, parseOptionsFrom } from './docker/parse-argv.js';
import { EXIT_BAD_POLICY, EXIT_NEEDS_DAEMON, EXIT_REFUSED, EXIT_USAGE } from './exit-codes.js';
import { decideWithFacts, UNREAD_RULES } from './decide-with-facts.js';
import { currentIdentity, describeCaller, isNumericId, isRestricted } from './identity.js';
import { defaultPolicy, parsePolicy, unknownPluginAllowances } from './policy/load-policy.js';
import type { Policy } from './policy/policy.js';
import { loadPolicyFile, unreadablePolicy } from './policy-file.js';
import { readTextFile } from './read-text-file.js';
import { nodeFs } from './node-builtins.js';
import { describeSource, escapeControls, formatBadPolicy, quoteArg } from './report.js';
import { groupEntries, passwdEntries } from './user-database.js';

// `docker-guard`: the administrator's view of the same binary. It never runs docker.

const USAGE = `docker-guard ${VERSION}: a docker command that refuses what its policy forbids

Usage:
  docker-guard check [--ask-docker] -- <docker argv…>
                                         show the canonical command and the decision; runs nothing
                                         (exit 0 allowed, ${EXIT_REFUSED} refused, ${EXIT_BAD_POLICY} bad policy);
                                         --ask-docker (or --compose-model): ask the real docker what
                                         the guard asks when the command runs: compose's resolved
                                         model (docker compose … config), named volumes (docker
                                         volume inspect), the containers start/restart/rm/rmi/
                                         prunes/pulls/build -t/compose builds and pulls act on
                                         (docker container ls, inspect)
  docker-guard policy                    print the effective policy and where it came from
  docker-guard validate <policy.json>    check a policy file (exit 0 valid, ${EXIT_BAD_POLICY} invalid)
  docker-guard --version | --help

Invoked as \`docker\` (a symlink to this binary) it is the guard itself.
Policy file: ${POLICY_PATH}
Real docker: ${REAL_DOCKER || '(none fixed at build time)'}
`;

export function runAdmin(args: readonly string[], env: Record<string, string | undefined>): number {
  // docker's argv after `check --` never goes through minimist: it would coerce numbers and read
  // docker's flags as its own.
  const dash = args.indexOf('--');
  const own = dash < 0 ? args : args.slice(0, dash);
  // Checked before minimist sees them: it throws on names it looks up in plain objects
  // (--__proto__, --constructor, --toString) and drops others silently (--__proto__.x, --_=…).
  const unknownOwn = unknownOption(own, ['help', 'version'], 'hv', true);
  if (unknownOwn !== undefined) return usageError(`unknown option ${escapeControls(unknownOwn)}`);
  const opts = minimist([...own], { boolean: ['help', 'version'], string: ['_'], alias: { h: 'help', v: 'version' }, stopEarly: true });
  if (opts.version) {
    process.stdout.write(`docker-guard ${VERSION}\n`);
    return 0;
  }
  const [sub, ...rest] = opts._.map(String);
  if (opts.help || sub === undefined || sub === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  switch (sub) {
    case 'check': {
      const unknownCheck = unknownOption(rest, ['ask-docker', 'compose-model'], '', false);
      if (unknownCheck !== undefined) return usageError(`unknown option ${escapeControls(unknownCheck)} for check\nusage: docker-guard check [--ask-docker] -- <docker argv…>`);
      const checkOpts = minimist(rest, { boolean: ['ask-docker', 'compose-model'] });
      const extra = Object.keys(checkOpts).filter((k) => k !== '_' && k !== 'ask-docker' && k !== 'compose-model');
      if (dash < 0 || checkOpts._.length > 0 || extra.length > 0) return usageError('usage: docker-guard check [--ask-docker] -- <docker argv…>');
      // --compose-model: the flag's first name, from when the model was the only question.
      return check(args.slice(dash + 1), env, checkOpts['ask-docker'] === true || checkOpts['compose-model'] === true);
    }
    case 'policy':
      if (rest.length > 0 || dash >= 0) return usageError('usage: docker-guard policy');
      return showPolicy();
    case 'validate':
      if (rest.length !== 1 || dash >= 0) return usageError('usage: docker-guard validate <policy.json>');
      return validate(rest[0]!);
    default:
      return usageError(`unknown command "${sub}"`);
  }
}

/** The first word of `words` that is an option other than --NAME, --NAME=…, --no-NAME (for a
 *  NAME in `longs`) or -X… (letters from `shorts`); `stopEarly`: options end at the first other word. */
function unknownOption(words: readonly string[], longs: readonly string[], shorts: string, stopEarly: boolean): string | undefined {
  for (const word of words) {
    if (!word.startsWith('-') || word === '-') {
      if (stopEarly) return undefined;
      continue;
    }
    if (word.startsWith('--')) {
      const eq = word.indexOf('=');
      const name = word.slice(2, eq < 0 ? undefined : eq);
      if (longs.includes(name) || (eq < 0 && name.startsWith('no-') && longs.includes(name.slice(3)))) continue;
      return word;
    }
    for (const letter of word.slice(1)) if (!shorts.includes(letter)) return word;
  }
  return undefined;
}

function usageError(message: string): number {
  process.stderr.write(`docker-guard: ${message}\nRun 'docker-guard --help' for usage.\n`);
  return EXIT_USAGE;
}

/** The `command:` line of `check`: what docker would run, in words. */
export function checkedCommand(inv: Invocation): string {
  if (inv.kind === 'builtin') return inv.command || '(docker itself: help or version)';
  return inv.kind === 'plugin' ? `plugin ${inv.name}` : '(malformed)';
}

/** `askDocker`: let the real docker answer what the guard asks it when a command runs (compose's
 *  resolved model, `docker compose … config`; named volumes, `docker volume inspect`); without it
 *  `check` runs nothing at all. */
function check(argv: readonly string[], env: Record<string, string | undefined>, askDocker: boolean): number {
  const loaded = loadPolicyFile(POLICY_PATH);
  if (!loaded.ok) {
    process.stderr.write(formatBadPolicy(loaded.source, loaded.error, stderrColors(env)));
    return EXIT_BAD_POLICY;
  }
  const inv = parseArgv(argv, parseOptionsFrom(env));
  const decision = notUtf8Refusal(argv) ?? decideWithFacts(inv, loaded.policy, { cwd: process.cwd(), env, ...(askDocker ? { realDocker: REAL_DOCKER } : {}) });
  const typed = ['docker', ...argv].map(quoteArg).join(' ');
  const who = currentIdentity();
  const applies = isRestricted(loaded.policy, who)
    ? 'yes (the decision below is what you would get)'
    : 'no: the policy does not restrict you, your docker commands pass through untouched';
  const lines = [`argv:     ${typed}`, `command:  ${checkedCommand(inv)}`, `you:      ${describeCaller(who)}, restricted: ${applies}`];
  if (decision.kind === 'allowed') {
    lines.push('decision: allowed (would be forwarded to the real docker)');
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  }
  // Nothing else refuses it, and the guard asks the daemon when the command runs: without
  // --ask-docker that is no refusal (a usability round saw an agent drop commands that would run).
  const undecided = !askDocker && UNREAD_RULES.has(decision.rule);
  lines.push(undecided ? 'decision: needs the daemon\'s answer, which the guard asks for when the command runs (nothing else refuses it)' : 'decision: refused',
    `rule:     ${decision.rule}`, `why:      ${decision.reason}`, `policy:   ${describeSource(loaded.source)}`);
  if (decision.rule === 'compose-model-unread') {
    lines.push('note:     the guard reads the model when the command runs; `docker-guard check --ask-docker -- …` reads it now (it runs `docker compose … config`)');
  } else if (decision.rule === 'volume-unread') {
    lines.push('note:     the guard asks the daemon about named volumes when the command runs; `docker-guard check --ask-docker -- …` asks now (it runs `docker volume inspect`)');
  } else if (decision.rule === 'network-unread') {
    lines.push('note:     the guard asks the daemon about networks (those compose would create, those a prune removes) when the command runs; `docker-guard check --ask-docker -- …` asks now (it runs `docker network inspect` or `docker network ls`)');
  } else if (decision.rule === 'container-unread') {
    lines.push('note:     the guard asks the daemon about the containers this acts on when the command runs; `docker-guard check --ask-docker -- …` asks now (it runs `docker container ls` and `docker container inspect`)');
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return undecided ? EXIT_NEEDS_DAEMON : EXIT_REFUSED;
}


function showPolicy(): number {
  const loaded = loadPolicyFile(POLICY_PATH);
  process.stdout.write(`# source: ${describeSource(loaded.source)}\n`);
  if (!loaded.ok) {
    process.stdout.write(`# INVALID: ${loaded.error}\n# every docker command is refused until this is fixed\n`);
    return EXIT_BAD_POLICY;
  }
  process.stdout.write(`${JSON.stringify(loaded.policy, null, 2)}\n`);
  const dangling = loaded.source.fromFile ? undefined : danglingLinkOn(POLICY_PATH);
  const linkWarnings = dangling === undefined ? [] : [`${escapeControls(dangling)} is a symbolic link to nothing: the guard finds no policy file at ${escapeControls(POLICY_PATH)} and applies the built-in default above (it restricts every user), not the policy the link was meant to lead to; fix the link or remove it`];
  for (const warning of [...linkWarnings, ...unknownAccounts(loaded.policy), ...pluginWarnings(loaded.policy), ...shadowWarnings(loaded.policy)]) process.stderr.write(`docker-guard: warning: ${warning}\n`);
  return 0;
}

/**
 * The symbolic link on the way to `path` (or at it) that leads nowhere, if any. The shim takes a
 * policy path it cannot open for absent (the built-in default applies) without telling a dangling
 * link from nothing: Bun has no lstat, and node:fs or a directory listing on every call costs
 * 0.25-0.45 ms (measured), so the administrator is told here instead.
 */
function danglingLinkOn(path: string): string | undefined {
  const fs = nodeFs();
  const parts = path.split('/').filter(Boolean);
  for (let i = parts.length; i > 0; i--) {
    const p = `/${parts.slice(0, i).join('/')}`;
    try {
      if (!fs.lstatSync(p).isSymbolicLink()) continue;
    } catch {
      continue;
    }
    try {
      fs.statSync(p);
    } catch {
      return p;
    }
  }
  return undefined;
}

function validate(file: string): number {
  // Read exactly as the shim reads the installed policy, so `valid` here means usable there.
  const read = readTextFile(file, true);
  if (!read.ok) {
    process.stderr.write(`docker-guard: ${escapeControls(file)}: ${unreadablePolicy(read.code)}\n`);
    return EXIT_BAD_POLICY;
  }
  const parsed = parsePolicy(read.text);
  if (!parsed.ok) {
    process.stderr.write(`docker-guard: ${escapeControls(file)}: invalid policy: ${escapeControls(parsed.error)}\n`);
    return EXIT_BAD_POLICY;
  }
  process.stdout.write(`${escapeControls(file)}: valid policy\n`);
  for (const warning of [...pluginWarnings(parsed.policy), ...shadowWarnings(parsed.policy)]) process.stderr.write(`docker-guard: warning: ${warning}\n`);
  return 0;
}

function pluginWarnings(policy: Policy): string[] {
  return unknownPluginAllowances(policy).map((name) => `allow: "${escapeControls(name)}" is not a docker command: it allows the CLI plugin docker-${escapeControls(name)} (if one is installed), and nothing else`);
}

/**
 * Allow entries a refuse entry cancels: at equal specificity a refusal wins (command-permission.ts),
 * so allowing `exec` while `refuse` is left out (the built-in list, which refuses exec) allows
 * nothing. Entries are canonical, so `exec` and `container exec` meet here. A refusal of a
 * shorter prefix (`compose` against `compose up`) does not cancel: the longer allowance wins.
 */
function shadowWarnings(policy: Policy): string[] {
  const builtIn = defaultPolicy().refuse;
  const keys = Object.keys(policy.refuse);
  const isBuiltIn = keys.length === Object.keys(builtIn).length && keys.every((k) => builtIn[k] === policy.refuse[k]);
  const out: string[] = [];
  for (const entry of policy.allow) {
    if (!Object.hasOwn(policy.refuse, entry)) continue;
    const name = escapeControls(entry);
    out.push(isBuiltIn
      ? `allow: "${name}" is refused anyway: the built-in refuse list (used when the policy has no "refuse" key) refuses "${name}", and a refusal wins over an allowance of the same command; to allow it, give "refuse" explicitly, without "${name}"`
      : `allow: "${name}" is refused anyway: refuse also lists "${name}", and a refusal wins over an allowance of the same command; to allow it, take "${name}" out of "refuse"`);
  }
  return out;
}

/** Names the installed policy restricts that this host's user database does not have: a typo
 *  (names are case-sensitive) restricts nobody. `policy` warns, not `validate`: a file being
 *  validated may be meant for another host (the NixOS module validates in the build sandbox). */
function unknownAccounts(policy: Policy): string[] {
  if (policy.restrict.everyone) return [];
  const out: string[] = [];
  const known = (file: string, entries: (text: string) => ReadonlyArray<{ name: string }>): string[] => {
    const read = readTextFile(file, false);
    return read.ok ? entries(read.text).map((e) => e.name) : [];
  };
  const users = known('/etc/passwd', passwdEntries);
  const groups = known('/etc/group', groupEntries);
  for (const u of policy.restrict.users) {
    if (!isNumericId(u) && !users.includes(u)) out.push(`users: "${u}" is not in /etc/passwd (names are case-sensitive): no one here is restricted by that name`);
  }
  for (const g of policy.restrict.groups) {
    if (!isNumericId(g) && !groups.includes(g)) out.push(`groups: "${g}" is not in /etc/group: no one here is restricted by it`);
  }
  return out;
}
