import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRunArgs } from '../../src/container/run-args.js';
import { startRecorder, type Recorder } from '../support/recorder.js';
import { DOCKER, dockerCreate, fromBody, fromRequest } from './create-body.js';

// Differential test: the real docker 28.2.2 CLI builds the POST /containers/create body from an
// argv; parseRunArgs must find exactly the host-power fields that body contains. The CLI talks to
// a recording endpoint (test/support/recorder.ts) that answers /_ping and the create call.

let recorder: Recorder;
let work: string; // the working directory of each docker run (for `.`-relative sources)
let seccompFile: string;

// [mode, argv]. `@SECCOMP` is replaced by a seccomp profile file.
type Row = readonly ['run' | 'create', readonly string[]];
const r = (line: string, mode: 'run' | 'create' = 'create'): Row => [mode, line.split(' ').filter((t) => t !== '')];

const ACCEPTED: readonly Row[] = [
  // -v/--volume (grammar #77, #78, 7.3)
  r('-v /:/host img'),
  r('-v=/:/h img'),
  r('-tv=/:/h img'),
  r('--volume=/:/h img'),
  r('-v/:/h img'),
  r('-dv /:/h img', 'run'),
  r('-dtv/:/h img', 'run'),
  r('-v .:/h img'),
  r('-v ..:/h img'),
  r('-v .hidden:/h img'),
  r('-v ./sub/../x:/h:ro img'),
  r('-v ~/x:/h img'),
  r('-v data:/data:ro,nocopy img'),
  r('-v /anon img'),
  r('-v c:/x:/h img'),
  r('-v /a:/b,/c:/d img'),
  r('-v /srv:/s:ro,rshared -v /opt:/o:shared,z img'),
  // --mount (grammar #79, #80, 7.4)
  r('--mount type=bind,src=/,dst=/h img'),
  r('--mount TYPE=BIND,SRC=/,DST=/h img'),
  r('--mount dst=/h,type=bind,src=/ img'),
  r('--mount type=volume,src=v,dst=/h,type=bind,src=/ img'),
  ['create', ['--mount', 'type=bind,"src=/a,b",dst=/h', 'img']],
  r('--mount type=volume,src=v,dst=/h,volume-opt=type=none,volume-opt=o=bind,volume-opt=device=/etc img'),
  ['create', ['--mount', 'type=volume,dst=/h,"volume-opt=o=bind,rshared",volume-opt=device=/srv', 'img']],
  r('--mount type=bind,src=.,dst=/h img'),
  r('--mount=type=bind,src=..,dst=/h img'),
  r('--mount src=v,dst=/h img'),
  r('--mount type=tmpfs,dst=/t --tmpfs /run img'),
  r('--mount type=bind,src=/x,dst=/h,bind-propagation=RSHARED img'),
  ['create', ['--mount', 'type=volume,dst=/x\ntype=bind,src=/,dst=/h', 'img']],
  ['create', ['--mount', '\ntype=bind,src=/,dst=/h', 'img']],
  // privileged and value-taking (grammar #72-#76)
  r('--privileged img'),
  r('--privileged false img'),
  r('--privileged=false img'),
  r('--privileged=T img sh'),
  r('--name --privileged img'),
  r('img --privileged'),
  r('-- img --privileged'),
  r('-h --privileged img'),
  r('-c 512 -l --privileged img'),
  r('-d --privileged img', 'run'),
  // capabilities, devices (grammar #82)
  r('--cap-add=SYS_ADMIN,NET_ADMIN img'),
  r('--cap-add sys_admin --cap-add ALL --cap-drop NET_RAW img'),
  r('--device /dev/sda img'),
  r('--device=/dev/mem:/dev/mem:rwm img'),
  r('--device vendor.com/class=x img'),
  ['create', ['--device-cgroup-rule', 'a *:* rwm', 'img']],
  r('--gpus all img'),
  // security options (grammar #83)
  r('--security-opt seccomp:unconfined img'),
  r('--security-opt apparmor=unconfined --security-opt label=disable --security-opt label:disable img'),
  r('--security-opt systempaths=unconfined img'),
  // labels and annotations (reserved label namespaces and annotations are refused: the keys must be docker's)
  r('--label com.docker.compose.project=adminproj -l io.docker.x -l=app=web img'),
  r('-dl com.docker.compose.service=ci img', 'run'),
  r('--label-file=/dev/null --label a=b img'),
  r('--mount type=volume,src=v,dst=/d,volume-label=com.docker.compose.project=p,volume-label=k img'),
  r('--annotation org.systemd.property.Delegate=yes --annotation=x img'),
  r('--security-opt no-new-privileges=false --security-opt no-new-privileges img'),
  r('--security-opt seccomp=@SECCOMP img'),
  // namespaces (grammar #81, #95)
  r('--network name=host img'),
  r('--network NAME=HOST img'),
  r('--net host img'),
  r('--net=host img'),
  r('--network=name=container:abc img'),
  r('--network container:abc img'),
  r('--network ns:/proc/1/ns/net img'),
  r('--network none img'),
  r('--network a --net b img'),
  ['create', ['--network', 'name=host\u0085', 'img']],
  ['create', ['--network', 'name=contaİner:abc', 'img']],
  r('--pid=host --ipc host --uts host --userns host --cgroupns host img'),
  r('--pid container:x --ipc container:y img'),
  // the rest
  r('--volumes-from other:ro --volumes-from third img'),
  r('--cgroup-parent=/ img'),
  r('--runtime runsc img'),
  r('--sysctl net.ipv4.ip_forward=1 --sysctl kernel.shmmax=1 img'),
  r('-p 0.0.0.0:2375:2375 -p [::1]:22:22 img'),
  r('-P --expose 80 img'),
  r('--use-api-socket img'),
  r('--use-api-socket=false img'),
  r('--rm -it --name x -e A=B -w /w --read-only img sh -c true'),
];

