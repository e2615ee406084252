// A throw-away real dockerd for end-to-end tests (requires root).
//
// Everything lives in one fresh temp directory: socket, data root (vfs: no overlay needed),
// exec root (where dockerd's own supervised containerd puts its socket), pid file and log. No
// bridge, no iptables, own containerd namespaces: it runs beside any other dockerd on the machine
// without touching it. Containers must be run with `--network none`.
//
// The image `dg-busybox:latest` is made offline: a root with the static busybox and a symlink per
// applet, tarred and `docker import`ed with the real 28.x client.
//
// A daemon never outlives the test process: stop() ends it by pid (SIGTERM, then SIGKILL); a
// process 'exit' handler and SIGINT/SIGTERM handlers do the same synchronously; and a small
// watchdog process ends it if the test process dies without running any handler (SIGKILL, crash).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { runDocker } from './real-docker.js';

export interface Dockerd {
  /** `unix://` + socketPath. */
  host: string;
  socketPath: string;
  /** Pid of the dockerd process. */
  pid: number;
  /** An imported busybox image: `sh`, `sleep`, `cat`, `echo`, `true`, `ls`, … (all applets). */
  image: string;
  /** The daemon's log file (stdout + stderr), for diagnostics. */
  logFile: string;
  stop(): Promise<void>;
}

export interface StartDockerdOptions {
  /** Name of the image to import; default `dg-busybox:latest`. */
  image?: string;
  /** How long to wait for `_ping`; default 60 s. */
  startTimeoutMs?: number;
}

const DOCKERD_CANDIDATES = ['/usr/sbin/dockerd', '/usr/bin/dockerd', '/usr/local/bin/dockerd'];
const BUSYBOX_CANDIDATES = ['/usr/bin/busybox', '/bin/busybox'];
export const DEFAULT_IMAGE = 'dg-busybox:latest';

function firstExisting(paths: readonly string[], what: string): string {
  const found = paths.find((p) => existsSync(p));
  if (!found) throw new Error(`${what} not found (looked at ${paths.join(', ')})`);
  return found;
}

/** One running daemon's resources, for the synchronous emergency cleanup. */
interface Live {
  dir: string;
  pid: number;
  watchdog?: ChildProcess;
}
const live = new Set<Live>();
let handlersInstalled = false;

function cmdlineOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return undefined;
  }
}

/** Pids whose command line names `dir` (dockerd, its containerd, containerd shims): all started by us. */
function pidsUsing(dir: string): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    if (cmdlineOf(pid)?.includes(dir)) out.push(pid);
  }
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Mount points at or below `dir`, deepest first (dockerd bind-mounts its data root, netns files, shm). */
function mountsUnder(dir: string): string[] {
  let text = '';
  try {
    text = readFileSync('/proc/self/mounts', 'utf8');
  } catch {
    return [];
  }
  const points = text
    .split('\n')
    .map((l) => l.split(' ')[1])
    .filter((p): p is string => p !== undefined)
    .map((p) => p.replace(/\\(\d{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8))))
    .filter((p) => p === dir || p.startsWith(`${dir}/`));
  return [...new Set(points)].sort((a, b) => b.length - a.length);
}

function removeDir(dir: string): void {
  for (const m of mountsUnder(dir)) {
    try {
      execFileSync('umount', ['-l', m], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  }
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    // best effort: a leftover temp dir must not mask the test's own result
  }
}

/** Synchronous: for process exit and fatal signals. Kills everything that names the dir, by pid. */
function emergencyCleanup(l: Live): void {
  try {
    if (l.watchdog?.pid) process.kill(l.watchdog.pid, 'SIGKILL');
  } catch {
    // already gone
  }
  const pids = new Set([l.pid, ...pidsUsing(l.dir)]);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  const deadline = Date.now() + 2000;
  while ([...pids].some(alive) && Date.now() < deadline) execFileSync('sleep', ['0.05']);
  removeDir(l.dir);
  live.delete(l);
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => {
    for (const l of [...live]) emergencyCleanup(l);
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      for (const l of [...live]) emergencyCleanup(l);
      process.off(sig, onSignal);
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    };
    process.on(sig, onSignal);
  }
}

