import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ALLOW } from '../../src/policy/default-policy.js';
import { startDockerd, type Dockerd } from '../support/dockerd.js';
import { REAL_DOCKER, runDocker, type DockerResult } from '../support/real-docker.js';
import { startRecorder, type Recorder } from '../support/recorder.js';
import { buildGuard, type GuardBuild } from './build-guard.js';

// Policies that allow one command more than the default (cp, exec, attach, kill, update, rename,
// tag; volume create), the compiled binary, a real dockerd behind a recording proxy: what red-team
// rounds did with each is refused, and not one request that changes anything reaches the daemon.

let tmp: string;
let dockerd: Dockerd;
let recorder: Recorder;
let guard: GuardBuild;
let config: string;
let img: string;
let hostDir: string;

const EXTRAS = ['cp', 'exec', 'attach', 'kill', 'update', 'rename', 'tag'];

function writePolicy(extra: readonly string[]): void {
  writeFileSync(path.join(tmp, 'policy.json'), JSON.stringify({ users: ['*'], allow: [...DEFAULT_ALLOW, ...extra], refuse: {} }));
}

function agent(args: string[], opts: { cwd?: string } = {}): Promise<DockerResult> {
  return runDocker(args, { binary: guard.docker, host: recorder.host, config, timeoutMs: 60_000, ...opts });
}

function direct(args: string[]): Promise<DockerResult> {
  return runDocker(args, { host: dockerd.host, config, timeoutMs: 60_000 });
}

async function inspect(format: string, name: string, kind: 'container' | 'image' = 'container'): Promise<string> {
  const r = await direct([kind, 'inspect', '--format', format, name]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout.trim();
}

/** Only questions reached the daemon: no create, copy, exec, kill, update, rename or tag. */
function onlyQuestions(): void {
  expect(recorder.requests.filter((q) => q.method !== 'GET' && q.method !== 'HEAD').map((q) => `${q.method} ${q.path}`)).toEqual([]);
}

async function refusedAs(argv: string[], rule: string, opts: { cwd?: string } = {}): Promise<DockerResult> {
  recorder.clear();
  const r = await agent(argv, opts);
  expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(77);
  expect(r.stderr).toContain(`rule:    ${rule}`);
  onlyQuestions();
  return r;
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'dg-extras-'));
  config = mkdtempSync(path.join(tmp, 'config-'));
  hostDir = mkdtempSync(path.join(tmp, 'admin-host-'));
  writePolicy(EXTRAS);
  guard = buildGuard(path.join(tmp, 'bin'), { realDocker: REAL_DOCKER, policyPath: path.join(tmp, 'policy.json') });
  dockerd = await startDockerd();
  img = dockerd.image;
  recorder = await startRecorder({ upstream: dockerd.socketPath });
  // An administrator's containers, with a host directory bound in (the red-team rounds bound /):
  // one running with a restart policy, one stopped; and an ordinary one of the agent's.
  for (const args of [
    ['run', '-d', '--network', 'none', '--restart', 'always', '--name', 'dg-x-adminsvc', '-v', `${hostDir}:/host`, img, 'sleep', '600'],
    ['create', '--network', 'none', '--name', 'dg-x-adminjob', '-v', `${hostDir}:/host`, img, 'true'],
    ['run', '-d', '--network', 'none', '--name', 'dg-x-plain', img, 'sleep', '600'],
  ]) {
    const r = await direct(args);
    expect(r.code, r.stderr).toBe(0);
  }
}, 300_000);

