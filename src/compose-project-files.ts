import { lstatSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ComposeInvocation } from './compose/compose-argv.js';
import { notRegular } from './stable-file.js';

// compose reads its files twice: once for docker-guard's `compose config`, once for the real run.
// Each must read the same both times, so: every compose file and env file compose may read must
// be a regular file not reached through /dev, /proc or /sys (the check runs with its own stdin, the
// real run with the caller's: `/dev/stdin`, `/proc/<pid>/fd/0`). And the env files compose loads
// must not set variables that change where the real run goes: compose copies them into its own
// environment (cmd/compose/compose.go setEnvWithDotEnv), where buildx and docker read them. I/O:
// the edge. (An edit between the two reads is a race this cannot see: README-ai-worker, Limits.)

/** compose-go's default file names (cli/options.go DefaultFileNames + overrides). */
const DEFAULT_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml', 'compose.override.yaml', 'compose.override.yml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];

/** Variables an env file may not set: they pick the daemon, docker's configuration or the builder
 *  (COMPOSE_BAKE: compose runs buildx bake, src/build-environment.ts). */
const STEERING = /^(DOCKER_|BUILDX_)|^HOME$|^COMPOSE_BAKE$/;

type Env = Readonly<Record<string, string | undefined>>;

export function composeFilesProblem(inv: ComposeInvocation, cwd: string, env: Env): string | undefined {
  // compose takes the deprecated --workdir as --project-directory (normalizeProjectOptions).
  const projectDirectory = inv.globals.projectDirectory ?? inv.globals.workdir;
  const projectDir = projectDirectory === undefined ? undefined : path.resolve(cwd, projectDirectory);
  const separator = env.COMPOSE_PATH_SEPARATOR || ':';
  const named = inv.globals.files.length > 0 ? [...inv.globals.files] : split(env.COMPOSE_FILE, separator);

  // Where compose may look for relative env files and the default .env: the working directory,
  // the project directory, the directory of each named compose file, and the directory where it
  // found a default one (more places than compose uses is only stricter).
  const bases = new Set([cwd, ...(projectDir === undefined ? [] : [projectDir]), ...named.map((f) => path.dirname(path.resolve(cwd, f)))]);
  if (named.length === 0) {
    const found = defaultFiles(projectDir ?? cwd);
    if (typeof found === 'string') return found;
    if (found.dir !== undefined) bases.add(found.dir);
  }

  const explicit = inv.globals.envFiles.length > 0 ? inv.globals.envFiles : split(env.COMPOSE_ENV_FILES, ',');
  const read = readEnvFiles(explicit, bases);
  if (typeof read === 'string') return read;
  const steering = checkSteering(read, env);
  if (steering) return steering;

  // COMPOSE_FILE may come from an env file too (compose-go WithConfigFileEnv reads the merged
  // environment; the last assignment wins, but every one is checked). compose then reads the .env
  // beside the first of those files in its second pass.
  if (inv.globals.files.length === 0 && env.COMPOSE_FILE === undefined) {
    const assigned = read.filter((a) => a.key === 'COMPOSE_FILE');
    const separators = read.filter((a) => a.key === 'COMPOSE_PATH_SEPARATOR').map((a) => plainValue(a.value));
    const sep = env.COMPOSE_PATH_SEPARATOR || (separators.length > 0 ? separators.at(-1) : ':');
    if (separators.length > 1 || sep === undefined || sep === '') {
      return 'an env file sets COMPOSE_PATH_SEPARATOR in a form (or more than once) docker-guard does not read the way compose does; set it in the environment';
    }
    const more = new Set<string>();
    for (const a of assigned) {
      const value = plainValue(a.value);
      if (value === undefined) return `the env file ${a.file} sets COMPOSE_FILE in a form docker-guard does not read the way compose does; write it plainly or set it in the environment`;
      for (const file of split(value, sep)) {
        // Relative to the working directory or to the env file's: every one that exists is checked
        // (none existing: compose reports it).
        for (const base of new Set([cwd, path.dirname(a.file)])) {
          const full = path.resolve(base, file);
          if (!exists(full)) continue;
          const problem = composeFileProblem(full, `the compose file ${file} (COMPOSE_FILE in ${a.file})`);
          if (problem) return problem;
          more.add(path.dirname(full));
        }
      }
    }
    const second = readEnvFiles(explicit, [...more].filter((d) => !bases.has(d)));
    if (typeof second === 'string') return second;
    const steeringToo = checkSteering(second, env);
    if (steeringToo) return steeringToo;
  }
  for (const file of named) {
    const problem = composeFileProblem(path.resolve(cwd, file), `the compose file ${file}`);
    if (problem) return problem;
  }
  return undefined;
}

/** Every default compose file from `start` up to / must be readable the same twice; the first
 *  directory holding one is where compose found its project (its .env is read too). */
function defaultFiles(start: string): string | { dir: string | undefined } {
  let foundDir: string | undefined;
  for (let dir = start; ; dir = path.dirname(dir)) {
    for (const name of DEFAULT_FILES) {
      const full = path.join(dir, name);
      if (!exists(full)) continue;
      const problem = composeFileProblem(full, full);
      if (problem) return problem;
      foundDir ??= dir;
    }
    if (dir === '/') return { dir: foundDir };
  }
}

interface Assignment {
  readonly key: string;
  readonly value: string;
  readonly file: string;
}

