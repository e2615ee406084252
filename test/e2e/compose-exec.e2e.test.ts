import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ALLOW } from '../../src/policy/default-policy.js';
import { startDockerd, type Dockerd } from '../support/dockerd.js';
import { REAL_DOCKER, runDocker, type DockerResult } from '../support/real-docker.js';
import { startRecorder, type Recorder } from '../support/recorder.js';
import { writeComposeStub } from '../support/compose-stub.js';
import { buildGuard, type GuardBuild } from './build-guard.js';

// A policy that allows exec, cp and attach (and compose, as the default does), the compiled
// binary, a real dockerd behind a recording proxy, and a stub compose plugin (compose is not
// installed here) that logs what it is asked to run: compose's exec, cp and attach into an
// administrator's project container are refused as `docker exec|cp|attach` into it are, and
// compose never runs them.

const PROJECT = 'dg-e2e-adminproj';

let tmp: string;
let dockerd: Dockerd;
let recorder: Recorder;
let guard: GuardBuild;
let config: string;
let hostDir: string;
let img: string;

function agent(args: string[], opts: { env?: Record<string, string>; cwd?: string } = {}): Promise<DockerResult> {
  return runDocker(args, { binary: guard.docker, host: recorder.host, config, timeoutMs: 60_000, ...opts });
}

function direct(args: string[]): Promise<DockerResult> {
  return runDocker(args, { host: dockerd.host, config, timeoutMs: 60_000 });
}

/** What the stub compose was asked to run, one line a call. */
function composeLog(): string[] {
  try {
    return readFileSync(path.join(config, 'compose.log'), 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

async function refusedAs(argv: string[], rule: string, opts: { env?: Record<string, string>; cwd?: string } = {}): Promise<DockerResult> {
  rmSync(path.join(config, 'compose.log'), { force: true });
  recorder.clear();
  const r = await agent(argv, opts);
  expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(77);
  expect(r.stderr).toContain(`rule:    ${rule}`);
  // Only questions reached the daemon, and compose itself ran nothing but (at most) `config`.
  expect(recorder.requests.filter((q) => q.method !== 'GET' && q.method !== 'HEAD').map((q) => `${q.method} ${q.path}`)).toEqual([]);
  expect(composeLog().filter((l) => l !== 'compose config --format json')).toEqual([]);
  return r;
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'dg-compose-exec-'));
  config = mkdtempSync(path.join(tmp, 'config-'));
  hostDir = mkdtempSync(path.join(tmp, 'admin-host-'));
  writeFileSync(path.join(tmp, 'policy.json'), JSON.stringify({ users: ['*'], allow: [...DEFAULT_ALLOW, 'exec', 'cp', 'attach'], refuse: {} }));
  guard = buildGuard(path.join(tmp, 'bin'), { realDocker: REAL_DOCKER, policyPath: path.join(tmp, 'policy.json') });
  writeComposeStub(config, `echo '{"name":"${PROJECT}","services":{"db":{"image":"x"},"web":{"image":"x"}}}'`);
  dockerd = await startDockerd();
  img = dockerd.image;
  recorder = await startRecorder({ upstream: dockerd.socketPath });
  // What an administrator's compose project leaves behind: a `db` container with compose's
  // labels and a host directory bound in (the red-team rounds bound /), and a plain `web` one.
  for (const [service, extra] of [['db', ['-v', `${hostDir}:/host`]], ['web', []]] as const) {
    const r = await direct(['run', '-d', '--network', 'none', '--name', `${PROJECT}-${service}-1`, '--label', `com.docker.compose.project=${PROJECT}`,
      '--label', `com.docker.compose.service=${service}`, '--label', 'com.docker.compose.container-number=1', ...extra, img, 'sleep', '600']);
    expect(r.code, r.stderr).toBe(0);
  }
}, 300_000);