afterAll(async () => {
  if (dockerd) await direct(['rm', '-f', 'dg-x-adminsvc', 'dg-x-adminjob', 'dg-x-plain']);
  await recorder?.stop();
  await dockerd?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('with cp, exec, attach, kill, update, rename and tag allowed', () => {
  it('cp into (or out of) an administrator\'s container is refused and writes nothing; into the agent\'s own it works', async () => {
    const work = mkdtempSync(path.join(tmp, 'work-'));
    writeFileSync(path.join(work, 'planted'), 'from-the-agent\n');
    writeFileSync(path.join(hostDir, 'secret'), 'admin-only\n');
    for (const argv of [['cp', 'planted', 'dg-x-adminjob:/host/'], ['container', 'cp', '-a', 'planted', 'dg-x-adminsvc:/host/planted'], ['cp', 'dg-x-adminjob:/host/secret', '-']]) {
      const r = await refusedAs(argv, 'powerful-container', { cwd: work });
      expect(r.stderr).toMatch(/acts on the container dg-x-admin(job|svc), one the policy would not let the caller create/);
      expect(r.stdout).toBe('');
    }
    expect(readdirSync(hostDir).sort()).toEqual(['secret']);
    const ok = await agent(['cp', 'planted', 'dg-x-plain:/planted'], { cwd: work });
    expect(ok.code, ok.stderr).toBe(0);
    expect((await direct(['exec', 'dg-x-plain', 'cat', '/planted'])).stdout).toBe('from-the-agent\n');
  });

  it('exec and attach in an administrator\'s container are refused; exec --privileged is refused anywhere; a plain exec works', async () => {
    await refusedAs(['exec', 'dg-x-adminsvc', 'sh', '-c', 'id > /host/pwned'], 'powerful-container');
    await refusedAs(['attach', '--no-stdin', 'dg-x-adminsvc'], 'powerful-container');
    const priv = await refusedAs(['exec', '--privileged', 'dg-x-plain', 'sh', '-c', 'mount -t tmpfs none /mnt && echo mounted'], 'privileged');
    expect(priv.stderr).toContain('containers.privileged');
    expect(existsSync(path.join(hostDir, 'pwned'))).toBe(false);
    const ok = await agent(['exec', 'dg-x-plain', 'sh', '-c', 'echo --privileged']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toBe('--privileged\n');
  });

  it('kill of a powerful container with a restart policy is refused (the daemon would restart it); kill of the agent\'s works', async () => {
    const started = await inspect('{{.State.StartedAt}}', 'dg-x-adminsvc');
    for (const argv of [['kill', '-s', 'TERM', 'dg-x-adminsvc'], ['container', 'kill', 'dg-x-plain', 'dg-x-adminsvc']]) await refusedAs(argv, 'powerful-container');
    expect(await inspect('{{.State.Running}} {{.State.StartedAt}} {{.RestartCount}}', 'dg-x-adminsvc')).toBe(`true ${started} 0`);
    expect(await inspect('{{.State.Running}}', 'dg-x-plain')).toBe('true');
  });

  it('update --restart always of a stopped powerful container is refused; of the agent\'s own it works', async () => {
    await refusedAs(['update', '--restart', 'always', 'dg-x-adminjob'], 'powerful-container');
    expect(await inspect('{{.HostConfig.RestartPolicy.Name}} {{.State.Status}}', 'dg-x-adminjob')).toBe('no created');
    const ok = await agent(['update', '--restart', 'on-failure', 'dg-x-plain']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(await inspect('{{.HostConfig.RestartPolicy.Name}}', 'dg-x-plain')).toBe('on-failure');
  });

  it('rename of a powerful container is refused', async () => {
    await refusedAs(['rename', 'dg-x-adminjob', 'dg-x-mine'], 'powerful-container');
    expect(await inspect('{{.Name}}', 'dg-x-adminjob')).toBe('/dg-x-adminjob');
  });

  it('tag onto the name a powerful container was made from is refused and re-points nothing; a new name is tagged', async () => {
    expect((await direct(['tag', img, 'dg-x-admintool:1'])).code).toBe(0);
    expect((await direct(['create', '--network', 'none', '--name', 'dg-x-admimg', '-v', `${hostDir}:/host`, 'dg-x-admintool:1', 'true'])).code).toBe(0);
    expect((await direct(['create', '--network', 'none', '--name', 'dg-x-agentsrc', img, 'true'])).code).toBe(0);
    expect((await direct(['commit', '-c', 'CMD ["echo", "agent"]', 'dg-x-agentsrc', 'dg-x-agentimg:1'])).code).toBe(0);
    try {
      const before = await inspect('{{.Id}}', 'dg-x-admintool:1', 'image');
      const agentImage = await inspect('{{.Id}}', 'dg-x-agentimg:1', 'image');
      expect(agentImage).not.toBe(before);
      for (const argv of [['tag', 'dg-x-agentimg:1', 'dg-x-admintool:1'], ['image', 'tag', 'dg-x-agentimg:1', 'docker.io/library/dg-x-admintool:1']]) {
        const r = await refusedAs(argv, 'powerful-container');
        expect(r.stderr).toContain('the tag would point the name of the image it was created from');
      }
      expect(await inspect('{{.Id}}', 'dg-x-admintool:1', 'image')).toBe(before);
      const ok = await agent(['tag', 'dg-x-agentimg:1', 'dg-x-agentimg:2']);
      expect(ok.code, ok.stderr).toBe(0);
      expect(await inspect('{{.Id}}', 'dg-x-agentimg:2', 'image')).toBe(agentImage);
    } finally {
      await direct(['rm', '-f', 'dg-x-admimg', 'dg-x-agentsrc']);
      await direct(['rmi', 'dg-x-admintool:1', 'dg-x-agentimg:1', 'dg-x-agentimg:2']);
    }
  });
});

describe('with volume create allowed', () => {
  it('a volume binding a host path, or mounting anything but a tmpfs, is not created (so none can be raced in under a name a run was checked against); a plain one is, and runs', async () => {
    writePolicy(['volume create']);
    try {
      for (const opts of [['--opt', 'type=none', '--opt', 'o=bind', '--opt', `device=${hostDir}`], ['-o', 'o=bind', '-o', 'device=/'], ['-o', 'type=proc', '-o', 'device=proc']]) {
        await refusedAs(['volume', 'create', ...opts, 'dg-x-fresh1'], opts.includes('type=proc') ? 'volume-options' : 'bind-mount');
        expect((await direct(['volume', 'inspect', 'dg-x-fresh1'])).code).not.toBe(0);
      }
      await refusedAs(['volume', 'create', '--label', 'com.docker.compose.project=adminproj', 'dg-x-fresh1'], 'reserved-label');
      // what the race needs is gone, so a run of a volume that does not exist yet is docker's to create
      const fresh = await agent(['run', '--rm', '--network', 'none', '-v', 'dg-x-fresh2:/h', img, 'true']);
      expect(fresh.code, fresh.stderr).toBe(0);
      expect((await agent(['volume', 'create', '-o', 'type=tmpfs', '-o', 'device=tmpfs', 'dg-x-fresh3'])).code).toBe(0);
      expect((await agent(['volume', 'create', 'dg-x-fresh1'])).code).toBe(0);
      const ok = await agent(['run', '--rm', '--network', 'none', '-v', 'dg-x-fresh1:/h', img, 'sh', '-c', 'echo kept > /h/f && cat /h/f']);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toBe('kept\n');
    } finally {
      writePolicy(EXTRAS);
      await direct(['volume', 'rm', '-f', 'dg-x-fresh1', 'dg-x-fresh2', 'dg-x-fresh3']);
    }
  });
});