// The CLI creates nothing: parseRunArgs must report an error (or a true --help).
const REJECTED: readonly Row[] = [
  r('--privileged=yes img'),
  r('-d img'),
  r('--detach-keys x img'),
  r('--bogus img'),
  r('-x img'),
  r('--privileged'),
  r('--name'),
  r('--help'),
  r('--privileged -v /:/h --help img'),
  r('-v /a::/b img'),
  r('-v /a:/b:ro:x img'),
  r('--mount type=bind,src=/ img'),
  r('--mount type=bind,src=/,dst=/h,bogus=1 img'),
  ['create', ['--mount', 'type=bind,src="/",dst=/h', 'img']],
  r('--mount type=volume,src=v,dst=/h,bind-propagation=rshared img'),
  r('--network name=host,bogus=1 img'),
];

const substitute = (argv: readonly string[]) => argv.map((a) => a.replace('@SECCOMP', seccompFile));

describe.skipIf(!existsSync(DOCKER))('POST /containers/create body of docker 28.2.2 vs parseRunArgs', () => {
  beforeAll(async () => {
    recorder = await startRecorder();
    work = realpathSync(mkdtempSync(join(tmpdir(), 'dg-work-')));
    mkdirSync(join(work, 'sub'));
    seccompFile = join(work, 'allow-all.json');
    writeFileSync(seccompFile, '{ "defaultAction": "SCMP_ACT_ALLOW",\n  "syscalls": [] }\n');
  });
  afterAll(async () => {
    await recorder?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('the tables are large enough', () => {
    expect(ACCEPTED.length).toBeGreaterThanOrEqual(40);
  });

  it.each(ACCEPTED)('docker %s %j', async (mode, rawArgv) => {
    const argv = substitute(rawArgv);
    const out = await dockerCreate(recorder, work, mode, argv);
    expect(out.body, `no create request; docker said: ${out.stderr}`).toBeDefined();
    const parsed = parseRunArgs(argv, work, mode);
    expect(parsed.ok, parsed.ok ? '' : parsed.error).toBe(true);
    if (!parsed.ok || !out.body) return;
    expect(fromRequest(parsed.request)).toEqual(fromBody(out.body, recorder.socketPath));
  });

  it.each(REJECTED)('docker %s %j creates nothing', async (mode, rawArgv) => {
    const argv = substitute(rawArgv);
    const out = await dockerCreate(recorder, work, mode, argv);
    expect(out.body).toBeUndefined();
    const parsed = parseRunArgs(argv, work, mode);
    expect(!parsed.ok || parsed.request.help === true).toBe(true);
  });
});
