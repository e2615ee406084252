import { nodeFs } from './node-builtins.js';

// Whether a writable bind of a host path gives the caller a way to root: a container is root
// inside and may create files there as it likes. On a file system mounted without nosuid it can
// leave a setuid-root program, without nodev a device node, for the caller to use on the host;
// and where hard links are not protected (fs.protected_hardlinks) the caller can link someone
// else's file (/etc/shadow) into the directory for the container to edit. I/O: the edge.

export interface Mount {
  /** mountinfo's mount id (what /proc/self/fdinfo calls mnt_id). */
  readonly id: string;
  readonly point: string;
  readonly options: readonly string[];
}

/** /proc/self/mountinfo, in order (a later mount at the same point is on top). */
export function readMounts(): Mount[] {
  let text: string;
  try {
    text = nodeFs().readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return [];
  }
  const out: Mount[] = [];
  for (const line of text.split('\n')) {
    const f = line.split(' ');
    if (f.length < 6) continue;
    // The mount point escapes space, tab, newline and backslash as \ooo.
    const point = f[4]!.replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8)));
    out.push({ id: f[0]!, point, options: f[5]!.split(',') });
  }
  return out;
}

export function hardlinksProtected(): boolean {
  try {
    return nodeFs().readFileSync('/proc/sys/fs/protected_hardlinks', 'utf8').trim() === '1';
  } catch {
    return false;
  }
}

/** O_PATH (Linux): an fd naming a path, opened without read permission; not in node's constants. */
const O_PATH = 0o10000000;

/**
 * The mount id of the file system `real` is on (or, when it does not exist yet, its deepest
 * existing ancestor), from an fd opened on it: a prefix match against mount points would pick a
 * mount hidden under a later one mounted over its parent.
 */
export function mountIdOf(real: string): string | undefined {
  const { closeSync, lstatSync, openSync, readFileSync } = nodeFs();
  let p = real;
  for (;;) {
    try {
      lstatSync(p);
      break;
    } catch {
      if (p === '/') return undefined;
      p = p.slice(0, p.lastIndexOf('/')) || '/';
    }
  }
  let fd: number | undefined;
  try {
    fd = openSync(p, O_PATH);
    return /^mnt_id:\s*(\d+)\s*$/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))?.[1];
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Why a writable bind of `real` (a canonical real path, on the mount `mountId`) is unsafe, or null. */
export function writableBindProblem(real: string, mountId: string | undefined, mounts: readonly Mount[], hardlinks: boolean): string | null {
  if (!hardlinks) return 'hard links to other users\' files are not protected on this host (fs.protected_hardlinks is not 1)';
  let best: Mount | undefined;
  for (const m of mounts) if (m.id === mountId) best = m;
  if (best === undefined) return `the file system ${real} is on could not be found in /proc/self/mountinfo`;
  const missing = ['nosuid', 'nodev'].filter((o) => !best!.options.includes(o));
  if (missing.length > 0) return `it is on ${best.point}, mounted without ${missing.join(' and ')}`;
  return null;
}
