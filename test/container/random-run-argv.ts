// Seeded random `docker run|create` argv for random-create-body.differential.test.ts: the flags
// that give a container power over the host, in the spellings pflag accepts (`--f v`, `--f=v`,
// `-f v`, `-f=v`, `-fv`, clusters such as `-tv/:/h`), mixed with harmless flags, flags that
// swallow the next token as their value, and tokens after the image.
import { lcg } from '../support/seeded.js';

const VALUES: Readonly<Record<string, readonly string[]>> = {
  volume: ['/:/h', '.:/h', 'data:/d', '/a:/b:ro', '/x:/y:rshared', '/anon', '/etc:/e:rw,z', 'c:/x:/h', '..:/h', '/srv:/s:ro,rslave'],
  mount: [
    'type=bind,src=/,dst=/h', 'TYPE=BIND,SRC=/,DST=/h', 'type=volume,src=v,dst=/h', 'src=v,dst=/h', 'type=tmpfs,dst=/t',
    'type=volume,dst=/h,volume-opt=type=none,volume-opt=o=bind,volume-opt=device=/etc', 'type=bind,src=.,dst=/h,bind-propagation=rshared',
    'type=bind,source=/x,target=/h,readonly', 'type=volume,src=v,dst=/h,type=bind,src=/', 'dst=/h,type=bind,src=/',
    'type=volume,src=v,dst=/h,volume-driver=plug', 'type=volume,dst=/h,volume-driver=local,volume-opt=type=tmpfs,volume-opt=device=tmpfs',
    'type=volume,dst=/h,volume-opt=o=BIND,volume-opt=device=/etc', 'type=volume,dst=/h,volume-opt=type=proc,volume-opt=device=proc',
    'type=volume,dst=/h,volume-opt=type=tmpfs,volume-opt=o=bind,volume-opt=device=/etc', 'type=volume,dst=/h,"volume-opt=o=bind,ro",volume-opt=device=/etc',
  ],
  'cap-add': ['SYS_ADMIN', 'sys_admin', 'ALL', 'CAP_NET_ADMIN', 'NET_ADMIN,SYS_ADMIN', 'chown'],
  device: ['/dev/sda', '/dev/mem:/dev/mem:rwm', 'vendor.com/class=x', '/dev/null:/n'],
  'security-opt': ['seccomp=unconfined', 'seccomp:unconfined', 'apparmor=unconfined', 'label=disable', 'label:disable', 'systempaths=unconfined', 'no-new-privileges'],
  network: ['host', 'name=host', 'NAME=HOST', 'container:abc', 'name=container:abc', 'none', 'bridge', 'ns:/proc/1/ns/net', 'mynet'],
  pid: ['host', 'container:x'],
  ipc: ['host', 'container:x', 'private'],
  uts: ['host'],
  userns: ['host'],
  cgroupns: ['host', 'private'],
  'volumes-from': ['other', 'other:ro'],
  'cgroup-parent': ['/', 'x'],
  runtime: ['runc', 'runsc'],
  sysctl: ['net.ipv4.ip_forward=1', 'kernel.shmmax=1'],
  publish: ['80:80', '0.0.0.0:2375:2375'],
  name: ['x', '--privileged', '-v'],
  env: ['A=B', '--privileged'],
  hostname: ['h', '--privileged'],
  workdir: ['/w'],
  gpus: ['all'],
  'device-cgroup-rule': ['a *:* rwm'],
  tmpfs: ['/run', '/run:rw,size=1g', '/h:bind', '/t:exec'],
  label: ['a=b', '--privileged'],
  'log-driver': ['json-file', 'syslog', 'none', 'local', 'journald'],
  'log-opt': ['max-size=1m', 'syslog-address=tcp://127.0.0.1:5', 'tag=x', 'max-file=2'],
  'device-read-bps': ['/dev/sda:1mb', '/dev/../root/x:1mb'],
  'device-write-iops': ['/dev/sda:100'],
  'blkio-weight-device': ['/dev/sda:100', '/dev/null:10'],
  'volume-driver': ['local', 'plug'],
};

/** Long name -> shorthand, for the flags that have one (run.go, opts.go). */
const SHORT: Readonly<Record<string, string>> = { volume: 'v', publish: 'p', name: '', env: 'e', hostname: 'h', workdir: 'w' };

/** Both are `--network`: `--net` is a hidden alias with the same value. */
const LONG_ALIASES: Readonly<Record<string, string>> = { network: 'net' };

const BOOLS: readonly (readonly string[])[] = [
  ['--privileged'], ['--privileged=true'], ['--privileged=false'], ['--privileged=T'], ['--privileged=0'], ['-P'],
  ['--publish-all=false'], ['--use-api-socket'], ['--use-api-socket=false'], ['--rm'], ['-t'], ['-i'], ['-it'],
  ['--read-only'], ['--init'], ['--'],
];

const AFTER_IMAGE: readonly string[] = ['sh', '-c', 'true', '--privileged', '-v', '/:/h', '--', '-it'];

export interface RunCase {
  mode: 'run' | 'create';
  argv: string[];
}

export function randomRunCases(seed: number, count: number): RunCase[] {
  const next = lcg(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const flags = Object.keys(VALUES);
  const spell = (flag: string, value: string): string[] => {
    const short = SHORT[flag];
    const long = LONG_ALIASES[flag] && next() < 0.3 ? LONG_ALIASES[flag]! : flag;
    const r = next();
    if (short && r < 0.2) return [`-${short}`, value];
    if (short && r < 0.3) return [`-${short}=${value}`];
    if (short && r < 0.4) return [`-${short}${value}`];
    // A cluster of bools ending in the value flag: `-tv/:/h`, `-itv`, `/:/h`.
    if (short && r < 0.5) return next() < 0.5 ? [`-${pick(['t', 'i', 'it', 'ti'])}${short}${value}`] : [`-${pick(['t', 'i', 'it'])}${short}`, value];
    return r < 0.75 ? [`--${long}`, value] : [`--${long}=${value}`];
  };
  const out: RunCase[] = [];
  for (let i = 0; i < count; i++) {
    const argv: string[] = [];
    for (let n = 1 + Math.floor(next() * 5); n > 0; n--) {
      if (next() < 0.3) argv.push(...pick(BOOLS));
      else {
        const flag = pick(flags);
        argv.push(...spell(flag, pick(VALUES[flag]!)));
      }
    }
    if (next() < 0.9) argv.push('img');
    for (let n = Math.floor(next() * 3); n > 0; n--) argv.push(pick(AFTER_IMAGE));
    out.push({ mode: next() < 0.5 ? 'run' : 'create', argv });
  }
  return out;
}