/** Every env file compose may load from these directories, checked and read in order; or why not. */
function readEnvFiles(explicit: readonly string[], bases: Iterable<string>): Assignment[] | string {
  const out: Assignment[] = [];
  for (const file of explicit.length > 0 ? explicit : ['.env']) {
    for (const base of bases) {
      const full = path.resolve(base, file);
      // The default .env is optional, and compose-go skips one that is a directory (a Python venv).
      if (explicit.length === 0 && (!exists(full) || isDirectory(full))) continue;
      if (explicit.length > 0 && !exists(full) && !path.isAbsolute(file)) continue; // compose reports a missing one itself
      const problem = notRegular(full, `the env file ${file}`);
      if (problem) return problem;
      const assignments = envFileAssignments(full);
      if (typeof assignments === 'string') return assignments;
      out.push(...assignments);
    }
  }
  return out;
}

function checkSteering(assignments: readonly Assignment[], env: Env): string | undefined {
  for (const { key, file } of assignments) {
    if (STEERING.test(key) && env[key] === undefined) {
      return `the env file ${file} sets ${key}, which compose copies into its own environment, where docker and buildx read it (another daemon, configuration or builder than docker-guard checked); set it in the environment instead, or not at all`;
    }
  }
  return undefined;
}

/**
 * The assignments of an env file, read strictly against compose-go v2.6.4's parser
 * (dotenv/parser.go): each line blank, a comment, a bare KEY (inherited from the environment), or
 * one `[export] KEY=value` (or `KEY: value`) whose quoted value closes on the line and is followed
 * by nothing but a comment. That parser reads statements, not lines (`A="" B=1` sets B), lets a
 * quoted value run over lines and counts \v, \f, \r, U+0085 and U+00A0 as spaces; a file outside
 * this grammar could hide an assignment from a line scan, so it is refused rather than guessed at.
 */
function envFileAssignments(full: string): Assignment[] | string {
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (e) {
    return `the env file ${full} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  const out: Assignment[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const unreadable = `the env file ${full} has a line docker-guard cannot read the way compose does (line ${i + 1}): write one KEY=value per line, a quoted value closed on its line`;
    if (/[\v\f\r\u0085\u00a0]/.test(line)) return unreadable;
    if (/^[ \t]*(#.*)?$/.test(line) || /^[ \t]*(?:export[ \t]+)?[A-Za-z_][A-Za-z0-9_.-]*[ \t]*$/.test(line)) continue;
    const m = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*[=:][ \t]*(.*)$/.exec(line);
    if (!m) return unreadable;
    const rest = m[2]!;
    if (rest.startsWith("'") || rest.startsWith('"')) {
      // The parser honours a backslash before any character inside either kind of quotes.
      const q = (rest.startsWith("'") ? /^'(?:[^'\\]|\\.)*'/ : /^"(?:[^"\\]|\\.)*"/).exec(rest);
      if (!q || !/^[ \t]*(#.*)?$/.test(rest.slice(q[0].length))) return unreadable;
      out.push({ key: m[1]!, value: q[0], file: full });
    } else {
      out.push({ key: m[1]!, value: rest.trim(), file: full });
    }
  }
  return out;
}

/** A value without quoting, escapes, comments or interpolation, unquoted; undefined otherwise. */
function plainValue(raw: string): string | undefined {
  const v = /^'([^']*)'$/.exec(raw)?.[1] ?? /^"([^"\\$]*)"$/.exec(raw)?.[1] ?? raw;
  return /['"\\$#\s]/.test(v) ? undefined : v;
}

function split(value: string | undefined, separator: string): string[] {
  return (value ?? '').split(separator).filter((f) => f !== '');
}

function isDirectory(full: string): boolean {
  try {
    return statSync(full).isDirectory();
  } catch {
    return false;
  }
}

function exists(full: string): boolean {
  try {
    lstatSync(full);
    return true;
  } catch {
    return false;
  }
}

/**
 * A compose file must read the same twice, and load no other file docker-guard does not check:
 * `include:` (its paths and its `env_file`) and `extends: {file: …}` make compose-go read files
 * named inside the YAML (loader/include.go, extends.go), which docker-guard does not parse; one
 * that is `/dev/stdin`, a FIFO or `/proc/<pid>/fd/0` reads differently in the check and the run.
 * A word scan: a file that merely mentions `include` (or `extends` and `file`) is refused too, and
 * so is one with a YAML/JSON escape (`\x69nclude`, a `\` line fold) that could spell those keys.
 */
function composeFileProblem(full: string, label: string): string | undefined {
  const problem = notRegular(full, label);
  if (problem) return problem;
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (e) {
    return `${label} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  const loads = /\binclude\b/.test(text) ? 'include'
    : /\bextends\b/.test(text) && /\bfile\b/.test(text) ? 'extends with a file'
    // A letter escape, or a backslash before any line break YAML knows (it joins the lines).
    : /\\[xuU]|\\[\r\n\u0085\u2028\u2029]/.test(text) ? 'an escape that could spell include or extends'
    // A tag other than compose's own: `!!binary aW5jbHVkZQ==` is the key "include".
    : /(^|[\s[\]{},:])!(?!(?:reset|override)(?=[\s,\]}]|$))/m.test(text) || /^%/m.test(text) ? 'a YAML tag or directive that could spell include or extends'
    // Not UTF-8 (a UTF-16 file with a BOM is read by YAML all the same), or a NUL.
    : text.includes('\uFFFD') || text.includes('\u0000') ? 'an encoding other than UTF-8' : undefined;
  if (loads === undefined) return undefined;
  return `${label} uses ${loads}: compose would load files named in it, which docker-guard does not read and so cannot check (one could be /dev/stdin, read differently in the check and the real run); put everything in the files named on the command line`;
}
