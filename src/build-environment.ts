import { dockerConfigDir } from './docker-config-dir.js';
import { nodeFs, nodePath } from './node-builtins.js';
import { notRegular } from './stable-file.js';

// What outside the argv decides where `docker build` runs. With buildx installed, `docker build`
// is `docker buildx build`, and buildx picks its builder from BUILDX_BUILDER, its store
// (BUILDX_CONFIG, else <docker config>/buildx: `current`, `instances/`) and the context: an
// instance with the docker-container driver makes buildx create a privileged container from any
// image (buildx driver/docker-container). And config.json `aliases.builder` sends `docker build`
// to any CLI plugin. For compose, COMPOSE_BAKE (or config.json `plugins.compose.build: bake`)
// makes it run the buildx plugin itself, `buildx bake` (compose v2.36.2 pkg/compose/build_bake.go),
// with a build definition docker-guard does not read. The caller owns all of these, so a build is
// refused while any of them points away from the plain builder. I/O: the edge (only for the
// commands that build). What the caller changes after this check is a race it runs against
// itself, not seen here (README-ai-worker, Limits).

/** strconv.ParseBool's spellings; COMPOSE_BAKE with any other value makes compose fail. */
const GO_FALSE: ReadonlySet<string> = new Set(['0', 'f', 'F', 'false', 'FALSE', 'False']);
const GO_TRUE: ReadonlySet<string> = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);

export function buildEnvironmentProblem(env: Readonly<Record<string, string | undefined>>, builds: 'docker build' | 'compose build'): string | undefined {
  for (const name of ['BUILDX_BUILDER', 'BUILDX_CONFIG'] as const) {
    const v = env[name];
    if (v !== undefined && v !== '') {
      return `${name}=${v} makes buildx use a builder docker-guard cannot see (a docker-container builder is a privileged container from an image of the caller's choosing); unset it`;
    }
  }
  const bake = env.COMPOSE_BAKE;
  if (builds === 'compose build' && bake !== undefined && !GO_FALSE.has(bake)) {
    return GO_TRUE.has(bake)
      ? `COMPOSE_BAKE=${bake} makes compose run the buildx plugin (\`buildx bake\`) for its builds, with a build definition docker-guard does not read; unset it`
      : `COMPOSE_BAKE=${JSON.stringify(bake)} is neither true nor false to compose (strconv.ParseBool), which then fails its builds; unset it`;
  }
  const { existsSync, readdirSync, readFileSync } = nodeFs();
  const { join } = nodePath().posix;
  const configDir = dockerConfigDir(env);
  if (configDir === null) return 'HOME is not set and the user database has no home directory for the caller, so docker-guard cannot find the docker configuration that picks the builder; set HOME or DOCKER_CONFIG';
  const configFile = join(configDir, 'config.json');
  if (existsSync(configFile)) {
    // docker reads it again when it runs: a FIFO could answer this check with `{}`.
    const unstable = notRegular(configFile, configFile);
    if (unstable) return `${unstable}, so docker-guard cannot tell whether its aliases send \`docker build\` to another program`;
    let text: string;
    try {
      text = readFileSync(configFile, 'utf8');
      JSON.parse(text);
    } catch {
      return `${configFile} cannot be read as JSON, so docker-guard cannot tell whether its \`aliases\` send \`docker build\` to another program`;
    }
    // Go's encoding/json matches the field `aliases` in any case, Unicode folding included
    // (`aliaſes`), merges a repeated object into the map and skips a repeat of the wrong type; the
    // map key `builder` is exact. So every `"builder": …` anywhere in the file counts, escapes decoded.
    const decoded = text.replace(/\\u([0-9a-fA-F]{4})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    for (const m of decoded.matchAll(/"builder"\s*:\s*("(?:[^"\\]|\\.)*"|[^,}\s]+)/g)) {
      if (m[1] !== '"buildx"') {
        return `${configFile} sets an alias \`builder: ${m[1]}\`, which makes \`docker build\` run that CLI plugin instead`;
      }
    }
    // `plugins.compose.build: bake` (the same folding; the map keys are exact): any "build": "bake".
    if (builds === 'compose build' && /"build"\s*:\s*"bake"/.test(decoded)) {
      return `${configFile} sets \`plugins.compose.build: bake\`, which makes compose run the buildx plugin (\`buildx bake\`) for its builds, with a build definition docker-guard does not read`;
    }
  }
  const store = join(configDir, 'buildx');
  const current = join(store, 'current');
  if (existsSync(current)) {
    const problem = currentProblem(current, readFileSync);
    if (problem) return problem;
  }
  let instances: string[] = [];
  try {
    instances = readdirSync(join(store, 'instances'));
  } catch (e) {
    // buildx opens an instance by name (the context's, by default), which needs only search
    // permission: a folder the caller may not list can still hold one (a red-team round, mode 0300).
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    if (code !== 'ENOENT') {
      return `${join(store, 'instances')} cannot be listed (${code}), so docker-guard cannot tell which buildx builder instances it holds (buildx opens one by name, one named after the context by default); remove it or make it readable`;
    }
  }
  if (instances.length > 0) {
    return `${join(store, 'instances')} holds buildx builder instances (${instances.join(', ')}), one of which buildx may use (one named after the context is used by default); remove them to build with the default builder`;
  }
  return undefined;
}

/**
 * buildx's `current` (store/store.go Txn.Current) names an instance by `Name`, looked up in
 * `instances/` (which must be empty for a build to pass, below); compose's builds write one with
 * an empty Name, which selects nothing. So it is refused only when it could name one: a Name (Go
 * matches the field in any case; the last repeat wins, every one counts here), or a file buildx
 * would read differently or not parse.
 */
function currentProblem(current: string, readFileSync: typeof import('node:fs').readFileSync): string | undefined {
  const selects = `${current} selects a buildx builder instance docker-guard cannot see (a docker-container builder is a privileged container); remove it to build with the default builder`;
  const unstable = notRegular(current, current);
  if (unstable) return `${unstable}, so docker-guard cannot tell which buildx builder it selects`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(current, 'utf8'));
  } catch {
    return selects;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return selects;
  for (const [key, value] of Object.entries(parsed)) {
    if (key.toLowerCase() === 'name' && value !== '') return selects;
  }
  return undefined;
}

/**
 * Proxies in config.json: the docker CLI gives every build their addresses as the predefined proxy
 * build args (cli/command/image/build.go, configfile ParseProxyConfig; compose does the same for its
 * builds), which the build cache does not key on (src/docker/build-cache-blind.ts; red-team round
 * 19 planted a layer that way). Go matches the field `proxies` in any case (`proxieſ` too) and
 * merges repeats, so any such key with a value other than `{}` or `null` counts. A config.json
 * that cannot be read is buildEnvironmentProblem's to refuse.
 */
export function configProxies(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const configDir = dockerConfigDir(env);
  if (configDir === null) return undefined;
  const configFile = nodePath().posix.join(configDir, 'config.json');
  let text: string;
  try {
    text = nodeFs().readFileSync(configFile, 'utf8');
  } catch {
    return undefined;
  }
  const decoded = text.replace(/\\u([0-9a-fA-F]{4})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))).replace(/\u017f/g, 's').toLowerCase();
  for (const m of decoded.matchAll(/"proxies"\s*:\s*(\{\s*\}|null\b)?/g)) {
    if (m[1] === undefined) return `${configFile} sets \`proxies\`, which the docker client passes to every build as the proxy build args`;
  }
  return undefined;
}