/**
 * A detached shell that waits for this test process to disappear and then ends the daemon and
 * everything naming its directory (by pid), unmounts and removes the directory. Killed by stop().
 */
function startWatchdog(dir: string, dockerdPid: number): ChildProcess {
  const script = `
parent=$1; daemon=$2; dir=$3
while kill -0 "$parent" 2>/dev/null; do sleep 1; done
ours() { tr '\\0' ' ' < "/proc/$1/cmdline" 2>/dev/null | grep -qF -- "$dir"; }
if ours "$daemon"; then
  kill -TERM "$daemon" 2>/dev/null
  i=0; while [ $i -lt 40 ] && kill -0 "$daemon" 2>/dev/null; do sleep 0.25; i=$((i+1)); done
fi
for p in /proc/[0-9]*; do
  p=\${p#/proc/}
  [ "$p" = "$$" ] && continue
  ours "$p" && kill -KILL "$p" 2>/dev/null
done
sleep 0.5
awk -v d="$dir" '$2 == d || index($2, d "/") == 1 { print length($2), $2 }' /proc/self/mounts | sort -rn | while read -r _ m; do umount -l "$m" 2>/dev/null; done
rm -rf "$dir"
`;
  const child = spawn('sh', ['-c', script, 'dg-dockerd-watchdog', String(process.pid), String(dockerdPid), dir], {
    detached: true,
    stdio: 'ignore',
  });
  child.unref();
  return child;
}

