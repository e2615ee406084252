// Checks of the test support itself: the recorder (alone and as a proxy in front of a real
// dockerd), the dockerd helper and the real-docker runner.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDockerd, type Dockerd } from './dockerd.js';
import { REAL_DOCKER, REAL_DOCKER_VERSION, runDocker } from './real-docker.js';
import { FAKE_CONTAINER_ID, startRecorder, type Recorder } from './recorder.js';

const ops = (rec: Recorder): string[] => rec.requests.filter((r) => r.path !== '/_ping').map((r) => `${r.method} ${r.path}`);

describe('real docker', () => {
  it('is the 28.x client, by absolute path', () => {
    expect(path.isAbsolute(REAL_DOCKER)).toBe(true);
    expect(REAL_DOCKER_VERSION).toMatch(/^Docker version 28\./);
  });
});

describe('recorder (stand-alone)', () => {
  let rec: Recorder;
  beforeAll(async () => {
    rec = await startRecorder();
  });
  afterAll(async () => {
    await rec.stop();
    expect(existsSync(rec.socketPath)).toBe(false);
  });

  it('records exactly the identifying call of `docker exec c sh`', async () => {
    rec.clear();
    const r = await runDocker(['exec', 'c', 'sh'], { host: rec.host });
    expect(r.code).toBe(1);
    expect(ops(rec)).toEqual(['GET /containers/c/json', 'POST /containers/c/exec']);
    const exec = rec.requests.at(-1)!;
    expect(exec.body).toMatchObject({ Cmd: ['sh'], Privileged: false });
    expect(exec.rawBody).toContain('"Cmd":["sh"]');
  });

  it('strips the API version and decodes the query', async () => {
    rec.clear();
    await runDocker(['cp', 'c:/etc/passwd', '-'], { host: rec.host });
    expect(rec.requests.map((r) => r.method + ' ' + r.path)).toEqual(['HEAD /_ping', 'GET /containers/c/archive']);
    expect(rec.requests[1]!.query).toEqual({ path: '/etc/passwd' });
  });

  it('answers create, so run goes on to the created container', async () => {
    rec.clear();
    const r = await runDocker(['run', '-d', 'img'], { host: rec.host });
    expect(r.code).not.toBe(0);
    expect(ops(rec)[0]).toBe('POST /containers/create');
    // The start proves the client read the id out of the recorder's create answer.
    expect(ops(rec)).toContain(`POST /containers/${FAKE_CONTAINER_ID}/start`);
    expect(ops(rec).slice(1).every((o) => o.includes(FAKE_CONTAINER_ID))).toBe(true);
  });

  it('answers a hijacked attach with 404', async () => {
    rec.clear();
    const r = await runDocker(['attach', 'c'], { host: rec.host });
    expect(r.stderr).toContain('received 404');
    expect(ops(rec)).toContain('POST /containers/c/attach');
  });

  it('answers _ping and version', async () => {
    rec.clear();
    const r = await runDocker(['version', '--format', '{{.Server.APIVersion}}'], { host: rec.host });
    expect(r.stdout.trim()).toBe('1.50');
    expect(r.code).toBe(0);
  });
});

describe.skipIf(process.getuid?.() !== 0)('dockerd + recorder as a proxy (root)', () => {
  let d: Dockerd;
  let rec: Recorder;
  beforeAll(async () => {
    d = await startDockerd();
    rec = await startRecorder({ upstream: d.socketPath });
  });
  afterAll(async () => {
    await rec?.stop();
    if (d) {
      const dir = path.dirname(d.socketPath);
      await d.stop();
      expect(() => process.kill(d.pid, 0)).toThrow();
      expect(existsSync(dir)).toBe(false);
    }
  });

  it('runs the busybox image without network, passing exit codes through', async () => {
    const hi = await runDocker(['run', '--rm', '--network', 'none', d.image, 'sh', '-c', 'echo hi'], { host: d.host });
    expect(hi).toMatchObject({ code: 0, stdout: 'hi\n' });
    const e = await runDocker(['run', '--rm', '--network', 'none', d.image, 'sh', '-c', 'exit 42'], { host: d.host });
    expect(e.code).toBe(42);
  });

  it('proxies and records a run with stdin (hijacked attach)', async () => {
    rec.clear();
    const r = await runDocker(['run', '--rm', '-i', '--network', 'none', d.image, 'sh', '-c', 'cat; exit 5'], { host: rec.host, stdin: 'piped\n' });
    expect(r).toMatchObject({ code: 5, stdout: 'piped\n' });
    expect(ops(rec)[0]).toBe('POST /containers/create');
    expect(ops(rec).some((o) => /^POST \/containers\/\w+\/attach$/.test(o))).toBe(true);
    expect(rec.requests[1]!.body).toMatchObject({ Cmd: ['sh', '-c', 'cat; exit 5'], HostConfig: { NetworkMode: 'none' } });
  });

  it('proxies and records exec (hijacked exec start with a JSON body)', async () => {
    const started = await runDocker(['run', '-d', '--name', 'sleeper', '--network', 'none', d.image, 'sleep', '300'], { host: d.host });
    expect(started.code).toBe(0);
    rec.clear();
    const r = await runDocker(['exec', '-i', 'sleeper', 'sh', '-c', 'cat; echo err >&2; exit 3'], { host: rec.host, stdin: 'in\n' });
    expect(r).toMatchObject({ code: 3, stdout: 'in\n', stderr: 'err\n' });
    const start = rec.requests.find((q) => /^\/exec\/\w+\/start$/.test(q.path));
    expect(start?.body).toEqual({ Detach: false, Tty: false });
  });

  it('proxies a raw API call made through `docker system dial-stdio`', async () => {
    rec.clear();
    const r = await runDocker(['system', 'dial-stdio'], { host: rec.host, stdin: 'GET /v1.41/_ping HTTP/1.0\r\n\r\n' });
    expect(r.stdout).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(rec.requests.filter((q) => q.method === 'GET' && q.path === '/_ping')).toHaveLength(1);
  });
});
