import { nodeFs, nodePath } from './node-builtins.js';
import { atOrBelow } from './path-prefix.js';

// Whether a writable bind of a host path gives the caller a way to root: a container is root
// inside and may create files there as it likes. On a file system mounted without nosuid it can
// leave a setuid-root program, without nodev a device node, for the caller to use on the host;
// and where hard links are not protected (fs.protected_hardlinks) the caller can link someone
// else's file (/etc/shadow) into the directory for the container to edit. I/O: the edge.

export interface Mount {
  /** mountinfo's mount id (what /proc/self/fdinfo calls mnt_id). */
  readonly id: string;
  /** major:minor of the file system. */
  readonly dev: string;
  /** The directory of the file system this mount shows (a bind mount shows a subdirectory). */
  readonly root: string;
  readonly point: string;
  readonly options: readonly string[];
  /** The file system's own options (after ` - type source`), e.g. an overlay's upperdir=…. */
  readonly superOptions: string;
  /** The file system type (after ` - `): ext4, tmpfs, proc, … */
  readonly fsType: string;
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
    const unescape = (x: string): string => x.replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8)));
    const sep = f.indexOf('-', 6);
    const superOptions = sep >= 0 ? unescape(f[sep + 3] ?? '') : '';
    const fsType = sep >= 0 ? unescape(f[sep + 1] ?? '') : '';
    out.push({ id: f[0]!, dev: f[2]!, root: unescape(f[3]!), point: unescape(f[4]!), options: f[5]!.split(','), superOptions, fsType });
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

/**
 * Why a writable bind of `real` (a canonical real path, on the mount `mountId`) is unsafe, or
 * null. Not only its own mount counts: the same file system mounted elsewhere without nosuid
 * (`mountIdOf` of the place the same directory shows up there says whether another mount covers
 * it) lets the caller run there what a container left here.
 */
export function writableBindProblem(
  real: string, mountId: string | undefined, mounts: readonly Mount[], hardlinks: boolean, idOf: (p: string) => string | undefined = mountIdOf,
): string | null {
  if (!hardlinks) return 'hard links to other users\' files are not protected on this host (fs.protected_hardlinks is not 1)';
  let own: Mount | undefined;
  for (const m of mounts) if (m.id === mountId) own = m;
  if (own === undefined) return `the file system ${real} is on could not be found in /proc/self/mountinfo`;
  const unsafe = (m: Mount): string | undefined => {
    const missing = ['nosuid', 'nodev'].filter((o) => !m.options.includes(o));
    return missing.length > 0 ? `it is on ${m.point}, mounted without ${missing.join(' and ')}` : undefined;
  };
  const ownProblem = unsafe(own);
  if (ownProblem) return ownProblem;
  // Where the file system keeps this directory, and where else it shows.
  const { join, relative } = nodePath().posix;
  const fsPath = join(own.root, relative(own.point, real));
  for (const m of mounts) {
    if (m.id === own.id || m.dev !== own.dev || unsafe(m) === undefined) continue;
    if (atOrBelow(fsPath, m.root)) {
      // The other mount shows this directory (and all below it) at `elsewhere`.
      const elsewhere = join(m.point, relative(m.root, fsPath));
      if (idOf(elsewhere) === own.id) continue; // covered there by this very mount
      return `the same file system shows it at ${elsewhere} as well, mounted without nosuid or nodev (${m.point})`;
    }
    if (atOrBelow(m.root, fsPath) && idOf(m.point) === m.id) {
      // The other mount shows a directory inside this one, where a container may write too.
      return `the same file system shows ${join(real, relative(fsPath, m.root))} at ${m.point} as well, mounted without nosuid or nodev`;
    }
  }
  return null;
}

/** How the problems of subMountProblem end: what a container could do with them. */
const LEAVE_ROOT = ': a container could leave a setuid-root program or a device node there';

/**
 * Why binding `real` at all (read-only too) is unsafe because of other mounts, or null: a mount
 * below it comes along writable (docker binds recursively, read-only only at the top), so it must
 * pass the writable test itself, its file system shown elsewhere included; and an overlay that
 * takes a layer from inside it shows, without nosuid, what a container leaves there. (A loop
 * device backed by a file inside it is not looked for: README-ai-worker, Limits.)
 */