function ping(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.request({ socketPath, path: '/_ping', method: 'GET', timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

function apiJson(socketPath: string, method: string, p: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath, path: p, method, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (b: Buffer) => chunks.push(b));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve(text ? JSON.parse(text) : undefined);
        } catch {
          resolve(text);
        }
      });
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`${method} ${p}: timeout`)));
    req.end();
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Builds the busybox root file system tarball offline. */
function makeRootfsTar(dir: string): string {
  const busybox = firstExisting(BUSYBOX_CANDIDATES, 'static busybox (Debian package busybox-static)');
  const root = path.join(dir, 'rootfs');
  for (const d of ['bin', 'etc', 'tmp', 'proc', 'sys', 'dev', 'root']) mkdirSync(path.join(root, d), { recursive: true });
  chmodSync(path.join(root, 'tmp'), 0o1777);
  copyFileSync(busybox, path.join(root, 'bin', 'busybox'));
  chmodSync(path.join(root, 'bin', 'busybox'), 0o755);
  const applets = execFileSync(busybox, ['--list'], { encoding: 'utf8' }).split('\n').filter((a) => /^[\w.[-]+$/.test(a));
  for (const required of ['sh', 'sleep', 'cat', 'echo', 'true', 'false', 'ls', 'id']) {
    if (!applets.includes(required)) throw new Error(`busybox lacks the applet ${required}`);
  }
  for (const a of applets) if (a !== 'busybox') symlinkSync('busybox', path.join(root, 'bin', a));
  writeFileSync(path.join(root, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n');
  writeFileSync(path.join(root, 'etc', 'group'), 'root:x:0:\nnogroup:x:65534:\n');
  const tarball = path.join(dir, 'rootfs.tar');
  execFileSync('tar', ['-C', root, '--numeric-owner', '--owner=0', '--group=0', '-cf', tarball, '.']);
  rmSync(root, { recursive: true, force: true });
  return tarball;
}

export async function startDockerd(opts: StartDockerdOptions = {}): Promise<Dockerd> {
  if (process.getuid?.() !== 0) throw new Error('startDockerd: needs root');
  const dockerd = firstExisting(DOCKERD_CANDIDATES, 'dockerd (Debian package docker.io)');
  const image = opts.image ?? DEFAULT_IMAGE;
  installHandlers();

  const dir = mkdtempSync(path.join(os.tmpdir(), 'dg-dockerd-'));
  const socketPath = path.join(dir, 'docker.sock');
  const logFile = path.join(dir, 'dockerd.log');
  const configFile = path.join(dir, 'daemon.json');
  // An empty config file: /etc/docker/daemon.json of the machine must not apply (its `hosts`
  // would even conflict with --host).
  writeFileSync(configFile, '{}\n');
  const ns = `dg-${path.basename(dir).slice('dg-dockerd-'.length).toLowerCase()}`;
  const args = [
    '--config-file', configFile,
    '--storage-driver=vfs',
    '--bridge=none',
    '--iptables=false',
    '--ip6tables=false',
    '--ip-masq=false',
    '--ip-forward=false',
    '--host', `unix://${socketPath}`,
    '--data-root', path.join(dir, 'data'),
    '--exec-root', path.join(dir, 'exec'),
    '--pidfile', path.join(dir, 'docker.pid'),
    // dockerd 20.10 starts and supervises its own containerd under the exec root unless one runs
    // at /run/containerd/containerd.sock, in which case it would share it: own namespaces keep
    // two daemons' containers apart either way.
    '--containerd-namespace', ns,
    '--containerd-plugins-namespace', `${ns}-plugins`,
    '--shutdown-timeout', '5',
  ];
  const logFd = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(dockerd, args, { stdio: ['ignore', logFd, logFd], env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' } });
  } finally {
    closeSync(logFd);
  }
  const pid = child.pid;
  if (pid === undefined) {
    removeDir(dir);
    throw new Error(`startDockerd: could not spawn ${dockerd}`);
  }
  const entry: Live = { dir, pid };
  live.add(entry);
  entry.watchdog = startWatchdog(dir, pid);
  let exited: string | undefined;
  child.on('exit', (code, signal) => {
    exited = `dockerd exited (${signal ?? code})`;
  });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      // Kill the containers first: dockerd would otherwise wait for each one's stop timeout.
      try {
        const list = (await apiJson(socketPath, 'GET', '/containers/json')) as { Id: string }[] | undefined;
        for (const c of Array.isArray(list) ? list : []) await apiJson(socketPath, 'POST', `/containers/${c.Id}/kill`).catch(() => undefined);
      } catch {
        // not answering: the signals below still apply
      }
      if (exited === undefined) {
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          // already gone
        }
        const deadline = Date.now() + 15_000;
        while (exited === undefined && alive(pid) && Date.now() < deadline) await sleep(100);
      }
      // Whatever is left (the daemon after the grace period, a stray containerd or shim): by pid.
      emergencyCleanup(entry);
    })();
    return stopping;
  };

  try {
    const deadline = Date.now() + (opts.startTimeoutMs ?? 60_000);
    for (;;) {
      if (exited !== undefined) throw new Error(`${exited} before answering _ping`);
      if (existsSync(socketPath) && (await ping(socketPath))) break;
      if (Date.now() > deadline) throw new Error('no _ping answer in time');
      await sleep(100);
    }
    const host = `unix://${socketPath}`;
    const tarball = makeRootfsTar(dir);
    const imported = await runDocker(
      ['import', '--change', 'ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin', '--change', 'CMD ["sh"]', tarball, image],
      { host, timeoutMs: 120_000 },
    );
    rmSync(tarball, { force: true });
    if (imported.code !== 0) throw new Error(`docker import failed (${imported.code}): ${imported.stderr.trim()}`);
    return { host, socketPath, pid, image, logFile, stop };
  } catch (err) {
    const log = tail(logFile);
    await stop();
    throw new Error(`startDockerd: ${(err as Error).message}\n--- dockerd log (tail) ---\n${log}`);
  }
}
