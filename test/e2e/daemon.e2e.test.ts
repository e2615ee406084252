import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDockerd, type Dockerd } from '../support/dockerd.js';
import { REAL_DOCKER, runDocker, type DockerResult } from '../support/real-docker.js';
import { startRecorder, type Recorder } from '../support/recorder.js';
import { buildGuard, type GuardBuild } from './build-guard.js';

// The compiled binary, installed as `docker`, against a real dockerd the test starts. Everything
// the guard forwards goes through a recording proxy in front of the daemon, so a refusal can be
// shown to leave no trace: not one request reached the daemon.

let tmp: string;
let dockerd: Dockerd;
let recorder: Recorder;
let guard: GuardBuild;
let config: string;
let img: string;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'dg-daemon-'));
  config = mkdtempSync(path.join(tmp, 'config-'));
  guard = buildGuard(path.join(tmp, 'bin'), { realDocker: REAL_DOCKER, policyPath: path.join(tmp, 'policy.json') });
  dockerd = await startDockerd();
  img = dockerd.image;
  recorder = await startRecorder({ upstream: dockerd.socketPath });
}, 300_000);

afterAll(async () => {
  await recorder?.stop();
  await dockerd?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

/** `docker …` as the agent runs it: the guard on PATH, the daemon behind the recorder. */
function agent(args: string[], opts: { stdin?: string } = {}): Promise<DockerResult> {
  return runDocker(args, { binary: guard.docker, host: recorder.host, config, timeoutMs: 60_000, ...opts });
}

/** The real docker straight at the daemon, to set up and inspect state. */
function direct(args: string[]): Promise<DockerResult> {
  return runDocker(args, { host: dockerd.host, config, timeoutMs: 60_000 });
}

describe('allowed commands work for real', () => {
  it('ps, images, version, info, network ls, volume ls', async () => {
    const ps = await agent(['ps', '-a']);
    expect(ps.code).toBe(0);
    expect(ps.stdout).toMatch(/^CONTAINER ID/);
    const images = await agent(['images', '--format', '{{.Repository}}:{{.Tag}}']);
    expect(images.stdout.split('\n')).toContain(img);
    expect((await agent(['version', '--format', '{{.Server.Os}}'])).stdout.trim()).toBe('linux');
    expect((await agent(['info', '--format', '{{.Driver}}'])).stdout.trim()).toBe('vfs');
    expect((await agent(['network', 'ls', '--format', '{{.Name}}'])).stdout.split('\n')).toContain('none');
    expect((await agent(['volume', 'ls'])).code).toBe(0);
    expect(recorder.requests.some((r) => r.method === 'GET' && r.path === '/containers/json')).toBe(true);
  });

  it('run -d, logs, inspect, stop, rm', async () => {
    const run = await agent(['run', '-d', '--network', 'none', '--name', 'dg-e2e-sleeper', img, 'sh', '-c', 'echo hello-from-container; sleep 300']);
    expect(run.code, run.stderr).toBe(0);
    let logs: DockerResult | undefined;
    for (let i = 0; i < 50; i++) {
      logs = await agent(['logs', 'dg-e2e-sleeper']);
      if (logs.stdout.includes('hello')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(logs?.stdout).toBe('hello-from-container\n');
    const state = await agent(['inspect', '--format', '{{.State.Running}}', 'dg-e2e-sleeper']);
    expect(state.stdout.trim()).toBe('true');
    expect((await agent(['stop', '-t', '0', 'dg-e2e-sleeper'])).code).toBe(0);
    expect((await agent(['rm', 'dg-e2e-sleeper'])).code).toBe(0);
    expect((await direct(['ps', '-aq', '--filter', 'name=dg-e2e-sleeper'])).stdout).toBe('');
  });

  it('passes the container exit status through', async () => {
    const r = await agent(['run', '--rm', '--network', 'none', img, 'sh', '-c', 'exit 42']);
    expect(r.code).toBe(42);
  });

  it('dies of SIGPIPE like the real docker when its reader goes away', async () => {
    const created = await direct(['run', '-d', '--network', 'none', '--name', 'dg-e2e-chatty', img, 'sh', '-c', 'seq 1 200000; sleep 300']);
    expect(created.code, created.stderr).toBe(0);
    for (let i = 0; i < 100; i++) {
      if ((await direct(['logs', '--tail', '1', 'dg-e2e-chatty'])).stdout.includes('200000')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const env = { PATH: '/usr/bin:/bin', DOCKER_HOST: dockerd.host, DOCKER_CONFIG: config, HOME: config };
    const pipe = (bin: string): string =>
      spawnSync('bash', ['-c', '"$1" logs dg-e2e-chatty | head -1 >/dev/null; echo "${PIPESTATUS[0]}"', 'bash', bin], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).stdout.trim();
    expect(pipe(REAL_DOCKER)).toBe('141');
    expect(pipe(guard.docker)).toBe('141');
    await direct(['rm', '-f', 'dg-e2e-chatty']);
  });
});

describe('refused capabilities leave no trace at the daemon', () => {
  let victim: string;
  let imagesBefore: string;

  beforeAll(async () => {
    const r = await direct(['run', '-d', '--network', 'none', '--name', 'dg-e2e-victim', img, 'sleep', '300']);
    expect(r.code, r.stderr).toBe(0);
    victim = r.stdout.trim();
    imagesBefore = (await direct(['images', '-a', '--no-trunc', '--format', '{{.ID}} {{.Repository}}:{{.Tag}}'])).stdout;
  });

  afterAll(async () => {
    await direct(['rm', '-f', 'dg-e2e-victim']);
  });

  const refusedArgv: string[][] = [
    ['exec', 'dg-e2e-victim', 'sh', '-c', 'id'],
    ['container', 'exec', 'dg-e2e-victim', 'id'],
    ['-v', 'exec', 'dg-e2e-victim', 'id'],
    ['--version', 'exec', 'dg-e2e-victim', 'id'],
    ['--help=false', 'exec', 'dg-e2e-victim', 'id'],
    ['-h=false', 'exec', 'dg-e2e-victim', 'id'],
    ['container', '--help=false', 'exec', 'dg-e2e-victim', 'id'],
    ['container', '-h=0', 'exec', 'dg-e2e-victim', 'id'],
    ['-lDEBUG', 'exec', 'dg-e2e-victim', 'id'],
    ['-Dl', 'debug', 'exec', 'dg-e2e-victim', 'id'],
    ['-D=false', 'exec', 'dg-e2e-victim', 'id'],
    ['--', 'exec', 'dg-e2e-victim', 'id'],
    ['-D', '--', '-v', 'exec', 'dg-e2e-victim', 'id'],
    ['exec', '--privileged', '-u', '0', 'dg-e2e-victim', 'id'],
    ['cp', 'dg-e2e-victim:/etc/passwd', '-'],
    ['container', 'cp', 'dg-e2e-victim:/etc/passwd', '-'],
    ['commit', 'dg-e2e-victim', 'stolen:latest'],
    ['container', 'commit', 'dg-e2e-victim'],
    ['diff', 'dg-e2e-victim'],
    ['container', 'diff', 'dg-e2e-victim'],
    ['export', 'dg-e2e-victim'],
    ['container', 'export', '-o', '/dev/null', 'dg-e2e-victim'],
    ['import', '/dev/null', 'x:y'],
    ['image', 'import', '/dev/null'],
    ['load', '-i', '/dev/null'],
    ['image', 'load'],
    ['save', 'dg-busybox:latest'],
    ['image', 'save', 'dg-busybox:latest'],
    ['image', '--help=false', 'save', 'dg-busybox:latest'],
    ['attach', 'dg-e2e-victim'],
    ['container', 'attach', 'dg-e2e-victim'],
    ['push', 'dg-busybox:latest'],
    ['image', 'push', 'dg-busybox:latest'],
    ['tag', 'dg-busybox:latest', 'evil:latest'],
    ['image', 'tag', 'dg-busybox:latest', 'evil:latest'],
    ['start', '-a', 'dg-e2e-victim'],
    ['start', '-ai', 'dg-e2e-victim'],
    ['start', 'dg-e2e-victim', '--interactive'],
    ['system', 'dial-stdio'],
    ['build', '--push', '.'],
    ['build', '-o', 'type=registry', '.'],
    ['system', 'prune', '-f', '--volumes'],
    ['create', '--name', 'dg-e2e-created', 'dg-busybox:latest'],
    ['kill', 'dg-e2e-victim'],
    ['update', '--restart', 'always', 'dg-e2e-victim'],
    ['volume', 'create', '--opt', 'type=none', '--opt', 'o=bind', '--opt', 'device=/', 'hostroot'],
    ['network', 'create', 'n1'],
    ['plugin', 'ls'],
    ['context', 'ls'],
    ['help', 'foo'],
    ['foo'],
    ['compose', 'exec', 'svc', 'sh'],
    ['-H', 'unix:///run/other.sock', 'ps'],
    ['--config', '/tmp', 'ps'],
    ['EXEC', 'dg-e2e-victim', 'id'],
    ['', 'exec', 'dg-e2e-victim', 'id'],
  ];

  it.each(refusedArgv.map((a) => [a.map((t) => (t === '' ? "''" : t)).join(' '), a]))('docker %s', async (_label, argv) => {
    recorder.clear();
    const r = await agent(argv as string[], { stdin: 'y\n' });
    expect(r.code).toBe(77);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^docker-guard: refused: docker /);
    expect(r.stderr).toContain('rule:');
    expect(recorder.requests).toEqual([]);
  });

  it('the daemon saw no exec, no new image or tag, no new container', async () => {
    const inspect = await direct(['inspect', '--format', '{{json .ExecIDs}}', victim]);
    expect(inspect.stdout.trim()).toBe('null');
    const imagesAfter = (await direct(['images', '-a', '--no-trunc', '--format', '{{.ID}} {{.Repository}}:{{.Tag}}'])).stdout;
    expect(imagesAfter).toBe(imagesBefore);
    const names = (await direct(['ps', '-a', '--format', '{{.Names}}'])).stdout.split('\n').filter(Boolean);
    expect(names).toEqual(['dg-e2e-victim']);
    expect((await direct(['volume', 'ls', '-q'])).stdout).not.toContain('hostroot');
    expect((await direct(['network', 'ls', '--format', '{{.Name}}'])).stdout).not.toContain('n1');
  });

  it('the same argv through the real docker does reach the daemon (the table is not vacuous)', async () => {
    recorder.clear();
    const r = await runDocker(['exec', 'dg-e2e-victim', 'true'], { host: recorder.host, config });
    expect(r.code).toBe(0);
    expect(recorder.requests.some((q) => q.method === 'POST' && q.path === `/containers/dg-e2e-victim/exec`)).toBe(true);
  });
});