afterAll(async () => {
  if (dockerd) await direct(['rm', '-f', `${PROJECT}-db-1`, `${PROJECT}-web-1`]);
  await recorder?.stop();
  await dockerd?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('compose exec, cp and attach with exec, cp and attach allowed', () => {
  it('into the administrator\'s container that binds a host directory: refused, whichever way compose finds the project', async () => {
    const work = mkdtempSync(path.join(tmp, 'work-'));
    writeFileSync(path.join(work, 'payload'), 'from-the-agent\n');
    writeFileSync(path.join(hostDir, 'secret'), 'admin-only\n');
    for (const argv of [
      ['compose', '-p', PROJECT, 'exec', 'db', 'sh', '-c', 'id > /host/pwned'],
      ['compose', '-p', PROJECT, 'exec', '-T', '--index', '1', 'db', 'id'],
      ['compose', '-p', PROJECT, 'cp', 'payload', 'db:/host/payload'],
      ['compose', '-p', PROJECT, 'cp', 'db:/host/secret', '-'],
      ['compose', '-p', PROJECT, 'attach', '--no-stdin', 'db'],
    ]) {
      const r = await refusedAs(argv, 'powerful-container', { cwd: work });
      expect(r.stderr).toContain(`works inside the container ${PROJECT}-db-1 (service db) of project ${PROJECT}, one the policy would not let the caller create`);
      expect(r.stdout).toBe('');
      expect(composeLog()).toEqual([]);
    }
    // By COMPOSE_PROJECT_NAME, and by the project compose loads (its `config` names it).
    await refusedAs(['compose', 'exec', 'db', 'id'], 'powerful-container', { cwd: work, env: { COMPOSE_PROJECT_NAME: PROJECT } });
    expect(composeLog()).toEqual([]);
    await refusedAs(['compose', 'exec', 'db', 'id'], 'powerful-container', { cwd: work });
    expect(composeLog()).toEqual(['compose config --format json']);
    expect(readdirSync(hostDir).sort()).toEqual(['secret']);
  });

  it('exec --privileged is refused even into the plain container; a plain exec or cp into it reaches compose', async () => {
    const priv = await refusedAs(['compose', '-p', PROJECT, 'exec', '--privileged', 'web', 'id'], 'privileged');
    expect(priv.stderr).toContain('containers.privileged');
    expect(existsSync(path.join(hostDir, 'pwned'))).toBe(false);
    for (const argv of [['compose', '-p', PROJECT, 'exec', 'web', 'id'], ['compose', '-p', PROJECT, 'cp', 'web:/etc/hostname', '-']]) {
      rmSync(path.join(config, 'compose.log'), { force: true });
      const ok = await agent(argv);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toBe(`stub compose ran: ${argv.join(' ')}\n`);
      expect(composeLog()).toEqual([argv.join(' ')]);
    }
  });
});

describe('compose kill, which the default policy allows with compose', () => {
  it('of the administrator\'s project with a container that binds a host directory: refused (a signal lets the daemon restart it by its restart policy), by -p and by the model; a project without one is killed', async () => {
    for (const [argv, log] of [
      [['compose', '-p', PROJECT, 'kill'], []],
      [['compose', '-p', PROJECT, 'kill', '-s', 'HUP', 'db'], []],
      [['compose', 'kill'], ['compose config --format json']],
    ] as const) {
      const r = await refusedAs([...argv], 'powerful-container');
      expect(r.stderr).toContain(`the container ${PROJECT}-db-1 of project ${PROJECT}`);
      expect(composeLog()).toEqual(log);
    }
    expect((await direct(['inspect', '--format', '{{.State.Running}}', `${PROJECT}-db-1`])).stdout).toBe('true\n');
    rmSync(path.join(config, 'compose.log'), { force: true });
    const other = await agent(['compose', '-p', 'dg-e2e-agentproj', 'kill']);
    expect(other.code, other.stderr).toBe(0);
    expect(composeLog()).toEqual(['compose -p dg-e2e-agentproj kill']);
  });
});
