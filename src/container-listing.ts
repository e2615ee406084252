import { goTrimSpace } from './container/go-strings.js';
import { jsonLines, queryRealDocker } from './real-docker-query.js';

// Asks the daemon for the containers a filter selects, each as `docker container inspect`
// describes it, through the real docker with the caller's environment and global flags:
//   docker [globals] container ls -a -q --no-trunc --filter F…
//   docker [globals] container inspect --format '{{json .}}' ID…
// Anything but that answer (a failure, a line that is not an id or not JSON, a container gone
// between the two questions) is an error: the caller refuses rather than guesses. I/O: the edge.

export function inspectContainers(
  realDocker: string,
  dockerGlobals: readonly string[],
  filters: readonly string[],
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): { ok: true; containers: unknown[] } | { ok: false; error: string } {
  const listed = containerIds(realDocker, dockerGlobals, filters, cwd, env);
  if (!listed.ok) return listed;
  if (listed.ids.length === 0) return { ok: true, containers: [] };
  const inspected = queryRealDocker(realDocker, [...dockerGlobals, 'container', 'inspect', '--format', '{{json .}}', '--', ...listed.ids], cwd, env, QUERY);
  if (inspected.error || inspected.status !== 0 || typeof inspected.stdout !== 'string') return { ok: false, error: `inspecting containers failed: ${whyFailed(inspected)}` };
  const described = containerLines(inspected.stdout);
  if (!described.ok) return described;
  if (described.containers.length !== listed.ids.length) return { ok: false, error: `asked about ${listed.ids.length} containers, the daemon described ${described.containers.length}` };
  // Each listed container described once, and no other: an answer about another container would
  // leave one unjudged (a red-team round fed the guard such answers).
  const ids = new Set(described.containers.map(idOf));
  if (ids.size !== listed.ids.length || !listed.ids.every((id) => ids.has(id))) return { ok: false, error: 'the daemon described other containers than the ones listed' };
  return described;
}

const QUERY = { timeoutMs: 30_000, maxBuffer: 64 * 1024 * 1024 };

/**
 * The names (RepoTags) of the images these words designate, as `docker image inspect` resolves
 * them (a name, an id or an id prefix): `rmi <id>` untags every name of that image (a red-team
 * round freed an administrator's image name this way). A word that names no image adds nothing
 * (`rmi` fails on it too); an answer that is not that list is an error.
 */
export function imageTags(
  realDocker: string,
  dockerGlobals: readonly string[],
  words: readonly string[],
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): { ok: true; tags: string[] } | { ok: false; error: string } {
  if (words.length === 0) return { ok: true, tags: [] };
  const r = queryRealDocker(realDocker, [...dockerGlobals, 'image', 'inspect', '--format', '{{json .RepoTags}}', '--', ...words], cwd, env, QUERY);
  if (r.error || typeof r.stdout !== 'string') return { ok: false, error: `inspecting images failed: ${whyFailed(r)}` };
  // Every error line must be "no such image" for a word asked (whole lines, as for volumes and
  // networks: a word could carry another's error text; red-team round 23).
  if (r.status !== 0 && !(r.stderr ?? '').split('\n').every((line) => line.trim() === '' || noSuchImage(line.trim(), words))) {
    return { ok: false, error: `inspecting images failed: ${whyFailed(r)}` };
  }
  const answers = jsonLines(r.stdout);
  if (answers === undefined) return { ok: false, error: 'the daemon\'s list of an image\'s names is not JSON' };
  const tags: string[] = [];
  for (const v of answers) {
    if (v === null) continue;
    if (!Array.isArray(v) || v.some((t) => typeof t !== 'string')) return { ok: false, error: 'the daemon\'s list of an image\'s names is not a list of names' };
    tags.push(...(v as string[]));
  }
  return { ok: true, tags };
}

/** `container ls -a -q --no-trunc` with these filters: full ids, or an error for anything else. */
function containerIds(
  realDocker: string,
  dockerGlobals: readonly string[],
  filters: readonly string[],
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): { ok: true; ids: string[] } | { ok: false; error: string } {
  const listed = queryRealDocker(realDocker, [...dockerGlobals, 'container', 'ls', '-a', '-q', '--no-trunc', ...filters.flatMap((f) => ['--filter', f])], cwd, env, QUERY);
  if (listed.error || listed.status !== 0 || typeof listed.stdout !== 'string') return { ok: false, error: `listing containers failed: ${whyFailed(listed)}` };
  const ids = listed.stdout.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  if (ids.some((id) => !/^[0-9a-f]{64}$/.test(id))) return { ok: false, error: 'the container list is not a list of container ids' };
  return { ok: true, ids };
}

/** One container description per line of `inspect --format '{{json .}}'` output. */
function containerLines(stdout: string): { ok: true; containers: unknown[] } | { ok: false; error: string } {
  const containers = jsonLines(stdout);
  return containers === undefined ? { ok: false, error: 'the daemon\'s description of a container is not JSON' } : { ok: true, containers };
}

function whyFailed(r: { error?: Error; status: number | null; stderr: string | null }): string {
  return (r.stderr ?? '').split('\n').find((l) => l.trim() !== '')?.trim() ?? String(r.error ?? `exit ${r.status}`);
}