export function subMountProblem(real: string, mounts: readonly Mount[], idOf: (p: string) => string | undefined = mountIdOf): string | null {
  for (const m of mounts) {
    if (m.point !== real && atOrBelow(m.point, real)) {
      const problem = writableBindProblem(m.point, m.id, mounts, true, idOf);
      if (problem !== null) return `${m.point} is mounted below it and ${problem.replace(/^it is on /, 'is on ')}, and a bind (even read-only) brings it along writable${LEAVE_ROOT}`;
    }
    const layers = m.superOptions.split(',').filter((o) => /^(upperdir|lowerdir|workdir)=/.test(o)).flatMap((o) => o.slice(o.indexOf('=') + 1).split(':'));
    const safe = m.options.includes('nosuid') && m.options.includes('nodev');
    const layer = layers.find((l) => atOrBelow(l, real));
    if (layer !== undefined && !safe) return `the overlay at ${m.point}, mounted without nosuid or nodev, takes its layer ${layer} from inside it${LEAVE_ROOT}`;
  }
  return null;
}

/**
 * File system types that hold only files, directories and links someone stored. Everything else
 * is refused as a bind source or below one: proc shows every process's root and open files
 * (/proc/1/root is the host's /, /proc/<pid>/root/run/docker.sock another container's daemon
 * socket) and the kernel's settings (core_pattern runs a host program as root), sysfs, cgroup,
 * debugfs, tracefs, bpf, securityfs and the like are the kernel's controls, devtmpfs and devpts
 * are devices, nsfs are namespaces. A list of the safe ones, not of the dangerous: a type this
 * list does not know is refused (fail closed). FUSE is not on it: whoever serves it decides
 * what the container sees.
 */
const DATA_FILE_SYSTEMS: readonly string[] = [
  'ext2', 'ext3', 'ext4', 'xfs', 'btrfs', 'zfs', 'bcachefs', 'f2fs', 'jfs', 'reiserfs', 'nilfs2',
  'tmpfs', 'ramfs', 'overlay', 'squashfs', 'erofs', 'iso9660', 'udf',
  'vfat', 'exfat', 'ntfs3', 'ntfs', 'hfsplus',
  'nfs', 'nfs4', 'cifs', 'smb3', '9p', 'virtiofs', 'ceph', 'glusterfs',
];

/**
 * Why binding `real` (on the mount `mountId`) at all is unsafe because of the kind of file
 * system it or a mount below it is, or null: the kernel's own file systems (DATA_FILE_SYSTEMS).
 */
export function kernelFileSystemProblem(real: string, mountId: string | undefined, mounts: readonly Mount[]): string | null {
  for (const m of mounts) {
    const own = m.id === mountId;
    if (!own && !atOrBelow(m.point, real)) continue;
    if (DATA_FILE_SYSTEMS.includes(m.fsType)) continue;
    const kind = m.fsType === '' ? 'a file system of unknown type' : `a ${m.fsType} file system`;
    const where = own ? `it is on ${m.point}, ${kind}` : `${m.point} is mounted below it, ${kind}`;
    return `${where}, which is not one that only holds stored files (the kernel's views such as proc and sysfs lead to other processes' roots, their sockets and the host's settings)`;
  }
  if (mountId === undefined) return 'the file system it is on could not be found in /proc/self/mountinfo';
  return null;
}

/** A daemon's socket bind-mounted onto a file below a bind source (`mount --bind /run/docker.sock
 *  <dir>/x/docker.sock`) comes along with the bind: full control of the daemon. Found by name, in
 *  the mount's own path and in the path its file system keeps it at. */
export function socketMountProblem(real: string, mounts: readonly Mount[]): string | null {
  const socketName = (p: string): boolean => p.endsWith('/docker.sock') || p.endsWith('/containerd.sock');
  for (const m of mounts) {
    if (atOrBelow(m.point, real) && (socketName(m.point) || socketName(m.root))) {
      return `${m.point} is mounted below it from ${m.root}, a daemon socket: a container given it controls the daemon, which is root on the host`;
    }
  }
  return null;
}
