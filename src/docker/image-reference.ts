// Image references as the daemon stores them, for comparing the name a container was created
// from with a name a command replaces (build -t, rmi, pulls, compose). Pure.

/**
 * An image reference in the form the daemon stores (`x` is `docker.io/library/x:latest`), as
 * distribution/reference ParseNormalizedNamed reads it (docker/cli v28.2.2 vendor
 * github.com/distribution/reference/normalize.go splitDockerDomain): the first component is a
 * registry only when it has a `.` or `:`, is `localhost`, or is not lowercase; `index.docker.io`
 * is `docker.io`; a one-part name on `docker.io` is under `library/`. `:latest` is added when
 * there is neither tag nor digest. An image id (`sha256:…`, or 64 hex digits, which no name may
 * be) stays as it is; a shorter hex word is a name first: the daemon looks `295fb47f2fcd` up as
 * `docker.io/library/295fb47f2fcd:latest` before it tries it as an id prefix (a red-team round
 * re-tagged a container's short-id image name this way).
 */
export function normalisedImageName(ref: string): string {
  const name = ref.trim();
  if (/^(sha256:[0-9a-f]+|[0-9a-f]{64})$/.test(name)) return name;
  const at = name.indexOf('@');
  const repoTag = at < 0 ? name : name.slice(0, at);
  const digest = at < 0 ? '' : name.slice(at);
  const slash = repoTag.indexOf('/');
  const first = slash < 0 ? '' : repoTag.slice(0, slash);
  const isDomain = slash >= 0 && (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first);
  let domain = isDomain ? first : 'docker.io';
  let remainder = isDomain ? repoTag.slice(slash + 1) : repoTag;
  if (domain === 'index.docker.io') domain = 'docker.io';
  if (domain === 'docker.io' && !remainder.includes('/')) remainder = `library/${remainder}`;
  const full = `${domain}/${remainder}`;
  const tagged = full.slice(full.lastIndexOf('/') + 1).includes(':');
  return digest !== '' ? `${full}${digest}` : tagged ? full : `${full}:latest`;
}

/**
 * Whether a pull of this reference could give its name content of the caller's choosing: not by
 * digest (that tags nothing), and not an official image (`docker.io/library/…`, which only Docker's
 * official-images program publishes), so that pulling `postgres:16` while an administrator's
 * container runs it stays allowed.
 */
export function replaceableByPull(ref: string): boolean {
  return !ref.includes('@') && !normalisedImageName(ref).startsWith('docker.io/library/');
}

/** The repository of an image reference, without its tag (`x` is `docker.io/library/x`). */
export function normalisedRepository(ref: string): string {
  const full = normalisedImageName(ref);
  if (full.includes('@')) return full;
  const colon = full.lastIndexOf(':');
  return colon > full.lastIndexOf('/') ? full.slice(0, colon) : full;
}
