import type { Refusal } from './policy/decision.js';

// What the caller can do instead of a refused command, for the refusal message: an agent reads
// the message to choose its next command, and "ask the administrator" alone leaves it nowhere
// (a usability round found an agent retrying refused spellings). Pure; presentation only: the
// decision is made before, and no hint is a way around it.

/** Hints by the capability a command needs (its canonical name, or the one a back-door reaches). */
const BY_CAPABILITY: Readonly<Record<string, string>> = {
  'container exec': 'run the command in a new container of the same image: `docker compose run --rm SERVICE CMD`, or `docker run --rm IMAGE CMD`',
  'container attach': 'start it without attaching, then follow its output with `docker logs -f CONTAINER`',
  'container cp': 'put files into an image with `COPY` in a Dockerfile, or share them through a named volume',
  'container kill': '`docker stop -t 0 CONTAINER` stops it at once',
  'container create': '`docker run -d` creates and starts a container',
  'image tag': '`docker build -t NEWNAME .` gives a build another name (from the build cache)',
  'volume rm': 'use a new volume name for a fresh volume; removing volumes is the administrator\'s',
  'image save': 'keep the result in the daemon\'s image store (`docker build -t NAME .`)',
  'image push': 'keep the image local; pushing is the administrator\'s',
  'image pull': 'use an image that is here (`--pull never`)',
};

/** Hints by the rule that refused. */
const BY_RULE: Readonly<Record<string, string>> = {
  'join-network': 'to reach a compose project\'s services, use `docker compose run --rm SERVICE CMD`, or add the service to the project\'s compose file',
  'bind-mount': 'use a named volume (`-v NAME:/path`), or copy the files into the image with `docker build`',
  'prune-networks': 'run `docker compose down` for your own projects, or remove what you made by name (`docker rm`, `docker rmi`)',
  'powerful-container': 'it is not a container you could have made: leave it to the administrator, and act on your own containers and image names',
  'build-hosts-proxies': 'build without them; proxies for builds are the administrator\'s to allow (build.hostsAndProxies)',
  'compose-model': 'fix what the reason names; `docker compose config` shows compose\'s own error',
  'malformed-argv': 'check the flags (`docker COMMAND --help`)',
  'endpoint-unverified': 'run it with no DOCKER_HOST, DOCKER_CONTEXT or TLS variables and no context picked in config.json, so that docker reaches the daemon\'s own socket',
};

/** Rules that refuse the caller's own mistake, not something the policy keeps from it. */
const CALLERS_MISTAKE: ReadonlySet<string> = new Set(['compose-model', 'malformed-argv']);

export function insteadOf(decision: Refusal): string | undefined {
  const byRule = BY_RULE[decision.rule];
  if (byRule !== undefined) return byRule;
  // A back-door names the capability it reaches (decide.ts checkImplied: "which is `X`").
  const reached = decision.rule === 'back-door' ? /which is `([^`]+)`/.exec(decision.reason)?.[1] : undefined;
  const capability = reached ?? decision.command.replace(/^compose /, 'container ');
  return Object.hasOwn(BY_CAPABILITY, capability) ? BY_CAPABILITY[capability] : undefined;
}

export function isCallersMistake(rule: string): boolean {
  return CALLERS_MISTAKE.has(rule);
}
