import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_IMAGE, startDockerd, type Dockerd } from '../support/dockerd.js';
import { REAL_DOCKER, runDocker, type DockerResult } from '../support/real-docker.js';
import { startRecorder, type Recorder } from '../support/recorder.js';
import { writeComposeStub } from '../support/compose-stub.js';
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

  it('docker remove is docker rm; with DOCKER_HIDE_LEGACY_COMMANDS set it names a plugin and is refused', async () => {
    expect((await direct(['create', '--network', 'none', '--name', 'dg-e2e-removed', img, 'true'])).code).toBe(0);
    recorder.clear();
    const hidden = await runDocker(['remove', 'dg-e2e-removed'], { binary: guard.docker, host: recorder.host, config, env: { DOCKER_HIDE_LEGACY_COMMANDS: '1' }, timeoutMs: 60_000 });
    expect(hidden.code, hidden.stderr).toBe(77);
    expect(hidden.stderr).toContain('docker-remove');
    expect(recorder.requests).toEqual([]);
    const removed = await agent(['remove', 'dg-e2e-removed']);
    expect(removed.code, removed.stderr).toBe(0);
    expect((await direct(['ps', '-aq', '--filter', 'name=dg-e2e-removed'])).stdout).toBe('');
  });

  it('build works for real (legacy builder: no buildx here); build --network host is refused', async () => {
    const ctx = mkdtempSync(path.join(tmp, 'ctx-'));
    writeFileSync(path.join(ctx, 'Dockerfile'), `FROM ${img}\nRUN echo built-by-agent > /built\n`);
    const env = { DOCKER_BUILDKIT: '0' };
    const built = await runDocker(['build', '--network', 'none', '-t', 'dg-e2e-built:1', ctx], { binary: guard.docker, host: recorder.host, config, env, timeoutMs: 120_000 });
    expect(built.code, built.stderr).toBe(0);
    const out = await agent(['run', '--rm', '--network', 'none', 'dg-e2e-built:1', 'cat', '/built']);
    expect(out.stdout).toBe('built-by-agent\n');
    recorder.clear();
    const host = await runDocker(['build', '--network', 'host', '-t', 'dg-e2e-built:2', ctx], { binary: guard.docker, host: recorder.host, config, env });
    expect(host.code).toBe(77);
    expect(host.stderr).toContain('rule:    build-host-network');
    expect(recorder.requests).toEqual([]);
    await direct(['rmi', 'dg-e2e-built:1']);
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

describe('ordinary containers still run: named volume, tmpfs, allow-listed bind, published port', () => {
  it('named volume and tmpfs', async () => {
    const vol = await agent(['run', '--rm', '--network', 'none', '-v', 'dg-e2e-data:/data', img, 'sh', '-c', 'echo kept > /data/f && cat /data/f']);
    expect(vol.code, vol.stderr).toBe(0);
    expect(vol.stdout).toBe('kept\n');
    const tmpfs = await agent(['run', '--rm', '--network', 'none', '--tmpfs', '/scratch', img, 'sh', '-c', 'grep -c " /scratch tmpfs" /proc/mounts']);
    expect(tmpfs.code, tmpfs.stderr).toBe(0);
    expect(tmpfs.stdout.trim()).toBe('1');
    await direct(['volume', 'rm', 'dg-e2e-data']);
  });

  it('an existing volume is judged by what the daemon says it is: a bind of /etc made by the admin is refused, a plain one runs', async () => {
    expect((await direct(['volume', 'create', '--opt', 'type=none', '--opt', 'o=bind', '--opt', 'device=/etc', 'dg-e2e-adminetc'])).code).toBe(0);
    expect((await direct(['volume', 'create', 'dg-e2e-plain'])).code).toBe(0);
    try {
      for (const argv of [['-v', 'dg-e2e-adminetc:/h'], ['--mount', 'type=volume,src=dg-e2e-adminetc,dst=/h,volume-opt=type=tmpfs,volume-opt=device=tmpfs']]) {
        recorder.clear();
        const r = await agent(['run', '--rm', '--network', 'none', ...argv, img, 'cat', '/h/hostname']);
        expect(r.code, r.stderr).toBe(77);
        expect(r.stderr).toContain('rule:    bind-mount');
        expect(r.stderr).toContain('the existing volume "dg-e2e-adminetc", a bind of /etc');
        // Asked about the volume (and which containers mount it), nothing else.
        const asked = recorder.requests.filter((q) => q.path !== '/_ping').map((q) => `${q.method} ${q.path}`);
        expect(asked[0]).toBe('GET /volumes/dg-e2e-adminetc');
        expect(asked.every((a) => a.startsWith('GET /volumes/dg-e2e-adminetc') || a.startsWith('GET /containers/json'))).toBe(true);
      }
      const ok = await agent(['run', '--rm', '--network', 'none', '-v', 'dg-e2e-plain:/d', img, 'sh', '-c', 'echo fine > /d/f && cat /d/f']);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toBe('fine\n');
      // A new volume named like an Object method is just a name.
      const odd = await agent(['run', '--rm', '--network', 'none', '-v', 'toString:/d', img, 'true']);
      expect(odd.code, odd.stderr).toBe(0);
      await direct(['volume', 'rm', 'toString']);
    } finally {
      await direct(['volume', 'rm', 'dg-e2e-adminetc', 'dg-e2e-plain']);
    }
  });

  it('an existing volume another container mounts is refused when that container has powers the caller may not give (a host bind), allowed when it has none', async () => {
    const hostDir = mkdtempSync(path.join(tmp, 'adminjob-host-'));
    expect((await direct(['volume', 'create', 'dg-e2e-adminscripts'])).code).toBe(0);
    expect((await direct(['volume', 'create', 'dg-e2e-teamdata'])).code).toBe(0);
    // An administrator's job that runs what is in its volume, with the host bound in.
    expect((await direct(['create', '--network', 'none', '--name', 'dg-e2e-adminjob', '-v', `${hostDir}:/host`, '-v', 'dg-e2e-adminscripts:/scripts', img, 'sh', '/scripts/run.sh'])).code).toBe(0);
    expect((await direct(['create', '--network', 'none', '--name', 'dg-e2e-teamjob', '-v', 'dg-e2e-teamdata:/data', img, 'true'])).code).toBe(0);
    try {
      recorder.clear();
      const r = await agent(['run', '--rm', '--network', 'none', '-v', 'dg-e2e-adminscripts:/s', img, 'sh', '-c', 'echo "id > /host/pwned" > /s/run.sh']);
      expect(r.code, r.stderr).toBe(77);
      expect(r.stderr).toContain('rule:    shared-volume');
      expect(r.stderr).toContain('which the container dg-e2e-adminjob mounts too');
      // Asked about the volume and who mounts it; nothing was created.
      expect(recorder.requests.some((q) => q.method === 'POST')).toBe(false);
      const ok = await agent(['run', '--rm', '--network', 'none', '-v', 'dg-e2e-teamdata:/d', img, 'sh', '-c', 'echo shared > /d/f && cat /d/f']);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toBe('shared\n');
      // Nor may the caller start or remove that container: it would run (or be recreated) with its host bind.
      for (const argv of [['start', 'dg-e2e-adminjob'], ['restart', '-t', '0', 'dg-e2e-adminjob'], ['rm', '-f', 'dg-e2e-adminjob'], ['container', 'rm', 'dg-e2e-teamjob', 'dg-e2e-adminjob'],
        ['system', 'prune', '-f']]) {
        recorder.clear();
        const r2 = await agent(argv);
        expect(r2.code, `${argv.join(' ')}: ${r2.stderr}`).toBe(77);
        expect(r2.stderr).toContain('rule:    powerful-container');
        expect(recorder.requests.some((q) => q.method === 'POST' || q.method === 'DELETE')).toBe(false);
      }
      expect((await direct(['inspect', '--format', '{{.State.Status}}', 'dg-e2e-adminjob'])).stdout.trim()).toBe('created');
      // A container of the caller's named like the start of that one's id: once it is gone, docker
      // takes the word for the id (a red-team round started the powerful one this way).
      const prefix = (await direct(['inspect', '--format', '{{.Id}}', 'dg-e2e-adminjob'])).stdout.trim().slice(0, 8);
      expect((await agent(['run', '-d', '--network', 'none', '--name', prefix, img, 'sleep', '30'])).code).toBe(0);
      try {
        // docker trims each word as Go's TrimSpace does, so blanks around it change nothing (a red-team round)
        for (const word of [prefix, ` ${prefix}`, `${prefix}\t`, `\u00a0${prefix}`]) {
          recorder.clear();
          const raced = await agent(['start', word, word]);
          expect(raced.code, `${JSON.stringify(word)}: ${raced.stderr}`).toBe(77);
          expect(raced.stderr).toContain('acts on the container dg-e2e-adminjob');
          expect(recorder.requests.some((q) => q.method === 'POST')).toBe(false);
        }
      } finally {
        await direct(['rm', '-f', prefix]);
      }
      const plain = await agent(['restart', '-t', '0', 'dg-e2e-teamjob']);
      expect(plain.code, plain.stderr).toBe(0);
      const gone = await agent(['rm', '-f', 'dg-e2e-teamjob', 'dg-e2e-no-such-container']);
      expect(gone.stderr).toContain('dg-e2e-no-such-container');
      expect((await direct(['ps', '-aq', '--filter', 'name=dg-e2e-teamjob'])).stdout).toBe('');
    } finally {
      await direct(['rm', '-f', 'dg-e2e-adminjob', 'dg-e2e-teamjob']);
      await direct(['volume', 'rm', 'dg-e2e-adminscripts', 'dg-e2e-teamdata']);
    }
  });

  it('a pull of the image name a powerful container was made from is refused (the registry could serve anything under it); another name is asked about and allowed', async () => {
    const hostDir = mkdtempSync(path.join(tmp, 'admpull-host-'));
    expect((await direct(['tag', img, 'dg-e2e/admpull:1'])).code).toBe(0);
    expect((await direct(['create', '--network', 'none', '--name', 'dg-e2e-admpullc', '-v', `${hostDir}:/host`, 'dg-e2e/admpull:1', 'true'])).code).toBe(0);
    try {
      const ctx = mkdtempSync(path.join(tmp, 'ctx-pull-'));
      writeFileSync(path.join(ctx, 'Dockerfile'), `FROM ${img}\nCMD ["true"]\n`);
      // also the spellings docker shortens, a platform the image here may not have (docker pulls
      // on "No such image"), and builds that may pull and tag base images (a red-team round)
      for (const [argv, why] of [
        [['pull', 'dg-e2e/admpull:1'], 'the pull would replace'], [['pull', '-a', 'dg-e2e/admpull'], 'the pull would replace'],
        [['pull', 'index.docker.io/dg-e2e/admpull:1'], 'the pull would replace'],
        [['run', '--rm', '--pull', 'always', '--network', 'none', 'dg-e2e/admpull:1', 'true'], 'the pull would replace'],
        [['run', '--rm', '--platform', 'linux/arm64', '--network', 'none', 'dg-e2e/admpull:1', 'true'], 'the pull would replace'],
        [['build', '-q', '-t', 'index.docker.io/dg-e2e/admpull:1', ctx], 'the build would replace'],
        [['build', '-q', '--pull', '-t', 'dg-e2e-mine:1', ctx], 'the build would replace'],
      ] as const) {
        recorder.clear();
        const r = await agent([...argv]);
        expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(77);
        expect(r.stderr).toContain('rule:    powerful-container');
        expect(r.stderr).toContain(`${why} the image it was created from`);
        expect(recorder.requests.some((q) => q.method === 'POST')).toBe(false);
      }
      const other = await runDocker(['check', '--ask-docker', '--', 'pull', 'dg-e2e/elsewhere:1'], { binary: guard.admin, host: recorder.host, config });
      expect(other.code, other.stdout).toBe(0);
      // an official image's name (docker.io/library/…) is no caller's to publish: its pull stays allowed
      expect((await direct(['tag', img, 'dg-e2e-libimg:1'])).code).toBe(0);
      expect((await direct(['create', '--network', 'none', '--name', 'dg-e2e-libc', '-v', `${hostDir}:/host`, 'dg-e2e-libimg:1', 'true'])).code).toBe(0);
      const official = await runDocker(['check', '--ask-docker', '--', 'pull', 'dg-e2e-libimg:1'], { binary: guard.admin, host: recorder.host, config });
      expect(official.code, official.stdout).toBe(0);
    } finally {
      await direct(['rm', '-f', 'dg-e2e-admpullc', 'dg-e2e-libc']);
      await direct(['rmi', 'dg-e2e/admpull:1', 'dg-e2e-libimg:1']);
    }
  });

  it('an administrator\'s image name cannot be freed and refilled: rmi of the id it now points at, prune -a, a run that pulls, a short id taken for a name (a red-team round)', async () => {
    const hostDir = mkdtempSync(path.join(tmp, 'freed-host-'));
    const ctx = mkdtempSync(path.join(tmp, 'ctx-freed-'));
    writeFileSync(path.join(ctx, 'Dockerfile'), `FROM ${img}\nLABEL rebuilt=1\n`);
    expect((await direct(['tag', img, 'dg-e2e/freed:1'])).code).toBe(0);
    // running, so no stopped container is at stake: only the name
    expect((await direct(['run', '-d', '--network', 'none', '--name', 'dg-e2e-freedc', '-v', `${hostDir}:/host`, 'dg-e2e/freed:1', 'sleep', '300'])).code).toBe(0);
    // the administrator rebuilds the name; the container still runs the old image
    expect((await direct(['build', '-q', '-t', 'dg-e2e/freed:1', ctx])).code).toBe(0);
    const rebuilt = (await direct(['image', 'inspect', '--format', '{{.Id}}', 'dg-e2e/freed:1'])).stdout.trim().replace(/^sha256:/, '').slice(0, 12);
    const shortId = (await direct(['image', 'inspect', '--format', '{{.Id}}', img])).stdout.trim().replace(/^sha256:/, '').slice(0, 12);
    expect((await direct(['run', '-d', '--network', 'none', '--name', 'dg-e2e-shortc', '-v', `${hostDir}:/host`, shortId, 'sleep', '300'])).code).toBe(0);
    // no stopped powerful container: only what prune -a does to image names is at stake
    const stopped = (await direct(['ps', '-a', '--filter', 'status=exited', '--filter', 'status=created', '--format', '{{.Names}}'])).stdout.trim();
    expect(stopped).toBe('');
    try {
      for (const [argv, why] of [
        [['rmi', rebuilt], 'the removal would free the name of the image it was created from'],
        [['system', 'prune', '-a', '-f'], 'acts on the container dg-e2e-'],
        [['run', '--rm', '--network', 'none', 'dg-e2e/freed:1', 'true'], 'the pull would replace'],
        [['build', '-q', '-t', `${shortId}:latest`, ctx], 'the build would replace'],
      ] as const) {
        recorder.clear();
        const r = await agent([...argv]);
        expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(77);
        expect(r.stderr).toContain('rule:    powerful-container');
        expect(r.stderr).toContain(why);
        expect(recorder.requests.some((q) => q.method === 'POST' || q.method === 'DELETE')).toBe(false);
      }
      // a run that cannot pull is not at stake
      expect((await agent(['run', '--rm', '--pull', 'never', '--network', 'none', 'dg-e2e/freed:1', 'true'])).code).toBe(0);
      // a name that still points at its container's image stays through prune -a, and rmi of another
      // name of that image untags only that name: neither is refused (a red-team round found both refused)
      await direct(['rm', '-f', 'dg-e2e-freedc', 'dg-e2e-shortc']);
      const stillCtx = mkdtempSync(path.join(tmp, 'ctx-still-'));
      writeFileSync(path.join(stillCtx, 'Dockerfile'), `FROM ${img}\nLABEL still=1\n`);
      expect((await direct(['build', '-q', '-t', 'dg-e2e/still:1', stillCtx])).code).toBe(0);
      expect((await direct(['run', '-d', '--network', 'none', '--name', 'dg-e2e-stillc', '-v', `${hostDir}:/host`, 'dg-e2e/still:1', 'sleep', '300'])).code).toBe(0);
      const asked = async (argv: string[]): Promise<number | null> => (await runDocker(['check', '--ask-docker', '--', ...argv], { binary: guard.admin, host: recorder.host, config })).code;
      // prune -a untags every name of an in-use image but its last (sorted), and the caller can add
      // a second name at any moment, even while prune waits for its y/N (red-team rounds 14, 15):
      // a name still on its own, single-named image counts too
      expect(await asked(['system', 'prune', '-a', '-f'])).toBe(77);
      // and so does prune without -a, since red-team round 20: the caller may stop the running
      // container first, even while the prune waits for its y/N, and the prune then removes it
      expect(await asked(['system', 'prune', '-f'])).toBe(77);
      await direct(['stop', '-t', '0', 'dg-e2e-stillc']);
      expect(await asked(['system', 'prune', '-f'])).toBe(77);
      await direct(['rm', '-f', 'dg-e2e-stillc']);
      expect(await asked(['system', 'prune', '-f'])).toBe(0);
      // rmi of a second name of that image untags only that name
      expect((await direct(['tag', 'dg-e2e/still:1', 'dg-e2e/second:1'])).code).toBe(0);
      expect(await asked(['rmi', 'dg-e2e/second:1'])).toBe(0);
    } finally {
      await direct(['rm', '-f', 'dg-e2e-freedc', 'dg-e2e-shortc', 'dg-e2e-stillc']);
      await direct(['rmi', 'dg-e2e/freed:1', 'dg-e2e/still:1', 'dg-e2e/second:1']);
    }
  });

  it('a container gets its powers through a bind volume too: its other volume is refused, and so is restarting it', async () => {
    const hostDir = mkdtempSync(path.join(tmp, 'hostroot-'));
    expect((await direct(['volume', 'create', '--opt', 'type=none', '--opt', 'o=bind', '--opt', `device=${hostDir}`, 'dg-e2e-hostroot'])).code).toBe(0);
    expect((await direct(['volume', 'create', 'dg-e2e-app2'])).code).toBe(0);
    expect((await direct(['create', '--network', 'none', '--name', 'dg-e2e-admvb', '-v', 'dg-e2e-hostroot:/host', '-v', 'dg-e2e-app2:/data', img, 'sh', '/data/start.sh'])).code).toBe(0);
    try {
      for (const [argv, rule] of [[['run', '--rm', '--network', 'none', '-v', 'dg-e2e-app2:/x', img, 'true'], 'shared-volume'], [['restart', 'dg-e2e-admvb'], 'powerful-container']] as const) {
        recorder.clear();
        const r = await agent([...argv]);
        expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(77);
        expect(r.stderr).toContain(`rule:    ${rule}`);
        expect(r.stderr).toContain(`a bind of ${hostDir}`);
        expect(recorder.requests.some((q) => q.method === 'POST')).toBe(false);
        // dg-e2e-hostroot is read for what it is; who else mounts it is not asked (it would not change the answer)
        const listings = recorder.requests.filter((q) => q.path === '/containers/json').map((q) => q.query.filters ?? '');
        expect(listings.some((f) => f.includes('dg-e2e-hostroot'))).toBe(false);
        if (argv[0] === 'run') expect(listings.filter((f) => f.includes('dg-e2e-app2'))).toHaveLength(1);
      }
    } finally {
      await direct(['rm', '-f', 'dg-e2e-admvb']);
      await direct(['volume', 'rm', 'dg-e2e-hostroot', 'dg-e2e-app2']);
    }
  });

  it('build -t of the image name a powerful container was made from is refused; a new name is not', async () => {
    const hostDir = mkdtempSync(path.join(tmp, 'admimg-host-'));
    const ctx = mkdtempSync(path.join(tmp, 'ctx-'));
    writeFileSync(path.join(ctx, 'Dockerfile'), `FROM ${img}\nCMD ["true"]\n`);
    expect((await direct(['tag', img, 'dg-e2e-admintool:1'])).code).toBe(0);
    expect((await direct(['create', '--network', 'none', '--name', 'dg-e2e-admimg', '-v', `${hostDir}:/host`, 'dg-e2e-admintool:1', 'true'])).code).toBe(0);
    try {
      recorder.clear();
      const r = await agent(['build', '-q', '-t', 'dg-e2e-admintool:1', ctx]);
      expect(r.code, r.stderr).toBe(77);
      expect(r.stderr).toContain('rule:    powerful-container');
      expect(r.stderr).toContain('the build would replace the image it was created from');
      expect(recorder.requests.some((q) => q.method === 'POST')).toBe(false);
      // Nor may the caller free the name first: rmi is refused too, and a container keeps the name
      // it was created from even when the name points elsewhere (a red-team round rmi'd, then built).
      const rmi = await agent(['rmi', 'dg-e2e-admintool:1']);
      expect(rmi.code, rmi.stderr).toBe(77);
      expect(rmi.stderr).toContain('rule:    powerful-container');
      expect((await direct(['tag', img, 'dg-e2e-admintool:keep'])).code).toBe(0);
      expect((await direct(['rmi', 'dg-e2e-admintool:1'])).code).toBe(0);
      const after = await agent(['build', '-q', '-t', 'dg-e2e-admintool:1', ctx]);
      expect(after.code, after.stderr).toBe(77);
      expect(after.stderr).toContain('rule:    powerful-container');
      await direct(['tag', img, 'dg-e2e-admintool:1']);
      await direct(['rmi', 'dg-e2e-admintool:keep']);
      // A name no container was made from: the daemon's answer is an empty list, and the check passes.
      // (Straight at the daemon: spawnSync would block the recorder, which answers in this process.)
      const fresh = spawnSync(guard.admin, ['check', '--ask-docker', '--', 'build', '-t', 'dg-e2e-fresh:1', ctx], { env: { ...process.env, DOCKER_HOST: dockerd.host, DOCKER_CONFIG: config }, encoding: 'utf8' });
      expect(fresh.status, fresh.stdout + fresh.stderr).toBe(0);
    } finally {
      await direct(['rm', '-f', 'dg-e2e-admimg']);
      await direct(['rmi', 'dg-e2e-admintool:1']);
    }
  });

  it('a bind mount under a directory the policy allows runs; the same with a symlink out of it is refused', async () => {
    const work = mkdtempSync(path.join(tmp, 'work-'));
    const proj = path.join(work, 'proj');
    mkdirSync(proj);
    writeFileSync(path.join(proj, 'note.txt'), 'from-the-host\n');
    symlinkSync('/', path.join(work, 'escape'));
    writeFileSync(path.join(tmp, 'policy.json'), JSON.stringify({ users: ['*'], containers: { allowBindMountsUnder: [work] } }));
    try {
      const ok = await runDocker(['run', '--rm', '--network', 'none', '-v', `${proj}:/work:ro`, img, 'cat', '/work/note.txt'], { binary: guard.docker, host: recorder.host, config, cwd: work });
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toBe('from-the-host\n');
      const rel = await runDocker(['run', '--rm', '--network', 'none', '-v', '.:/work:ro', img, 'cat', '/work/note.txt'], { binary: guard.docker, host: recorder.host, config, cwd: proj });
      expect(rel.stdout).toBe('from-the-host\n');
      recorder.clear();
      const out = await runDocker(['run', '--rm', '--network', 'none', '-v', './escape:/h', img, 'ls', '/h'], { binary: guard.docker, host: recorder.host, config, cwd: work });
      expect(out.code).toBe(77);
      expect(out.stderr).toContain('rule:    bind-mount');
      expect(recorder.requests).toEqual([]);
    } finally {
      rmSync(path.join(tmp, 'policy.json'), { force: true });
    }
  });

  it('under a policy without `pull`, run needs --pull never (which docker honours), and run and build without it are refused with nothing sent', async () => {
    // What the rule rests on, seen from the real client: a run of an image that is not here asks
    // the daemon to pull it; with --pull never it does not.
    const absent = 'dg-e2e-absent:nowhere';
    recorder.clear();
    await runDocker(['run', '--rm', '--network', 'none', absent, 'true'], { host: recorder.host, config, timeoutMs: 60_000 });
    expect(recorder.requests.some((q) => q.method === 'POST' && q.path === '/images/create')).toBe(true);
    recorder.clear();
    const never = await runDocker(['run', '--rm', '--network', 'none', '--pull', 'never', absent, 'true'], { host: recorder.host, config, timeoutMs: 60_000 });
    expect(never.code).not.toBe(0);
    expect(recorder.requests.some((q) => q.path === '/images/create')).toBe(false);

    writeFileSync(path.join(tmp, 'policy.json'), JSON.stringify({ users: ['*'], allow: ['run', 'build', 'ps'] }));
    try {
      const ok = await agent(['run', '--rm', '--network', 'none', '--pull', 'never', img, 'echo', 'local-image']);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toBe('local-image\n');
      for (const argv of [['run', '--rm', '--network', 'none', absent, 'true'], ['run', '--rm', '--network', 'none', '--pull', 'missing', img, 'true'], ['build', '-q', tmp]]) {
        recorder.clear();
        const r = await agent(argv);
        expect(r.code, argv.join(' ')).toBe(77);
        expect(r.stderr).toContain('rule:    back-door');
        expect(r.stderr).toContain('which is `image pull`');
        expect(recorder.requests).toEqual([]);
      }
    } finally {
      rmSync(path.join(tmp, 'policy.json'), { force: true });
    }
  });

  it('joining a network that exists, and a build with an address or a proxy the build cache does not key on, are refused with nothing sent; the policy keys let them run (red-team rounds 16, 17)', async () => {
    const net = 'dg-e2e-adminnet';
    const made = await direct(['network', 'create', '--internal', net]);
    expect(made.code, made.stderr).toBe(0);
    const ctx = mkdtempSync(path.join(tmp, 'ctx-'));
    writeFileSync(path.join(ctx, 'Dockerfile'), `FROM ${img}\nRUN cat /etc/hosts > /hosts\n`);
    const env = { DOCKER_BUILDKIT: '0' };
    const viaGuard = (argv: readonly string[]): Promise<DockerResult> => runDocker([...argv], { binary: guard.docker, host: recorder.host, config, env, timeoutMs: 120_000 });
    try {
      // What the rule rests on, seen from the real client: it joins the network under the alias.
      const real = await direct(['run', '-d', '--name', 'dg-e2e-real-join', '--network', net, '--network-alias', 'api', img, 'sleep', '30']);
      expect(real.code, real.stderr).toBe(0);
      const aliases = await direct(['inspect', '--format', `{{json (index .NetworkSettings.Networks "${net}").Aliases}}`, 'dg-e2e-real-join']);
      expect(aliases.stdout).toContain('"api"');
      await direct(['rm', '-f', 'dg-e2e-real-join']);

      for (const [argv, rule] of [
        [['run', '-d', '--name', 'dg-e2e-join', '--network', net, '--network-alias', 'api', img, 'sleep', '30'], 'join-network'],
        [['run', '--rm', `--network=name=${net},alias=api`, img, 'true'], 'join-network'],
        [['build', '--network', net, '-t', 'dg-e2e-join:1', ctx], 'join-network'],
        [['build', '--network', 'none', '--add-host', 'mirror:10.0.0.3', '-t', 'dg-e2e-join:2', ctx], 'build-hosts-proxies'],
        [['build', '--network', 'none', '--build-arg', 'http_proxy=http://10.0.0.3:3128', '-t', 'dg-e2e-join:3', ctx], 'build-hosts-proxies'],
      ] as const) {
        recorder.clear();
        const r = await viaGuard(argv);
        expect(r.code, argv.join(' ')).toBe(77);
        expect(r.stderr).toContain(`rule:    ${rule}`);
        expect(recorder.requests).toEqual([]);
      }
      // The client adds config.json's proxies to every build as proxy build args (red-team round 19).
      const proxyConfig = mkdtempSync(path.join(tmp, 'config-proxies-'));
      writeFileSync(path.join(proxyConfig, 'config.json'), JSON.stringify({ proxies: { default: { httpProxy: 'http://10.0.0.3:3128' } } }));
      recorder.clear();
      const proxied = await runDocker(['build', '--network', 'none', '-t', 'dg-e2e-join:6', ctx], { binary: guard.docker, host: recorder.host, config: proxyConfig, env, timeoutMs: 120_000 });
      expect(proxied.code).toBe(77);
      expect(proxied.stderr).toContain('rule:    build-hosts-proxies');
      expect(proxied.stderr).toContain('sets `proxies`');
      expect(recorder.requests).toEqual([]);

      writeFileSync(path.join(tmp, 'policy.json'), JSON.stringify({ users: ['*'], allow: ['run', 'build', 'pull', 'rmi'], containers: { joinNetworks: true }, build: { hostsAndProxies: true } }));
      try {
        const ok = await agent(['run', '--rm', '--network', net, '--network-alias', 'api', img, 'echo', 'joined']);
        expect(ok.code, ok.stderr).toBe(0);
        expect(ok.stdout).toBe('joined\n');
        const built = await viaGuard(['build', '-q', '--network', 'none', '--add-host', 'mirror:10.0.0.3', '-t', 'dg-e2e-join:4', ctx]);
        expect(built.code, built.stderr).toBe(0);
        // Why the rule exists: the next build of the same steps, without the address, takes that
        // layer from the cache.
        const again = await runDocker(['build', '--network', 'none', '-t', 'dg-e2e-join:5', ctx], { host: dockerd.host, config, env, timeoutMs: 120_000 });
        expect(again.code, again.stderr).toBe(0);
        expect(again.stdout).toContain('Using cache');
        const hosts = await direct(['run', '--rm', '--network', 'none', 'dg-e2e-join:5', 'cat', '/hosts']);
        expect(hosts.stdout).toContain('10.0.0.3');
      } finally {
        rmSync(path.join(tmp, 'policy.json'), { force: true });
        await direct(['rmi', '-f', 'dg-e2e-join:4', 'dg-e2e-join:5']);
      }
    } finally {
      await direct(['network', 'rm', net]);
    }
  });

  it('system prune is refused while a user-defined network exists, one a plain container is on too (the caller may stop it first; the name would be free for anyone to create again), with nothing removed; without one it prunes (red-team rounds 16, 20)', async () => {
    expect((await direct(['network', 'create', '--internal', 'dg-e2e-spare'])).code).toBe(0);
    expect((await direct(['run', '-d', '--name', 'dg-e2e-onnet', '--network', 'dg-e2e-spare', img, 'sleep', '300'])).code).toBe(0);
    try {
      recorder.clear();
      const r = await agent(['system', 'prune', '-f']);
      expect(r.code, r.stderr).toBe(77);
      expect(r.stderr).toContain('rule:    prune-networks');
      expect(r.stderr).toContain('"dg-e2e-spare"');
      expect(recorder.requests.filter((q) => q.method !== 'GET' && q.method !== 'HEAD')).toEqual([]);
      expect((await direct(['network', 'inspect', '--format', '{{.Internal}}', 'dg-e2e-spare'])).stdout).toBe('true\n');
      // what the rule rests on: once its container is stopped, a prune removes the network
      await direct(['stop', '-t', '0', 'dg-e2e-onnet']);
      const pruned = await runDocker(['network', 'prune', '-f'], { host: dockerd.host, config, timeoutMs: 60_000 });
      expect(pruned.stdout).toContain('dg-e2e-spare');
    } finally {
      await direct(['rm', '-f', 'dg-e2e-onnet']);
      await direct(['network', 'rm', 'dg-e2e-spare']);
    }
    const ok = await agent(['system', 'prune', '-f']);
    expect(ok.code, ok.stderr).toBe(0);
  });

  it('stop of a container made with --rm that binds a host directory is refused (the daemon would remove it, freeing its volumes and name); a plain one stops (red-team round 21)', async () => {
    const hostDir = mkdtempSync(path.join(tmp, 'rmhost-'));
    expect((await direct(['run', '-d', '--rm', '--network', 'none', '--name', 'dg-e2e-rmc', '-v', `${hostDir}:/host`, '-v', 'dg-e2e-rmscripts:/scripts', img, 'sleep', '300'])).code).toBe(0);
    expect((await direct(['run', '-d', '--rm', '--network', 'none', '--name', 'dg-e2e-rmplain', img, 'sleep', '300'])).code).toBe(0);
    try {
      for (const argv of [['stop', '-t', '0', 'dg-e2e-rmc'], ['container', 'stop', 'dg-e2e-rmplain', 'dg-e2e-rmc']]) {
        recorder.clear();
        const r = await agent(argv);
        expect(r.code, r.stderr).toBe(77);
        expect(r.stderr).toContain('rule:    powerful-container');
        expect(r.stderr).toContain('the daemon removes it if it was made with --rm');
        expect(recorder.requests.filter((q) => q.method !== 'GET' && q.method !== 'HEAD')).toEqual([]);
      }
      expect((await direct(['inspect', '--format', '{{.State.Running}}', 'dg-e2e-rmc'])).stdout).toBe('true\n');
      const plain = await agent(['stop', '-t', '0', 'dg-e2e-rmplain']);
      expect(plain.code, plain.stderr).toBe(0);
      // --rm: the daemon removes it once stopped (asynchronously: wait for it)
      let gone = false;
      for (let i = 0; i < 50 && !gone; i++) {
        gone = (await direct(['inspect', 'dg-e2e-rmplain'])).code !== 0;
        if (!gone) await new Promise((r) => setTimeout(r, 100));
      }
      expect(gone).toBe(true);
    } finally {
      await direct(['rm', '-f', 'dg-e2e-rmc', 'dg-e2e-rmplain']);
      await direct(['volume', 'rm', 'dg-e2e-rmscripts']);
    }
  });

  it('a published port is allowed by default: a web server in the container answers on the host', async () => {
    // No default bridge here (--bridge=none): the administrator's own network, made directly, and
    // a policy that is the default but for joining it (on a daemon with its bridge, `-p` needs none).
    const net = await direct(['network', 'create', 'dg-e2e-net']);
    expect(net.code, net.stderr).toBe(0);
    writeFileSync(path.join(tmp, 'policy.json'), JSON.stringify({ users: ['*'], containers: { joinNetworks: true } }));
    try {
      const run = await agent(['run', '-d', '--name', 'dg-e2e-port', '--network', 'dg-e2e-net', '-p', '127.0.0.1:18080:80', img, 'sh', '-c', 'echo served-by-container > /index.html && httpd -f -p 80 -h /']);
      expect(run.code, run.stderr).toBe(0);
      let body = '';
      for (let i = 0; i < 50 && !body.includes('served'); i++) {
        body = await fetch('http://127.0.0.1:18080/index.html').then((r) => r.text(), () => '');
        if (!body) await new Promise((r) => setTimeout(r, 100));
      }
      expect(body).toBe('served-by-container\n');
      const created = await agent(['create', '-p', '127.0.0.1:18081:80', img, 'true']);
      expect(created.code).toBe(77); // `create` is not in the default allow list at all
    } finally {
      rmSync(path.join(tmp, 'policy.json'), { force: true });
      await direct(['rm', '-f', 'dg-e2e-port']);
      await direct(['network', 'rm', 'dg-e2e-net']);
    }
  });
});

describe('docker compose (a stub plugin stands in for compose, which is not installed here)', () => {
  const log = (): string[] => {
    try {
      return readFileSync(path.join(config, 'compose.log'), 'utf8').split('\n').filter(Boolean);
    } catch {
      return [];
    }
  };
  const useModel = (fixture: string): void => {
    copyFileSync(path.join(__dirname, '../fixtures/compose', `${fixture}.json`), path.join(config, 'model.json'));
    rmSync(path.join(config, 'compose.log'), { force: true });
  };

  beforeAll(() => writeComposeStub(config, 'cat "$DOCKER_CONFIG/model.json"'));

  it('up with an ordinary model: the guard reads the model through compose, then runs up', async () => {
    useModel('allowed-named-volume');
    const r = await agent(['compose', 'up', '-d']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('stub compose ran: compose up -d\n');
    expect(log()).toEqual(['compose config --format json', 'compose up -d']);
  });

  it('a model naming a project whose existing container binds a host directory is refused (compose would carry the bind over, or with -V remove it)', async () => {
    const hostDir = mkdtempSync(path.join(tmp, 'admin-data-'));
    const project = 'dg-e2e-adminproj';
    const model = { name: project, services: { proxy: { image: img, command: null, entrypoint: null, volumes: [{ type: 'volume', target: '/data' }] } } };
    writeFileSync(path.join(config, 'model.json'), JSON.stringify(model));
    // What an administrator's compose project leaves behind: a container with compose's labels and a bind.
    const made = await direct(['create', '--network', 'none', '--name', `${project}-proxy-1`, '--label', `com.docker.compose.project=${project}`,
      '--label', 'com.docker.compose.service=proxy', '-v', `${hostDir}:/data`, img, 'true']);
    expect(made.code, made.stderr).toBe(0);
    try {
      for (const argv of [['compose', 'up', '-d'], ['compose', 'create', '--force-recreate']]) {
        rmSync(path.join(config, 'compose.log'), { force: true });
        const r = await agent(argv);
        expect(r.code, r.stderr).toBe(77);
        expect(r.stderr).toContain('rule:    bind-mount');
        expect(r.stderr).toContain(`the existing container ${project}-proxy-1 (service proxy) of project ${project}, whose bind mount of ${hostDir} at /data compose carries over`);
        expect(log()).toEqual(['compose config --format json']);
      }
      // -V carries nothing over, but it still replaces (removes) that container, one the caller could not create.
      rmSync(path.join(config, 'compose.log'), { force: true });
      const renewed = await agent(['compose', 'up', '-d', '-V']);
      expect(renewed.code, renewed.stderr).toBe(77);
      expect(renewed.stderr).toContain('rule:    powerful-container');
      expect(log()).toEqual(['compose config --format json']);
      // Nor may compose start, restart or remove that container by the project's name.
      for (const argv of [['compose', '-p', project, 'restart'], ['compose', '-p', project, 'down']]) {
        rmSync(path.join(config, 'compose.log'), { force: true });
        const r = await agent(argv);
        expect(r.code, r.stderr).toBe(77);
        expect(r.stderr).toContain('rule:    powerful-container');
        expect(log()).toEqual([]);
      }
    } finally {
      await direct(['rm', '-f', `${project}-proxy-1`]);
    }
    rmSync(path.join(config, 'compose.log'), { force: true });
    const none = await agent(['compose', 'up', '-d']);
    expect(none.code, none.stderr).toBe(0);
    expect(log()).toEqual(['compose config --format json', 'compose up -d']);
  });

  it('a volume compose would offer to recreate (delete) is refused when -y or stdin could say yes, not with stdin /dev/null', async () => {
    const model = { name: 'demo', services: { web: { image: 'x', command: null, entrypoint: null, volumes: [{ type: 'volume', source: 'db', target: '/d' }] } }, volumes: { db: { name: 'dg_e2e_db' } } };
    writeFileSync(path.join(config, 'model.json'), JSON.stringify(model));
    expect((await direct(['volume', 'create', '--label', 'com.docker.compose.config-hash=older', 'dg_e2e_db'])).code).toBe(0);
    try {
      for (const argv of [['compose', 'up', '-d', '-y'], ['compose', 'up', '-d']]) {
        rmSync(path.join(config, 'compose.log'), { force: true });
        const r = await agent(argv, { stdin: 'y\n' });
        expect(r.code, r.stderr).toBe(77);
        expect(r.stderr).toContain('which is `volume rm`');
        expect(log()).toEqual(['compose config --format json']);
      }
      rmSync(path.join(config, 'compose.log'), { force: true });
      // Asynchronously: the recorder answering docker lives in this process.
      const quiet = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
        const child = spawn(guard.docker, ['compose', 'up', '-d'], { env: { PATH: '/usr/bin:/bin', HOME: config, DOCKER_HOST: recorder.host, DOCKER_CONFIG: config }, cwd: config, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
        child.on('close', (status) => resolve({ status, stderr }));
      });
      expect(quiet.status, quiet.stderr).toBe(0);
      expect(log()).toEqual(['compose config --format json', 'compose up -d']);
    } finally {
      await direct(['volume', 'rm', 'dg_e2e_db']);
    }
  });

  // What an env file holds counts too: compose copies its variables into its own environment and
  // takes COMPOSE_FILE from it; and compose reads the .env next to the compose file it found.
  it.each([
    ['.env sets COMPOSE_FILE through /dev/stdin', (dir: string): string => (writeFileSync(path.join(dir, '.env'), 'COMPOSE_FILE=compose.yaml:/dev/stdin\n'), dir), 77, 'leads through /dev'],
    ['.env sets BUILDX_CONFIG', (dir: string): string => (writeFileSync(path.join(dir, '.env'), '# builder\nexport BUILDX_CONFIG="/tmp/bx"\n'), dir), 77, 'sets BUILDX_CONFIG'],
    // compose would run the buildx plugin itself (buildx bake) for the services it builds (a red-team round)
    ['.env sets COMPOSE_BAKE', (dir: string): string => (writeFileSync(path.join(dir, '.env'), 'COMPOSE_BAKE=true\n'), dir), 77, 'sets COMPOSE_BAKE'],
    ['.env sets DOCKER_CONTEXT (DOCKER_HOST, set in the environment, would win)', (dir: string): string => (writeFileSync(path.join(dir, '.env'), 'DOCKER_HOST=unix:///tmp/other.sock\nDOCKER_CONTEXT=other\n'), dir), 77, 'sets DOCKER_CONTEXT'],
    ['the .env beside the compose file found above the cwd leads to /dev/stdin', (dir: string): string => {
      symlinkSync('/dev/stdin', path.join(dir, '.env'));
      mkdirSync(path.join(dir, 'sub'));
      return path.join(dir, 'sub');
    }, 77, 'leads through /dev'],
    ['compose.yaml includes /dev/stdin', (dir: string): string => (writeFileSync(path.join(dir, 'compose.yaml'), 'include: [/dev/stdin]\nservices: {web: {image: x}}\n'), dir), 77, 'uses include'],
    ['.env sets a plain COMPOSE_FILE', (dir: string): string => (writeFileSync(path.join(dir, '.env'), "COMPOSE_FILE='compose.yaml'\nAPP_PORT=8080\n"), dir), 0, ''],
  ])('%s', async (_name, setup, code, text) => {
    useModel('allowed-named-volume');
    const dir = mkdtempSync(path.join(tmp, 'dotenv-'));
    writeFileSync(path.join(dir, 'compose.yaml'), 'services: {web: {image: x}}\n');
    const cwd = setup(dir);
    const r = await runDocker(['compose', 'up', '-d'], { binary: guard.docker, host: recorder.host, config, cwd, stdin: 'PRIV=true\n' });
    expect(r.code, r.stderr).toBe(code);
    if (code === 77) {
      expect(r.stderr).toContain(text);
      expect(log()).toEqual([]);
    } else {
      expect(log()).toEqual(['compose config --format json', 'compose up -d']);
    }
  });

  it('a volume named "/" (compose would hand it to the daemon as the bind source /) is refused, with a decoy whose error text names it; the real client shows why the old answer was wrong (red-team round 22)', async () => {
    // What the finding rests on, seen from the real client: asking about the volume "/" asks for
    // the volume list (path.Join), which answers.
    expect((await direct(['volume', 'inspect', '/'])).code).toBe(0);
    const model = {
      name: 'dg-e2e-r22', services: {
        a: { image: img, network_mode: 'none', volumes: [{ type: 'volume', source: 'data', target: '/host', volume: {} }] },
        b: { image: img, network_mode: 'none', volumes: [{ type: 'volume', source: 'decoy', target: '/d', volume: {} }] },
      },
      volumes: { data: { name: '/' }, decoy: { name: 'get /: no such volume x' } },
    };
    writeFileSync(path.join(config, 'model.json'), JSON.stringify(model));
    rmSync(path.join(config, 'compose.log'), { force: true });
    recorder.clear();
    const r = await agent(['compose', 'up', '-d', 'a']);
    expect(r.code, r.stderr).toBe(77);
    expect(r.stderr).toContain('rule:    compose-volume');
    expect(r.stderr).toContain('"/" is not a volume name docker takes');
    expect(log()).toEqual(['compose config --format json']);
    expect(recorder.requests.filter((q) => q.method !== 'GET' && q.method !== 'HEAD')).toEqual([]);
  });

  it('a network the model names that exists already (compose would use it as it is) is refused unless it was made for the project; one that does not exist yet is created (red-team round 16)', async () => {
    const writeModel = (network: string): void => {
      const model = { name: 'dg-e2e-agproj', services: { db: { image: img, networks: { s: null } } }, networks: { s: { name: network } } };
      writeFileSync(path.join(config, 'model.json'), JSON.stringify(model));
      rmSync(path.join(config, 'compose.log'), { force: true });
    };
    expect((await direct(['network', 'create', '--internal', 'dg-e2e-adminsecret'])).code).toBe(0);
    expect((await direct(['network', 'create', '--label', 'com.docker.compose.project=dg-e2e-agproj', 'dg-e2e-agproj_s'])).code).toBe(0);
    try {
      writeModel('dg-e2e-adminsecret');
      const r = await agent(['compose', 'up', '-d']);
      expect(r.code, r.stderr).toBe(77);
      expect(r.stderr).toContain('rule:    join-network');
      expect(r.stderr).toContain('it exists already, made not by compose');
      expect(log()).toEqual(['compose config --format json']);
      for (const network of ['dg-e2e-agproj_s', 'dg-e2e-not-there-yet']) {
        writeModel(network);
        const ok = await agent(['compose', 'up', '-d']);
        expect(ok.code, ok.stderr).toBe(0);
        expect(log()).toEqual(['compose config --format json', 'compose up -d']);
      }
      // check says the answer needs the daemon, and asks when told to
      writeModel('dg-e2e-adminsecret');
      const offline = spawnSync(guard.admin, ['check', '--', 'compose', 'up', '-d'], { env: { ...process.env, DOCKER_HOST: dockerd.host, DOCKER_CONFIG: config }, encoding: 'utf8' });
      expect(offline.status).toBe(75);
      expect(offline.stdout).toContain('rule:     compose-model-unread');
      const asked = spawnSync(guard.admin, ['check', '--ask-docker', '--', 'compose', 'up', '-d'], { env: { ...process.env, DOCKER_HOST: dockerd.host, DOCKER_CONFIG: config }, encoding: 'utf8' });
      expect(asked.status, asked.stderr).toBe(77);
      expect(asked.stdout).toContain('rule:     join-network');
    } finally {
      await direct(['network', 'rm', 'dg-e2e-adminsecret', 'dg-e2e-agproj_s']);
    }
  });

  it('a compose build or pull of the image name an administrator\'s powerful container was made from is refused, as build -t and pull are; a fresh name builds', async () => {
    const hostDir = mkdtempSync(path.join(tmp, 'admcompose-host-'));
    expect((await direct(['tag', img, 'dg-e2e/admincompose:1'])).code).toBe(0);
    expect((await direct(['create', '--network', 'none', '--name', 'dg-e2e-admcomp', '-v', `${hostDir}:/host`, 'dg-e2e/admincompose:1', 'true'])).code).toBe(0);
    const withImage = (image: string): void => {
      const model = JSON.parse(readFileSync(path.join(__dirname, '../fixtures/compose/allowed-typical-app.json'), 'utf8')) as { services: { api: { image: string } } };
      model.services.api.image = image;
      writeFileSync(path.join(config, 'model.json'), JSON.stringify(model));
      rmSync(path.join(config, 'compose.log'), { force: true });
    };
    try {
      withImage('dg-e2e/admincompose:1');
      recorder.clear();
      const r = await runDocker(['compose', 'build'], { binary: guard.docker, host: recorder.host, config });
      expect(r.code, r.stderr).toBe(77);
      expect(r.stderr).toContain('rule:    powerful-container');
      expect(r.stderr).toContain('may build images named dg-e2e/admincompose:1 (service api)');
      expect(r.stderr).toContain('the container dg-e2e-admcomp was made from one of those names');
      expect(log()).toEqual(['compose config --format json']);
      expect(recorder.requests.some((q) => q.method === 'POST')).toBe(false);
      // pulling that name is refused as well (the registry may serve anything under it), and so is
      // down --rmi (it frees the name; a red-team round)
      for (const [argv, verb] of [[['compose', 'pull'], 'pull'], [['compose', 'down', '--rmi', 'all'], 'remove']] as const) {
        withImage('dg-e2e/admincompose:1');
        const r2 = await runDocker([...argv], { binary: guard.docker, host: recorder.host, config });
        expect(r2.code, `${argv.join(' ')}: ${r2.stderr}`).toBe(77);
        expect(r2.stderr).toMatch(new RegExp(`may (\\w+ or )?${verb}( or \\w+)? images named dg-e2e/admincompose:1 \\(service api\\)`));
        expect(log()).toEqual(['compose config --format json']);
      }
      // a service the model read does not have (an inactive profile's) is refused, not pulled unchecked
      withImage('dg-e2e-fresh-api:1');
      const ghost = await runDocker(['compose', 'pull', 'ghost'], { binary: guard.docker, host: recorder.host, config });
      expect(ghost.code, ghost.stderr).toBe(77);
      expect(ghost.stderr).toContain('service "ghost" is named on the command line but is not in compose\'s resolved model');
      withImage('dg-e2e-fresh-api:1');
      const ok = await runDocker(['compose', 'build'], { binary: guard.docker, host: recorder.host, config });
      expect(ok.code, ok.stderr).toBe(0);
      expect(log()).toEqual(['compose config --format json', 'compose build']);
    } finally {
      await direct(['rm', '-f', 'dg-e2e-admcomp']);
      await direct(['rmi', 'dg-e2e/admincompose:1']);
    }
  });

  it('COMPOSE_BAKE makes compose run buildx bake for what it builds: a model that builds is refused, one that does not runs', async () => {
    useModel('allowed-typical-app');
    const r = await runDocker(['compose', 'build'], { binary: guard.docker, host: recorder.host, config, env: { COMPOSE_BAKE: '1' } });
    expect(r.code, r.stderr).toBe(77);
    expect(r.stderr).toContain('COMPOSE_BAKE=1 makes compose run the buildx plugin');
    expect(log()).toEqual(['compose config --format json']);
    useModel('allowed-named-volume');
    const ok = await runDocker(['compose', 'up', '-d'], { binary: guard.docker, host: recorder.host, config, env: { COMPOSE_BAKE: '1' } });
    expect(ok.code, ok.stderr).toBe(0);
    expect(log()).toEqual(['compose config --format json', 'compose up -d']);
  });

  it('a .env that is a directory (a Python venv) is skipped, as compose-go skips it', async () => {
    useModel('allowed-named-volume');
    const dir = mkdtempSync(path.join(tmp, 'venv-'));
    mkdirSync(path.join(dir, '.env'));
    const r = await runDocker(['compose', 'up', '-d'], { binary: guard.docker, host: recorder.host, config, cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(log()).toEqual(['compose config --format json', 'compose up -d']);
  });

  it('docker-guard check runs nothing unless asked to read the model', async () => {
    useModel('allowed-named-volume');
    const plain = await runDocker(['check', '--', 'compose', 'up', '-d'], { binary: guard.admin, host: recorder.host, config });
    expect(plain.code).toBe(75);
    expect(plain.stdout).toContain('decision: needs the daemon\'s answer');
    expect(plain.stdout).toContain('rule:     compose-model-unread');
    expect(log()).toEqual([]);
    const read = await runDocker(['check', '--ask-docker', '--', 'compose', 'up', '-d'], { binary: guard.admin, host: recorder.host, config });
    expect(read.code, read.stdout).toBe(0);
    expect(read.stdout).toContain('decision: allowed');
    expect(log()).toEqual(['compose config --format json']);
  });

  it.each([
    ['escape-privileged', 'privileged'], ['escape-bind-root', 'bind-mount'], ['escape-post-start-hook', 'compose-hook'],
    ['escape-volume-driver-opts-bind', 'bind-mount'], ['escape-pid-host', 'host-namespace'],
  ])('up with the model %s is refused (%s) and compose only printed its config', async (fixture, rule) => {
    useModel(fixture);
    const r = await agent(['compose', 'up', '-d']);
    expect(r.code).toBe(77);
    expect(r.stderr).toContain(`rule:    ${rule}`);
    expect(log()).toEqual(['compose config --format json']);
  });

  it.each([
    [['compose', 'exec', 'web', 'sh']], [['compose', '-f', '-', 'up', '-d']], [['compose', 'run', '-v', '/:/h', 'web']],
    [['compose', 'cp', 'web:/etc/passwd', '.']], [['compose', 'down', '-v']],
  ])('%j is refused before compose runs at all', async (argv) => {
    useModel('allowed-named-volume');
    const r = await agent(argv);
    expect(r.code).toBe(77);
    expect(log()).toEqual([]);
  });

  // compose takes the deprecated --workdir as --project-directory (cmd/compose/compose.go
  // normalizeProjectOptions): the default compose.yaml is looked up there, not in the cwd.
  it.each([
    ['in the working directory', (_dir: string): string[] => []],
    ['under --project-directory', (dir: string): string[] => ['--project-directory', dir]],
    ['under --workdir', (dir: string): string[] => ['--workdir', dir]],
    ['named with -f', (dir: string): string[] => ['-f', path.join(dir, 'compose.yaml')]],
  ])('a compose file that is not a regular file (a FIFO could answer the check and the run differently) is refused: %s', async (where, flags) => {
    useModel('allowed-named-volume');
    const dir = mkdtempSync(path.join(tmp, 'fifo-'));
    execFileSync('mkfifo', [path.join(dir, 'compose.yaml')]);
    const cwd = where === 'in the working directory' ? dir : mkdtempSync(path.join(tmp, 'elsewhere-'));
    const r = await runDocker(['compose', ...flags(dir), 'up', '-d'], { binary: guard.docker, host: recorder.host, config, cwd });
    expect(r.code).toBe(77);
    expect(r.stderr).toContain('is not a regular file');
    expect(log()).toEqual([]);
  });

  // The check runs compose with its own stdin, the real run with the caller's: anything read
  // through /dev or /proc (here fed a privileged override / env on stdin) must be refused.
  it.each([
    ['--env-file /dev/stdin', (_dir: string): string[] => ['--env-file', '/dev/stdin'], {}],
    ['-f /dev/stdin', (dir: string): string[] => ['-f', path.join(dir, 'compose.yaml'), '-f', '/dev/stdin'], {}],
    ['-f /proc/self/fd/0', (dir: string): string[] => ['-f', path.join(dir, 'compose.yaml'), '-f', '/proc/self/fd/0'], {}],
    ['COMPOSE_ENV_FILES=/dev/fd/0', (_dir: string): string[] => [], { COMPOSE_ENV_FILES: '/dev/fd/0' }],
    ['.env -> /dev/stdin', (dir: string): string[] => (symlinkSync('/dev/stdin', path.join(dir, '.env')), []), {}],
    ['.env -> a link to /proc', (dir: string): string[] => (symlinkSync('/proc', path.join(dir, 'p')), symlinkSync('p/self/fd/0', path.join(dir, '.env')), []), {}],
  ])('a compose or env file read through /dev or /proc is refused: %s', async (_name, flags, env) => {
    useModel('allowed-named-volume');
    const dir = mkdtempSync(path.join(tmp, 'stdin-'));
    writeFileSync(path.join(dir, 'compose.yaml'), 'services: {web: {image: x}}\n');
    const r = await runDocker(['compose', ...flags(dir), 'up', '-d'], { binary: guard.docker, host: recorder.host, config, cwd: dir, stdin: 'PRIV=true\n', env });
    expect(r.code, r.stderr).toBe(77);
    expect(r.stderr).toMatch(/leads through \/(dev|proc)\b/);
    expect(log()).toEqual([]);
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
    ['rm', '-fv', 'dg-e2e-victim'],
    ['container', 'rm', '--volumes', '--force', 'dg-e2e-victim'],
    ['build', '--network', 'container:dg-e2e-victim', '.'],
    ['builder', 'build', '--cgroup-parent', '/evil', '.'],
    ['build', '--builder', 'evil', '.'],
    ['start', '--checkpoint', 'c1', '--checkpoint-dir', '/tmp', 'dg-e2e-victim'],
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
    // host escapes through the allowed `run` (issue 3)
    ['run', '--rm', '--network', 'none', '-v', '/:/host', 'dg-busybox:latest', 'chroot', '/host', 'id'],
    ['run', '--rm', '--network', 'none', '-v=/etc:/h', 'dg-busybox:latest', 'cat', '/h/hostname'],
    ['run', '--rm', '--network', 'none', '-tv/:/h', 'dg-busybox:latest', 'true'],
    ['run', '--rm', '--network', 'none', '-v', '.:/h', 'dg-busybox:latest', 'true'],
    ['run', '--rm', '--network', 'none', '--mount', 'TYPE=BIND,SRC=/,DST=/h', 'dg-busybox:latest', 'true'],
    ['run', '--rm', '--network', 'none', '--mount', 'type=volume,src=hv,dst=/h,volume-opt=type=none,volume-opt=o=bind,volume-opt=device=/etc', 'dg-busybox:latest', 'true'],
    ['run', '--rm', '--network', 'none', '-v', '/var/run/docker.sock:/s', 'dg-busybox:latest', 'true'],
    ['run', '--rm', '--network', 'none', '--privileged', 'dg-busybox:latest', 'true'],
    ['run', '--rm', '--network', 'none', '--cap-add', 'sys_admin', 'dg-busybox:latest', 'true'],
    ['run', '--rm', '--network', 'none', '--device', '/dev/mem', 'dg-busybox:latest', 'true'],
    ['run', '--rm', '--network', 'none', '--security-opt', 'apparmor=unconfined', 'dg-busybox:latest', 'true'],
    ['run', '--rm', '--network', 'none', '--security-opt', 'seccomp:unconfined', 'dg-busybox:latest', 'true'],
    ['run', '--rm', '--network', 'none', '--pid', 'host', 'dg-busybox:latest', 'true'],
    ['run', '--rm', '--network', 'name=host', 'dg-busybox:latest', 'true'],
    ['run', '--rm', '--net', 'host', 'dg-busybox:latest', 'true'],
    ['run', '--rm', '--network', 'container:dg-e2e-victim', 'dg-busybox:latest', 'true'],
    ['run', '--rm', '--network', 'none', '--volumes-from', 'dg-e2e-victim', 'dg-busybox:latest', 'true'],
    ['run', '--rm', '--network', 'none', '--use-api-socket', 'dg-busybox:latest', 'true'],
    ['container', 'run', '--rm', '--network', 'none', '--userns', 'host', 'dg-busybox:latest', 'true'],
    ['run', '--rm', '--network', 'none', '--mount', 'type=volume,src=pv,dst=/hp,volume-opt=type=proc,volume-opt=device=/tmp', 'dg-busybox:latest', 'true'],
    ['run', '--rm', '--network', 'none', '--log-driver', 'syslog', '--log-opt', 'syslog-address=tcp://127.0.0.1:1', 'dg-busybox:latest', 'true'],
    ['run', '--rm', '--network', 'none', '--log-opt', 'syslog-address=unix:///run/x.sock', 'dg-busybox:latest', 'true'],
    ['run', '--rm', '--network', 'none', '--device-read-bps', '/dev/../root/.bashrc:1mb', 'dg-busybox:latest', 'true'],
    ['run', '--rm', '--network', 'none', '--tmpfs', '/h:bind', 'dg-busybox:latest', 'true'],
    ['run', '--rm', '--network', 'none', '--volume-driver', 'evil', '-v', 'v:/h', 'dg-busybox:latest', 'true'],
    ['', 'exec', 'dg-e2e-victim', 'id'],
    // found by the random differential tests
    ['--help', 'run', '--rm', '--network', 'none', '--privileged', 'dg-busybox:latest', 'true'],
    ['container', '-h', 'run', '--rm', '--network', 'none', '-v', '/:/h', 'dg-busybox:latest', 'true'],
    ['-h', 'create', '--name', 'dg-e2e-created', 'dg-busybox:latest'],
    ['remove', '-v', 'dg-e2e-victim'],
    ['builder', '-h'],
    ['builder', 'ls'],
    // found by this session's red-team rounds
    ['run', '-d', '--network', 'none', '--label', 'com.docker.compose.project=adminproj', '--label', 'com.docker.compose.service=ci', 'dg-busybox:latest', 'sleep', '9'],
    ['run', '--rm', '--network', 'none', '--mount', 'type=volume,src=adminproj_data,dst=/d,volume-label=com.docker.compose.project=adminproj', 'dg-busybox:latest', 'true'],
    ['run', '--rm', '--network', 'none', '--label-file', '/dev/null', 'dg-busybox:latest', 'true'],
    ['run', '--rm', '--network', 'none', '--security-opt', 'seccomp=builtin', 'dg-busybox:latest', 'true'],
    ['run', '--rm', '--network', 'none', '--annotation', 'org.systemd.property.Delegate=yes', 'dg-busybox:latest', 'true'],
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

  it.each([
    [['build', '.'], { BUILDX_BUILDER: 'evil' }, {}, 'BUILDX_BUILDER=evil'],
    [['image', 'build', '.'], {}, { 'config.json': '{"aliases":{"builder":"evil"}}' }, 'sets an alias `builder: "evil"`'],
    [['build', '.'], {}, { 'config.json': '{"aliases":{"builder":"evil"},"aliases":{}}' }, 'sets an alias `builder: "evil"`'],
    [['build', '.'], {}, { 'buildx/instances/default': '{"Name":"default","Driver":"docker-container"}' }, 'holds buildx builder instances'],
    [['pull', 'dg-busybox:latest'], { DOCKER_CONTENT_TRUST: '1' }, {}, 'which is `image tag`'],
    [['run', '--rm', '--network', 'none', 'dg-busybox:latest', 'true'], { DOCKER_CONTENT_TRUST: 'true' }, {}, 'which is `image tag`'],
  ])('docker %j with %j and config %j is refused: outside the argv it reaches another builder or a tag', async (argv, env, files, text) => {
    const cfg = mkdtempSync(path.join(tmp, 'cfg-'));
    for (const [name, body] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(cfg, name)), { recursive: true });
      writeFileSync(path.join(cfg, name), body);
    }
    recorder.clear();
    const r = await runDocker(argv, { binary: guard.docker, host: recorder.host, config: cfg, env, timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(77);
    expect(r.stderr).toContain(text);
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
    expect((await direct(['volume', 'ls', '-q'])).stdout).not.toContain('hv');
    expect((await direct(['network', 'ls', '--format', '{{.Name}}'])).stdout).not.toContain('n1');
  });

  it('the same argv through the real docker does reach the daemon (the table is not vacuous)', async () => {
    recorder.clear();
    const r = await runDocker(['exec', 'dg-e2e-victim', 'true'], { host: recorder.host, config });
    expect(r.code).toBe(0);
    expect(recorder.requests.some((q) => q.method === 'POST' && q.path === `/containers/dg-e2e-victim/exec`)).toBe(true);
  });
});

// As the agent really runs: not root, reaching the daemon through a socket it may use, with a
// root-owned policy that names it. Every test above runs as root, which hid a policy reader that
// opened files for writing (EACCES for anyone else). Everything nobody touches lives under /tmp
// itself: .ci/run's TMPDIR is a directory only root may enter.
describe.skipIf(process.getuid?.() !== 0)('as the agent: a non-root user the policy names, through a socket it may use', () => {
  const NOBODY = 65534;
  let home: string;
  let agentGuard: GuardBuild;
  let agentRecorder: Recorder;
  let agentTmp: string;

  beforeAll(async () => {
    agentTmp = mkdtempSync('/tmp/dg-agent-');
    chmodSync(agentTmp, 0o755);
    const policy = path.join(agentTmp, 'policy.json');
    writeFileSync(policy, JSON.stringify({ users: ['nobody'] }));
    chmodSync(policy, 0o644);
    agentGuard = buildGuard(path.join(agentTmp, 'bin'), { realDocker: REAL_DOCKER, policyPath: policy });
    home = path.join(agentTmp, 'home');
    mkdirSync(home);
    chownSync(home, NOBODY, NOBODY);
    agentRecorder = await startRecorder({ upstream: dockerd.socketPath, parent: agentTmp });
    chmodSync(path.dirname(agentRecorder.socketPath), 0o755);
    // The test's stand-in for membership in the docker group.
    chmodSync(agentRecorder.socketPath, 0o666);
  }, 300_000);

  afterAll(async () => {
    await direct(['rm', '-f', 'dg-agent-c']);
    await agentRecorder?.stop();
    if (agentTmp) rmSync(agentTmp, { recursive: true, force: true });
  });

  // Asynchronous: the recording proxy answers from this very process.
  const asAgent = (args: string[]): Promise<DockerResult> =>
    runDocker([`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--', agentGuard.docker, ...args], {
      binary: 'setpriv',
      host: agentRecorder.host,
      config: home,
      timeoutMs: 60_000,
    });

  it('a decision that rests on the daemon\'s answer is not made through a socket the agent owns (a stand-in could forge the answer: red-team round 23); through the daemon\'s own it is', async () => {
    // The administrator's container binds a host directory: `start` of it is refused when asked.
    const hostDir = mkdtempSync(path.join(agentTmp, 'host-'));
    expect((await direct(['create', '--network', 'none', '--name', 'dg-agent-admin', '-v', `${hostDir}:/host`, img, 'true'])).code).toBe(0);
    const standInDir = path.join(agentTmp, 'agent-owned');
    mkdirSync(standInDir);
    chownSync(standInDir, NOBODY, NOBODY);
    const standIn = path.join(standInDir, 'sock');
    let connections = 0;
    const server = net.createServer((c) => {
      connections++;
      c.destroy();
    });
    await new Promise<void>((resolve) => server.listen(standIn, resolve));
    chownSync(standIn, NOBODY, NOBODY);
    try {
      const forged = await runDocker([`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--', agentGuard.docker, 'start', 'dg-agent-admin'], {
        binary: 'setpriv', host: `unix://${standIn}`, config: home, timeoutMs: 60_000,
      });
      expect(forged.code, forged.stderr).toBe(77);
      expect(forged.stderr).toContain('rule:    endpoint-unverified');
      expect(forged.stderr).toContain('is not a socket root owns');
      expect(connections).toBe(0);
      // DOCKER_CONTEXT and config.json's currentContext pick an endpoint the guard does not follow
      const ctx = await runDocker([`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--', agentGuard.docker, 'start', 'dg-agent-admin'], {
        binary: 'setpriv', config: home, env: { DOCKER_CONTEXT: 'mine' }, timeoutMs: 60_000,
      });
      expect(ctx.code, ctx.stderr).toBe(77);
      expect(ctx.stderr).toContain('DOCKER_CONTEXT=mine picks the daemon through a context');
      const tcp = await runDocker([`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--', agentGuard.docker, 'start', 'dg-agent-admin'], {
        binary: 'setpriv', host: 'tcp://127.0.0.1:1', config: home, timeoutMs: 60_000,
      });
      expect(tcp.code, tcp.stderr).toBe(77);
      expect(tcp.stderr).toContain('is not a local socket');
      // TLS on, no DOCKER_HOST: docker's endpoint is then tcp://localhost:2376, anyone's (round 26)
      for (const env of [{ DOCKER_TLS: '1' }, { DOCKER_TLS_VERIFY: '0' }] as Record<string, string>[]) {
        const tls = await runDocker([`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--', agentGuard.docker, 'start', 'dg-agent-admin'], {
          binary: 'setpriv', config: home, env, timeoutMs: 60_000,
        });
        expect(tls.code, tls.stderr).toBe(77);
        expect(tls.stderr).toContain('tcp://localhost:2376, where anyone may listen');
      }
      // in a user namespace of its own the agent is "root" and owns what it owns as root: not
      // trusted (under a policy that restricts root too: one naming users sees "root", README-ai-worker)
      const policyFile = path.join(agentTmp, 'policy.json');
      writeFileSync(policyFile, JSON.stringify({ users: ['*'] }));
      try {
        const userns = await runDocker([`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--', 'unshare', '-r', agentGuard.docker, 'start', 'dg-agent-admin'], {
          binary: 'setpriv', host: `unix://${standIn}`, config: home, timeoutMs: 60_000,
        });
        expect(userns.code, userns.stderr).toBe(77);
        expect(userns.stderr).toContain('docker-guard runs in a user namespace');
        expect(connections).toBe(0);
      } finally {
        writeFileSync(policyFile, JSON.stringify({ users: ['nobody'] }));
      }
      // an abstract socket (`@name`, anyone may bind one) or a relative path: not the file checked (round 25)
      for (const host of ['unix://@dg-stand-in', `unix://${path.relative('/', agentRecorder.socketPath)}`, `unix://${agentRecorder.socketPath} `, `unix://${agentRecorder.socketPath}\u0085`]) {
        const odd = await runDocker([`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--', agentGuard.docker, 'start', 'dg-agent-admin'], {
          binary: 'setpriv', host, config: home, cwd: '/', timeoutMs: 60_000,
        });
        expect(odd.code, `${host}: ${odd.stderr}`).toBe(77);
        expect(odd.stderr).toContain('is not the absolute path of a socket file');
      }
      writeFileSync(path.join(home, 'config.json'), JSON.stringify({ CurrentContext: 'mine' }));
      try {
        const current = await runDocker([`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--', agentGuard.docker, 'start', 'dg-agent-admin'], {
          binary: 'setpriv', config: home, timeoutMs: 60_000,
        });
        expect(current.code, current.stderr).toBe(77);
        expect(current.stderr).toContain('picks the context "mine", whose endpoint docker-guard does not follow');
      } finally {
        rmSync(path.join(home, 'config.json'), { force: true });
      }
      // through the daemon's own socket the question is asked, and answered truly
      const asked = await asAgent(['start', 'dg-agent-admin']);
      expect(asked.code, asked.stderr).toBe(77);
      expect(asked.stderr).toContain('rule:    powerful-container');
    } finally {
      server.close();
      await direct(['rm', '-f', 'dg-agent-admin']);
    }
  });

  it('ps, run -d, logs, rm work', async () => {
    const ps = await asAgent(['ps', '-a']);
    expect(ps.stderr).toBe('');
    expect(ps.code).toBe(0);
    expect(ps.stdout).toMatch(/^CONTAINER ID/);
    const run = await asAgent(['run', '-d', '--network', 'none', '--name', 'dg-agent-c', img, 'sh', '-c', 'echo from-the-agent; sleep 60']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    let logs = await asAgent(['logs', 'dg-agent-c']);
    for (let i = 0; i < 50 && !logs.stdout.includes('from-the-agent'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      logs = await asAgent(['logs', 'dg-agent-c']);
    }
    expect(logs.stdout).toContain('from-the-agent');
    expect((await asAgent(['rm', '-f', 'dg-agent-c'])).code).toBe(0);
  }, 120_000);

  it('an allowed bind source must be a path the agent cannot change: its own directory under a root-owned one runs, a path inside it is refused', async () => {
    const policy = path.join(agentTmp, 'policy.json');
    const work = path.join(agentTmp, 'work');
    const proj = path.join(work, 'proj');
    mkdirSync(path.join(proj, 'sub'), { recursive: true });
    writeFileSync(path.join(proj, 'note.txt'), 'from-the-project\n');
    chownSync(proj, NOBODY, NOBODY);
    chownSync(path.join(proj, 'sub'), NOBODY, NOBODY);
    writeFileSync(policy, JSON.stringify({ users: ['nobody'], containers: { allowBindMountsUnder: [work] } }));
    try {
      const ok = await asAgent(['run', '--rm', '--network', 'none', '-v', `${proj}:/p:ro`, img, 'cat', '/p/note.txt']);
      expect(ok.stderr).toBe('');
      expect(ok.stdout).toBe('from-the-project\n');
      // Writable, on /tmp (suid and devices allowed): a container, root inside, could leave a
      // setuid-root program there for the agent.
      agentRecorder.clear();
      const rw = await asAgent(['run', '--rm', '--network', 'none', '-v', `${proj}:/p`, img, 'true']);
      expect(rw.code).toBe(77);
      expect(rw.stderr).toMatch(/writable, but it is on \S+, mounted without nosuid/);
      expect(agentRecorder.requests).toEqual([]);
      // nobody could swap sub for a symlink to / between this check and any later start.
      agentRecorder.clear();
      const inner = await asAgent(['run', '--rm', '--network', 'none', '-v', `${proj}/sub:/p`, img, 'true']);
      expect(inner.code).toBe(77);
      expect(inner.stderr).toContain(`but you can write to ${proj} on its way`);
      expect(agentRecorder.requests).toEqual([]);
      // The allowed directory itself: a container binding it could swap proj for a link to / while
      // a container that binds proj is stopped.
      const top = await asAgent(['run', '--rm', '--network', 'none', '-v', `${work}:/w`, img, 'true']);
      expect(top.code).toBe(77);
      expect(top.stderr).toContain(`which is the allowed directory ${work} itself`);
      // The same on a file system mounted nosuid,nodev: writable binds run.
      const safe = path.join(agentTmp, 'safe');
      mkdirSync(safe);
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'nosuid,nodev,mode=0755', 'dg-safe', safe]);
      try {
        mkdirSync(path.join(safe, 'proj'));
        chownSync(path.join(safe, 'proj'), NOBODY, NOBODY);
        writeFileSync(policy, JSON.stringify({ users: ['nobody'], containers: { allowBindMountsUnder: [safe] } }));
        const written = await asAgent(['run', '--rm', '--network', 'none', '-v', `${safe}/proj:/p`, img, 'sh', '-c', 'echo made > /p/f && cat /p/f']);
        expect(written.stderr).toBe('');
        expect(written.stdout).toBe('made\n');
      } finally {
        execFileSync('umount', [safe]);
      }
      // A directory the agent may not search hides a symlink the daemon (root) would follow.
      const closed = path.join(agentTmp, 'closed');
      mkdirSync(closed);
      symlinkSync('/etc', path.join(closed, 'cur'));
      chmodSync(closed, 0o700);
      writeFileSync(policy, JSON.stringify({ users: ['nobody'], containers: { allowBindMountsUnder: [work, closed] } }));
      const hidden = await asAgent(['run', '--rm', '--network', 'none', '-v', `${closed}/cur:/h`, img, 'true']);
      expect(hidden.code).toBe(77);
      expect(hidden.stderr).toContain('rule:    bind-mount');
      // Read-only for the moment does not help: its owner can chmod it back before the next start.
      chmodSync(proj, 0o555);
      const readOnly = await asAgent(['run', '--rm', '--network', 'none', '-v', `${proj}/sub:/p`, img, 'true']);
      expect(readOnly.code).toBe(77);
      expect(readOnly.stderr).toContain(`but you can write to ${proj} on its way`);
    } finally {
      writeFileSync(policy, JSON.stringify({ users: ['nobody'] }));
    }
  }, 120_000);

  it('a bind source with a procfs below it (a machine image under an allowed directory) is refused, read-only too: /proc/<pid>/root leads to every process\'s files and sockets', async () => {
    const policy = path.join(agentTmp, 'policy.json');
    const work = path.join(agentTmp, 'work');
    const box = path.join(work, 'box');
    mkdirSync(path.join(box, 'proc'), { recursive: true });
    writeFileSync(path.join(box, 'note.txt'), 'from-the-box\n');
    writeFileSync(policy, JSON.stringify({ users: ['nobody'], containers: { allowBindMountsUnder: [work] } }));
    try {
      // Without the procfs the same read-only bind runs: the refusal below is the file system's.
      const plain = await asAgent(['run', '--rm', '--network', 'none', '-v', `${box}:/x:ro`, img, 'cat', '/x/note.txt']);
      expect(plain.stderr).toBe('');
      expect(plain.stdout).toBe('from-the-box\n');
      execFileSync('mount', ['-t', 'proc', '-o', 'nosuid,nodev,noexec', 'proc', path.join(box, 'proc')]);
      try {
        for (const source of [box, path.join(box, 'proc')]) {
          agentRecorder.clear();
          const r = await asAgent(['run', '--rm', '--network', 'none', '-v', `${source}:/x:ro`, img, 'ls', '/x/proc/1/root']);
          expect(r.code).toBe(77);
          expect(r.stderr).toContain('a proc file system');
          expect(agentRecorder.requests).toEqual([]);
        }
      } finally {
        execFileSync('umount', [path.join(box, 'proc')]);
      }
    } finally {
      writeFileSync(policy, JSON.stringify({ users: ['nobody'] }));
    }
  }, 120_000);

  it.each([
    [['exec', 'dg-agent-c', 'id']],
    [['run', '--rm', '--network', 'none', '-v', '/:/host', DEFAULT_IMAGE, 'true']],
    [['-v', 'exec', 'dg-agent-c', 'id']],
  ])('docker %j is refused by the policy file (not "cannot read it") and reaches no daemon', async (argv) => {
    agentRecorder.clear();
    const r = await asAgent(argv);
    expect(r.code).toBe(77);
    expect(r.stderr).toMatch(/^docker-guard: refused: docker /);
    expect(r.stderr).toContain(path.join(agentTmp, 'policy.json'));
    expect(agentRecorder.requests).toEqual([]);
  });
});