/**
 * The containers these names (or ids) designate, as `docker container inspect` describes them; a
 * name the daemon does not know is left out (the command fails on it anyway), any other failure is
 * an error.
 */
export function inspectNamedContainers(
  realDocker: string,
  dockerGlobals: readonly string[],
  names: readonly string[],
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): { ok: true; containers: unknown[] } | { ok: false; error: string } {
  const r = queryRealDocker(realDocker, [...dockerGlobals, 'container', 'inspect', '--format', '{{json .}}', '--', ...names], cwd, env, QUERY);
  if (r.error || typeof r.stdout !== 'string') return { ok: false, error: `inspecting containers failed: ${whyFailed(r)}` };
  const errors = r.status === 0 ? [] : (r.stderr ?? '').split('\n').filter((l) => l.trim() !== '');
  if (r.status !== 0 && (errors.length === 0 || !errors.every((l) => /^Error(: No such container| response from daemon: No such container): /.test(l)))) {
    return { ok: false, error: `inspecting containers failed: ${whyFailed(r)}` };
  }
  const described = containerLines(r.stdout);
  if (!described.ok) return described;
  // Every word answered, by a description of a container it designates or by "No such container":
  // an empty or unrelated answer would leave the container unjudged (a red-team round).
  if (described.containers.length + errors.length !== names.length) return { ok: false, error: `asked about ${names.length} containers, the daemon answered for ${described.containers.length + errors.length}` };
  for (const c of described.containers) {
    const id = idOf(c);
    const name = (c as { Name?: unknown } | null)?.Name;
    const designated = names.some((w) => {
      const word = goTrimSpace(w);
      // The daemon finds a name with or without its leading `/` (`docker start /web`).
      return word !== '' && (id.startsWith(word) || (typeof name === 'string' && name.replace(/^\//, '') === word.replace(/^\//, '')));
    });
    if (!designated) return { ok: false, error: 'the daemon described a container none of the words designates' };
  }
  return described;
}

/** A container description's full id, or '' when it has none. */
function idOf(c: unknown): string {
  const id = (c as { Id?: unknown } | null)?.Id;
  return typeof id === 'string' && /^[0-9a-f]{64}$/.test(id) ? id : '';
}

/**
 * The ids of every container whose id starts with one of these words (those that are lower-case
 * hex). The daemon looks a word up as an exact id, then an exact name, then an id prefix: a word
 * that names one container now designates another once that one is gone, even within one
 * command (`docker start 3fe0 … 3fe0`, the second after the first removed itself).
 */
export function containerIdsWithPrefixes(
  realDocker: string,
  dockerGlobals: readonly string[],
  words: readonly string[],
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): { ok: true; ids: string[] } | { ok: false; error: string } {
  // The client trims each word as Go's strings.TrimSpace does (Unicode spaces too) before the daemon
  // looks it up: ' c001' is c001 to the daemon (a red-team round).
  const prefixes = words.map((w) => goTrimSpace(w)).filter((w) => /^[0-9a-f]+$/.test(w));
  if (prefixes.length === 0) return { ok: true, ids: [] };
  const listed = containerIds(realDocker, dockerGlobals, [], cwd, env);
  if (!listed.ok) return listed;
  return { ok: true, ids: listed.ids.filter((id) => prefixes.some((p) => id.startsWith(p))) };
}

/**
 * Of all containers, those created from one of these image words: by the name they were created
 * from (Config.Image), or by their image's id when the word is hex (`rmi <id>` removes the image
 * and every name of it); and, with `alsoAny`, those created from any name it accepts.
 */
export function containersCreatedFrom(
  all: ReturnType<typeof inspectContainers>,
  words: readonly string[],
  normalise: (ref: string) => string,
  alsoAny?: (image: string) => boolean,
): ReturnType<typeof inspectContainers> {
  if (!all.ok) return all;
  const trimmed = words.map((w) => goTrimSpace(w));
  const names = new Set(trimmed.map(normalise));
  const idPrefixes = trimmed.filter((w) => /^(sha256:)?[0-9a-f]+$/.test(w)).map((w) => w.replace(/^sha256:/, ''));
  return {
    ok: true,
    containers: all.containers.filter((v) => {
      const c = v as { Image?: unknown; Config?: { Image?: unknown } } | null;
      const image = c?.Config?.Image;
      const id = typeof c?.Image === 'string' ? c.Image.replace(/^sha256:/, '') : '';
      return typeof image !== 'string' || names.has(normalise(image)) || idPrefixes.some((p) => id.startsWith(p)) || (alsoAny?.(image) ?? false);
    }),
  };
}

/** `Error response from daemon: No such image: WORD…` (the daemon may name it twice, `:latest` added). */
function noSuchImage(line: string, words: readonly string[]): boolean {
  const prefix = 'Error response from daemon: ';
  if (!line.startsWith(prefix)) return false;
  const rest = line.slice(prefix.length).toLowerCase();
  return words.some((w) => {
    const said = `no such image: ${w.trim().toLowerCase()}`;
    return rest.startsWith(said) && /^(:|$)/.test(rest.slice(said.length));
  });
}
