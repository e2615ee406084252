import type { ComposeInvocation } from './compose-argv.js';

// The argv that makes the real docker print the model compose would act on:
// `docker [globals] compose [project flags] config --format json`. `config` loads the project
// through the same ProjectOptions.ToProject as up/run/create (cmd/compose/config.go
// runConfigInterpolate): interpolation, .env, COMPOSE_FILE/COMPOSE_PROFILES, every -f merged,
// include/extends, profiles, normalisation and absolute paths. Only the flags that change what is
// loaded are repeated, each as `--name=value` so a value can never be read as a flag; cosmetic
// ones (--ansi, --progress, --parallel, --verbose, --dry-run) are left out, and so is
// --compatibility: `config` takes it as "do not normalise" (cmd/compose/config.go), which drops
// the volume names and the default network from the model `up` would use (`up` only changes the
// container-name separator with it); and so are
// --no-interpolate & co.: the point is exactly the model compose would use.

/** The compose-level flags that change which project is loaded (compose.go addProjectFlags). */
const PROJECT_FLAGS: ReadonlySet<string> = new Set([
  'file', 'project-name', 'project-directory', 'workdir', 'profile', 'env-file', 'all-resources',
]);

/**
 * Environment for the `config` run: compose's remote loaders (git and OCI, enabled unless these
 * are false: pkg/remote/git.go, oci.go) would fetch `include:`, `extends.file` or `-f` resources
 * again at each run, so what `config` showed need not be what `up` gets. With them off, a remote
 * reference makes `config` fail, and the command is refused: a model the guard could read has no
 * remote part, so the real command, which keeps the caller's environment, loads the same files.
 */
export const COMPOSE_REMOTE_OFF_ENV: Readonly<Record<string, string>> = {
  COMPOSE_EXPERIMENTAL_GIT_REMOTE: 'false',
  COMPOSE_EXPERIMENTAL_OCI_REMOTE: 'false',
};

export function composeConfigArgv(dockerGlobals: readonly string[], inv: ComposeInvocation): string[] | { ok: false; error: string } {
  for (const file of inv.globals.files) {
    if (file === '-') {
      return { ok: false, error: '`-f -` reads the compose file from stdin, which can be read only once: docker-guard cannot check the model and still pass it on' };
    }
    const remote = remoteComposeSource(file);
    if (remote) {
      return { ok: false, error: `\`-f ${file}\` is a remote compose file (${remote}): compose would fetch it again when it runs, so the model docker-guard checks need not be the one that runs` };
    }
  }
  const project: string[] = [];
  for (const f of inv.globals.flags) {
    if (PROJECT_FLAGS.has(f.name)) project.push(`--${f.name}=${f.value}`);
  }
  return [...dockerGlobals, 'compose', ...project, 'config', '--format', 'json'];
}

/**
 * Why compose would treat a -f value as a remote resource, or undefined. compose v2.36.2 asks each
 * loader: OCI accepts `oci://…` (pkg/remote/oci.go), git accepts what buildkit's
 * gitutil.ParseGitRef parses (URLs with a git transport, `git@host:path`, `github.com/…`,
 * `….git`); compose-go treats any other `scheme://` as a path it cannot open. Anything that looks
 * remote is refused: a local file whose name ends in `.git` is refused too, which fails closed.
 */
export function remoteComposeSource(file: string): string | undefined {
  const lower = file.toLowerCase();
  if (lower.startsWith('oci://')) return 'an OCI artifact';
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(lower)) return 'a URL';
  if (/^[^/:@\s]+@[^/:\s]+:/.test(file)) return 'a git repository';
  if (lower.startsWith('github.com/')) return 'a git repository';
  if (/\.git(#.*)?$/.test(lower) || lower.includes('.git#')) return 'a git repository';
  return undefined;
}
