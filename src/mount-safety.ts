import { nodeFs } from './node-builtins.js';

// Whether a writable bind of a host path gives the caller a way to root: a container is root
// inside and may create files there as it likes. On a file system mounted without nosuid it can
// leave a setuid-root program, without nodev a device node, for the caller to use on the host;
// and where hard links are not protected (fs.protected_hardlinks) the caller can link someone
// else's file (/etc/shadow) into the directory for the container to edit. I/O: the edge.

export interface Mount {
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
    out.push({ point, options: f[5]!.split(',') });
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

/** Why a writable bind of `real` (a canonical real path) is unsafe, or null. */
export function writableBindProblem(real: string, mounts: readonly Mount[], hardlinks: boolean): string | null {
  if (!hardlinks) return 'hard links to other users\' files are not protected on this host (fs.protected_hardlinks is not 1)';
  let best: Mount | undefined;
  for (const m of mounts) {
    const under = m.point === '/' || real === m.point || real.startsWith(m.point + '/');
    if (under && (best === undefined || m.point.length >= best.point.length)) best = m;
  }
  if (best === undefined) return 'the file system it is on could not be found in /proc/self/mountinfo';
  const missing = ['nosuid', 'nodev'].filter((o) => !best!.options.includes(o));
  if (missing.length > 0) return `it is on ${best.point}, mounted without ${missing.join(' and ')}`;
  return null;
}
