// Image references as the daemon stores them, for comparing the name a container was created
// from with a name a command replaces (build -t, rmi, pulls, compose). Pure.

/**
 * An image reference in the form the daemon stores (`x` is `docker.io/library/x:latest`), for
 * comparing the name a container was created from with a name a command replaces. A digest or an
 * id stays as it is.
 */
export function normalisedImageName(ref: string): string {
  const name = ref.trim();
  if (name.includes('@') || /^(sha256:)?[0-9a-f]{12,64}$/.test(name)) return name;
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  const hasDomain = first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost');
  let full = hasDomain ? name : `docker.io/${name}`;
  if (!hasDomain && slash < 0) full = `docker.io/library/${name}`;
  const lastPart = full.slice(full.lastIndexOf('/') + 1);
  return lastPart.includes(':') ? full : `${full}:latest`;
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
