import { nodeFs, nodePath } from './node-builtins.js';
import { notRegular } from './stable-file.js';

// What outside the argv decides where `docker build` runs. With buildx installed, `docker build`
// is `docker buildx build`, and buildx picks its builder from BUILDX_BUILDER, its store
// (BUILDX_CONFIG, else <docker config>/buildx: `current`, `instances/`) and the context: an
// instance with the docker-container driver makes buildx create a privileged container from any
// image (buildx driver/docker-container). And config.json `aliases.builder` sends `docker build`
// to any CLI plugin. The caller owns all of these, so a build is refused while any of them points
// away from the plain builder. I/O: the edge (only for the commands that build).

export function buildEnvironmentProblem(env: Readonly<Record<string, string | undefined>>): string | undefined {
  for (const name of ['BUILDX_BUILDER', 'BUILDX_CONFIG'] as const) {
    const v = env[name];
    if (v !== undefined && v !== '') {
      return `${name}=${v} makes buildx use a builder docker-guard cannot see (a docker-container builder is a privileged container from an image of the caller's choosing); unset it`;
    }
  }
  const { existsSync, readdirSync, readFileSync } = nodeFs();
  const { join } = nodePath().posix;
  const configDir = env.DOCKER_CONFIG !== undefined && env.DOCKER_CONFIG !== '' ? env.DOCKER_CONFIG : join(homeDir(env), '.docker');
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
  }
  const store = join(configDir, 'buildx');
  if (existsSync(join(store, 'current'))) {
    return `${join(store, 'current')} selects a buildx builder instance docker-guard cannot see (a docker-container builder is a privileged container); remove it to build with the default builder`;
  }
  let instances: string[] = [];
  try {
    instances = readdirSync(join(store, 'instances'));
  } catch {
    instances = [];
  }
  if (instances.length > 0) {
    return `${join(store, 'instances')} holds buildx builder instances (${instances.join(', ')}), one of which buildx may use (one named after the context is used by default); remove them to build with the default builder`;
  }
  return undefined;
}

/** docker's home: $HOME, else the user database (os.homedir does the same). */
function homeDir(env: Readonly<Record<string, string | undefined>>): string {
  if (env.HOME !== undefined && env.HOME !== '') return env.HOME;
  return (require('node:os') as typeof import('node:os')).homedir();
}
