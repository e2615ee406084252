// docker-guard's overhead benchmark: prints figures, asserts nothing a test suite would time.
//
//   node_modules/.bin/bun bench/bench.ts [--rounds-trivial N] [--rounds-docker N] [--warmup N]
//                                       [--copies N] [--seed N] [--investigate] [--own-dockerd] [--keep] [--strict]
//   (normally through `npm run bench`, i.e. bench/run.sh, which passes its arguments on)
//
// Side by side in one run, interleaved (every round runs each variant once, in a shuffled order, so
// machine noise hits all of them alike), median of >= 20 runs each:
//  (a) the shim forwarding to /bin/true as "the real docker" vs the floor: a compiled Bun program
//      that only execve()s /bin/true (bench/floor.ts, which says why it names node:path), built
//      with the same bun and flags as the shim;
//  (b) `docker ps` through the shim vs the real docker client directly, against a test dockerd;
//  (c) the peak RSS of every variant (ru_maxrss of the run: max of the shim and what it execs);
//  (d) (a) and (b) again for a user the policy does not restrict (policy {"users":["somebody-else"]}).
// Timing and RSS come from bench/measure.c (fork + execve + wait4, compiled here with cc).
// Every binary runs from --copies N (default 4) fresh copies of its file, N times fewer rounds each,
// pooled: how the kernel happened to cache one 110 MB file moves its start by up to 0.4 ms (two
// byte-identical copies of the floor measured 5.03 and 5.52 ms side by side), which would otherwise
// decide a comparison of two single files.
//
// An info row (no target) shows the shim with a policy file that restricts the caller, as the NixOS
// module deploys it. --investigate adds rows without targets (/bin/true alone, an empty compiled
// Bun program) and, for ps and run, a table of where the shim's time goes, step by step,
// measured by wall clock with builds that exec at each step (see `steps` below). --own-dockerd starts dockerd here instead of
// with test/support/dockerd.ts; --keep keeps the temp dir; --strict exits 1 when a target is missed.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, freemem, loadavg, release, tmpdir, totalmem } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { applyStep, STEPS } from './investigate-steps.js';

const ROOT = resolve(import.meta.dir, '..');
const BUN = process.execPath;
const REAL_DOCKER = '/usr/local/bin/docker';
const BUILD_FLAGS = ['--compile', '--minify', '--bytecode', '--no-compile-autoload-dotenv', '--no-compile-autoload-bunfig'];
const TARGET_TRIVIAL = 1.1;
const TARGET_DOCKER = 1.4;

// ---------------------------------------------------------------------------------------------
// arguments

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 0) fail(`--${name} needs a whole number`);
  return v;
}
const ROUNDS_TRIVIAL = Math.max(20, option('rounds-trivial', 200));
const COPIES = Math.max(1, option('copies', 4));
const ROUNDS_DOCKER = Math.max(20, option('rounds-docker', 100));
const WARMUP = option('warmup', 5);
const SEED = option('seed', Date.now() % 1_000_000);
const INVESTIGATE = process.argv.includes('--investigate');
const KEEP = process.argv.includes('--keep');

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------
// temp dir, cleanup

const tmp = mkdtempSync(join(tmpdir(), 'dg-bench-'));
const cleanups: Array<() => Promise<void> | void> = [];
let cleaned = false;
async function cleanup(): Promise<void> {
  if (cleaned) return;
  cleaned = true;
  for (const c of cleanups.reverse()) {
    try {
      await c();
    } catch (e) {
      process.stderr.write(`bench: cleanup: ${(e as Error).message}\n`);
    }
  }
  if (KEEP) process.stderr.write(`bench: kept ${tmp}\n`);
  else rmSync(tmp, { recursive: true, force: true });
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(sig, () => {
    void cleanup().finally(() => process.exit(130));
  });
}

function run(cmd: string, args: string[], opts: { env?: Record<string, string | undefined>; cwd?: string } = {}): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: opts.cwd ?? tmp, env: opts.env ?? process.env, maxBuffer: 64 << 20 });
  if (r.error) return { status: 127, stdout: '', stderr: r.error.message };
  return { status: r.status ?? 128, stdout: r.stdout, stderr: r.stderr };
}
function must(cmd: string, args: string[], what: string, opts: { env?: Record<string, string | undefined>; cwd?: string } = {}): string {
  const r = run(cmd, args, opts);
  if (r.status !== 0) fail(`${what} failed (exit ${r.status}):\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

// ---------------------------------------------------------------------------------------------
// the machine

function machine(): string[] {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? '?';
  const nproc = run('nproc', []).stdout.trim() || String(cpus().length);
  const gib = (b: number) => (b / 2 ** 30).toFixed(1);
  const bunVersion = run(BUN, ['--version']).stdout.trim();
  const dockerVersion = run(REAL_DOCKER, ['--version']).stdout.trim();
  return [
    `machine: nproc ${nproc}, ${model}, memory ${gib(totalmem())} GiB (${gib(freemem())} free), kernel ${release()}`,
    `bun ${bunVersion} (${BUN}); client ${dockerVersion}; user ${run('id', ['-un']).stdout.trim() || '?'} (uid ${process.getuid?.() ?? '?'}); load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
  ];
}

// ---------------------------------------------------------------------------------------------
// builds

function buildShim(name: string, realDocker: string, policy: string | undefined): string {
  const dir = join(tmp, name);
  const policyPath = join(dir, 'policy.json');
  mkdirSync(dir, { recursive: true });
  if (policy !== undefined) writeFileSync(policyPath, policy);
  must('bash', [join(ROOT, 'scripts/build.sh'), '--real-docker', realDocker, '--policy-path', policyPath, '--out', join(dir, 'bin'), '--bun', BUN], `scripts/build.sh for ${name}`, { cwd: ROOT });
  return join(dir, 'bin', 'docker');
}

/** A Bun program compiled with the flags scripts/build.sh gives the shim (JIT policy included). */
function buildBun(name: string, entry: string, defines: Record<string, string>): string {
  const out = join(tmp, name, 'docker');
  mkdirSync(join(tmp, name), { recursive: true });
  const defs = Object.entries(defines).flatMap(([k, v]) => ['--define', `${k}=${JSON.stringify(v)}`]);
  must(BUN, ['build', entry, ...BUILD_FLAGS, ...(JIT_POLICY_FLAG ?? []), ...defs, '--outfile', out], `bun build ${entry}`, { cwd: ROOT });
  return out;
}

/** `--compile-jit-policy N` when this bun has it (it scales JSC's tier-up thresholds). */
const JIT_POLICY_FLAG: string[] | undefined = (() => {
  const help = run(BUN, ['build', '--help']);
  return `${help.stdout}${help.stderr}`.includes('--compile-jit-policy') ? ['--compile-jit-policy', '1000'] : undefined;
})();

function buildMeasure(): string {
  const out = join(tmp, 'measure');
  const cc = ['cc', 'gcc', 'clang'].find((c) => run('sh', ['-c', `command -v ${c}`]).status === 0);
  if (!cc) fail('no C compiler (cc, gcc or clang): bench/run.sh installs gcc when it can; install it and run again');
  must(cc, ['-O2', '-o', out, join(ROOT, 'bench/measure.c')], 'compiling bench/measure.c');
  return out;
}

// ---------------------------------------------------------------------------------------------
// the test dockerd

interface Daemon {
  host: string;
  stop(): Promise<void>;
  origin: string;
}

async function startDaemon(): Promise<Daemon> {
  const shared = join(ROOT, 'test/support/dockerd.ts');
  if (existsSync(shared) && !process.argv.includes('--own-dockerd')) {
    try {
      const mod = (await import(shared)) as { startDockerd?: () => Promise<{ host: string; stop(): Promise<void> }> };
      if (typeof mod.startDockerd === 'function') {
        const d = await mod.startDockerd();
        return { host: d.host, stop: () => d.stop(), origin: 'test/support/dockerd.ts' };
      }
    } catch (e) {
      process.stderr.write(`bench: test/support/dockerd.ts failed (${(e as Error).message}); starting dockerd here\n`);
    }
  }
  return startOwnDaemon();
}

async function startOwnDaemon(): Promise<Daemon> {
  const dir = join(tmp, 'dockerd');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'daemon.json'), '{}\n');
  const sock = join(dir, 'docker.sock');
  const log = join(dir, 'dockerd.log');
  const child = Bun.spawn(
    [
      'dockerd', '--config-file', join(dir, 'daemon.json'), '--storage-driver=vfs', '--bridge=none', '--iptables=false',
      '--ip-masq=false', '--ip-forward=false', '--host', `unix://${sock}`, '--data-root', join(dir, 'data'),
      '--exec-root', join(dir, 'exec'), '--pidfile', join(dir, 'docker.pid'),
    ],
    { stdin: 'ignore', stdout: Bun.file(log), stderr: Bun.file(log) },
  );
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    let timer: ReturnType<typeof setTimeout> | undefined;
    const done = await Promise.race([child.exited.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 15_000)))]);
    clearTimeout(timer);
    if (!done) {
      child.kill('SIGKILL');
      await child.exited;
    }
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) fail(`dockerd exited with ${child.exitCode}:\n${readFileSync(log, 'utf8').split('\n').slice(-15).join('\n')}`);
    try {
      const r = await fetch('http://localhost/_ping', { unix: sock } as RequestInit);
      if (r.ok && (await r.text()) === 'OK') break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      fail(`dockerd did not answer _ping within 60 s:\n${readFileSync(log, 'utf8').split('\n').slice(-15).join('\n')}`);
    }
    await Bun.sleep(100);
  }
  return { host: `unix://${sock}`, stop, origin: `dockerd started by the bench (pid ${child.pid})` };
}

// ---------------------------------------------------------------------------------------------
// measuring

interface Variant {
  /** the issue's item, a, b or d; i = investigation, no target */
  group: 'a' | 'b' | 'd' | 'i';
  label: string;
  path: string;
  args: string[];
  /** label of the row this one is compared with */
  baseline?: string;
  /** the row others are compared with */
  isBaseline?: boolean;
  /** ratio target; undefined = informational row */
  target?: number;
}
interface Stats {
  median: number;
  p90: number;
  min: number;
  rssMiB: number;
  rssMaxMiB: number;
}

function quantile(sorted: number[], q: number): number {
  // nearest rank
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

/**
 * COPIES fresh copies of a binary, each under the name it is invoked by (the shim dispatches on
 * it); made once per binary and reused by every measurement.
 */
const copies = new Map<string, string[]>();
function copiesOf(path: string): string[] {
  const known = copies.get(path);
  if (known) return known;
  const real = realpathSync(path);
  const made = Array.from({ length: COPIES }, (_, i) => {
    const dir = join(tmp, 'copies', String(copies.size), String(i));
    mkdirSync(dir, { recursive: true });
    const copy = join(dir, basename(path));
    copyFileSync(real, copy);
    chmodSync(copy, 0o755);
    return copy;
  });
  copies.set(path, made);
  return made;
}

function measure(measureBin: string, variants: Variant[], rounds: number, env: Record<string, string | undefined>): Map<string, Stats> {
  // Every variant once first, output captured: a refusal or a broken build must not be timed as "fast".
  for (const v of variants) {
    const r = run(v.path, v.args, { env });
    if (r.status !== 0) fail(`${v.label}: \`docker ${v.args.join(' ')}\` exited ${r.status}:\n${r.stderr}${r.stdout}`);
  }
  const perCopy = Math.ceil(rounds / COPIES);
  const argv = [String(perCopy), String(WARMUP), String(SEED)];
  const owner: number[] = [];
  variants.forEach((v, i) => {
    for (const path of copiesOf(v.path)) {
      argv.push(':::', path, 'docker', ...v.args);
      owner.push(i);
    }
  });
  const out = must(measureBin, argv, 'bench/measure', { env });
  const times = variants.map(() => [] as number[]);
  const rss = variants.map(() => [] as number[]);
  for (const line of out.trim().split('\n')) {
    const [cmd, , ns, kib, status] = line.split(' ').map(Number) as [number, number, number, number, number];
    const idx = owner[cmd]!;
    if (status !== 0) fail(`${variants[idx]!.label} exited ${status} during the timed runs`);
    times[idx]!.push(ns / 1e6);
    rss[idx]!.push(kib / 1024);
  }
  const stats = new Map<string, Stats>();
  variants.forEach((v, i) => {
    const t = times[i]!.sort((a, b) => a - b);
    const r = rss[i]!.sort((a, b) => a - b);
    if (t.length !== perCopy * COPIES) fail(`${v.label}: ${t.length} runs recorded, expected ${perCopy * COPIES}`);
    stats.set(v.label, { median: quantile(t, 0.5), p90: quantile(t, 0.9), min: t[0]!, rssMiB: quantile(r, 0.5), rssMaxMiB: r[r.length - 1]! });
  });
  return stats;
}

// ---------------------------------------------------------------------------------------------
// printing

type Row = { variant: Variant; stats: Stats; ratio?: number; deltaMs?: number; verdict?: 'PASS' | 'MISS' };
const allRows: Row[] = [];

function table(title: string, variants: Variant[], stats: Map<string, Stats>, rounds: number): void {
  const rows: Row[] = variants.map((v) => {
    const s = stats.get(v.label)!;
    if (!v.baseline) return { variant: v, stats: s };
    const b = stats.get(v.baseline)!;
    const ratio = s.median / b.median;
    const verdict = v.target === undefined ? undefined : ratio <= v.target ? 'PASS' : 'MISS';
    return { variant: v, stats: s, ratio, deltaMs: s.median - b.median, verdict };
  });
  allRows.push(...rows);
  const head = ['variant', 'median ms', 'p90 ms', 'min ms', 'peak RSS MiB', 'ratio', '+ms', 'target', 'result'];
  const body = rows.map((r) => [
    `${'abd'.includes(r.variant.group) ? `(${r.variant.group})` : '   '} ${r.variant.label}`,
    r.stats.median.toFixed(2),
    r.stats.p90.toFixed(2),
    r.stats.min.toFixed(2),
    r.stats.rssMiB.toFixed(1),
    r.ratio === undefined ? (r.variant.isBaseline ? 'baseline' : '') : `${r.ratio.toFixed(2)}x`,
    r.deltaMs === undefined ? '' : `${r.deltaMs >= 0 ? '+' : ''}${r.deltaMs.toFixed(2)}`,
    r.variant.target === undefined ? (r.ratio === undefined ? '' : 'info') : `<= ${r.variant.target.toFixed(2)}x`,
    r.verdict ?? '',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\n${title}  (${rounds} interleaved rounds + ${WARMUP} warm-up, shuffled order each round; each binary from ${COPIES} copies of its file, pooled)`);
  console.log(fmt(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) console.log(fmt(b));
}

// ---------------------------------------------------------------------------------------------
// investigation: where the shim's time goes, step by step, by wall clock
//
// In-process timers put a one-time runtime cost on whichever step happens to trigger it first,
// and the floor pays part of such costs later, in its exec. So each step is measured from outside:
// one build of the shim per step, from a copy of src/ with an exec of the trivial binary inserted
// at that step, timed side by side with the floor like the rows above. A step's cost is the
// difference to the build that stops one step earlier. The copies are patched at fixed anchors in
// the sources; a missing anchor stops the bench rather than measuring something else.

function buildStep(index: number): string {
  const step = STEPS[index]!;
  const dir = join(tmp, `step-${index}`);
  for (const sub of ['src', 'scripts']) cpSync(join(ROOT, sub), join(dir, sub), { recursive: true });
  for (const file of ['package.json', 'node_modules']) symlinkSync(join(ROOT, file), join(dir, file));
  const path = join(dir, step.file);
  const patched = applyStep(readFileSync(path, 'utf8'), step);
  if (!patched.ok) fail(patched.why);
  writeFileSync(path, patched.text);
  must('bash', [join(dir, 'scripts/build.sh'), '--real-docker', '/bin/true', '--policy-path', join(dir, 'no-policy.json'), '--out', join(dir, 'bin'), '--bun', BUN], `scripts/build.sh for step ${index}`, { cwd: dir });
  return join(dir, 'bin', 'docker');
}

function steps(measureBin: string, floor: string, shim: string, argvs: Array<[string, string[]]>): void {
  const builds = STEPS.map((_, i) => buildStep(i));
  const counting = run('sh', ['-c', 'command -v valgrind']).status === 0;
  for (const [name, args] of argvs) {
    const variants: Variant[] = [
      { group: 'i', label: 'floor', path: floor, args, isBaseline: true },
      ...STEPS.map((s, i): Variant => ({ group: 'i', label: s.label, path: builds[i]!, args, baseline: 'floor' })),
      { group: 'i', label: 'the hand-over (the whole shim)', path: shim, args, baseline: 'floor' },
    ];
    const stats = measure(measureBin, variants, ROUNDS_TRIVIAL, process.env);
    const instructions = new Map(variants.map((v) => [v.label, counting ? instructionsBeforeExec(v.path, args) : undefined]));
    console.log(`\nwhere the time goes, \`docker ${name}\` with the built-in policy: builds of the shim that exec /bin/true after a step, vs the floor (${ROUNDS_TRIVIAL} interleaved rounds, ${COPIES} copies each; instructions before the exec from valgrind --tool=callgrind, the same on every run)`);
    console.log(`${'up to and including'.padEnd(60)}  ${'median ms'.padStart(9)}  ${'+ms total'.padStart(9)}  ${'+ms step'.padStart(8)}  ${'M instr'.padStart(7)}  ${'+M total'.padStart(8)}  ${'+M step'.padStart(7)}`);
    const floorMs = stats.get('floor')!.median;
    const floorInstr = instructions.get('floor');
    let prev = floorMs;
    let prevInstr = floorInstr;
    const millions = (n: number | undefined) => (n === undefined ? '-' : (n / 1e6).toFixed(2));
    for (const v of variants.slice(1)) {
      const ms = stats.get(v.label)!.median;
      const instr = instructions.get(v.label);
      const delta = (from: number | undefined) => (instr === undefined || from === undefined ? undefined : instr - from);
      console.log(`${v.label.padEnd(60)}  ${ms.toFixed(2).padStart(9)}  ${(ms - floorMs).toFixed(2).padStart(9)}  ${(ms - prev).toFixed(2).padStart(8)}  ${millions(instr).padStart(7)}  ${millions(delta(floorInstr)).padStart(8)}  ${millions(delta(prevInstr)).padStart(7)}`);
      prev = ms;
      prevInstr = instr;
    }
    if (!counting) console.log('(no valgrind on PATH: instruction counts left out; Debian package valgrind)');
  }
}

/**
 * The instructions a binary runs before its first execve, counted by valgrind's callgrind, which
 * writes its counts when the program enters execve (--dump-before). Unlike wall time this does not
 * move with the machine's load: the same binary, argv and environment give the same count. It
 * leaves out what the kernel does (page faults, the exec itself), which the timed rows include.
 */
let callgrindRuns = 0;
function instructionsBeforeExec(path: string, args: string[]): number {
  const out = join(tmp, `callgrind-${++callgrindRuns}`);
  run('valgrind', ['--tool=callgrind', '--dump-before=execve*', `--callgrind-out-file=${out}`, path, ...args]);
  const dump = `${out}.1`;
  const summary = existsSync(dump) ? /^summary: (\d+)$/m.exec(readFileSync(dump, 'utf8')) : null;
  if (!summary) fail(`valgrind counted nothing before an exec of ${path} (${dump}): did it run?`);
  return Number(summary[1]);
}

/** bench/first-calls.ts, compiled like the shim, run 15 times: the first call of each built-in. */
function firstCalls(): void {
  const bin = buildBun('first-calls', 'bench/first-calls.ts', {});
  const per = new Map<string, number[]>();
  for (let i = 0; i < 15; i++) {
    for (const line of must(bin, [], 'bench/first-calls').trim().split('\n')) {
      const [name, us] = line.split('\t') as [string, string];
      per.set(name, [...(per.get(name) ?? []), Number(us)]);
    }
  }
  console.log('\nthe first call of a built-in in a fresh compiled Bun process (bench/first-calls.ts, median of 15 processes; in this order)');
  for (const [name, us] of per) console.log(`${quantile([...us].sort((a, b) => a - b), 0.5).toFixed(1).padStart(7)} µs  ${name}`);
}

// ---------------------------------------------------------------------------------------------
// main

async function main(): Promise<void> {
  console.log('docker-guard bench');
  for (const l of machine()) console.log(l);
  const t0 = performance.now();

  const measureBin = buildMeasure();
  const POLICY_PASS = '{"users":["somebody-else"]}\n';
  const floorTrue = buildBun('floor-true', 'bench/floor.ts', { FLOOR_TARGET: '/bin/true', FLOOR_NODE_PATH: '1' });
  const floorTruePlain = buildBun('floor-true-plain', 'bench/floor.ts', { FLOOR_TARGET: '/bin/true', FLOOR_NODE_PATH: '0' });
  const shimTrue = buildShim('shim-true-default', '/bin/true', undefined);
  const shimTruePass = buildShim('shim-true-pass', '/bin/true', POLICY_PASS);
  const shimTrueFile = buildShim('shim-true-file', '/bin/true', '{"users":["*"]}\n');
  const shimDocker = buildShim('shim-docker-default', REAL_DOCKER, undefined);
  const shimDockerPass = buildShim('shim-docker-pass', REAL_DOCKER, POLICY_PASS);
  const floorDocker = buildBun('floor-docker', 'bench/floor.ts', { FLOOR_TARGET: REAL_DOCKER, FLOOR_NODE_PATH: '1' });
  console.log(`built floor and shims into ${tmp} in ${((performance.now() - t0) / 1000).toFixed(1)} s; seed ${SEED}`);

  const PS = ['ps', '-a', '--format', '{{.Names}}'];
  const RUN = ['run', '--rm', '--network', 'none', '--read-only', '--name', 'bench-x', '-e', 'FOO=bar', '-w', '/tmp', '--user', '1000:1000', '--memory', '256m', '--cpus', '1', 'img', 'true'];
  console.log(`argv (a)/(d): docker ${PS.join(' ')}  |  docker ${RUN.join(' ')}`);
  console.log('policies: "default" = no policy file (built-in default, restricts everyone); "pass-through" = {"users":["somebody-else"]}');

  // (a) + (d): the trivial binary, all six variants in one interleaved run
  const trivial: Variant[] = [
    { group: 'a', label: 'floor -> /bin/true  ps', path: floorTrue, args: PS, isBaseline: true },
    { group: 'a', label: 'shim default -> /bin/true  ps', path: shimTrue, args: PS, baseline: 'floor -> /bin/true  ps', target: TARGET_TRIVIAL },
    { group: 'd', label: 'shim pass-through -> /bin/true  ps', path: shimTruePass, args: PS, baseline: 'floor -> /bin/true  ps', target: TARGET_TRIVIAL },
    { group: 'a', label: 'floor -> /bin/true  run', path: floorTrue, args: RUN, isBaseline: true },
    { group: 'a', label: 'shim default -> /bin/true  run', path: shimTrue, args: RUN, baseline: 'floor -> /bin/true  run', target: TARGET_TRIVIAL },
    { group: 'd', label: 'shim pass-through -> /bin/true  run', path: shimTruePass, args: RUN, baseline: 'floor -> /bin/true  run', target: TARGET_TRIVIAL },
    // The deployment the NixOS module makes: a policy file that restricts the caller.
    { group: 'i', label: 'shim, policy file {"users":["*"]}  ps', path: shimTrueFile, args: PS, baseline: 'floor -> /bin/true  ps' },
    // bench/floor.ts says why the floor names node:path; this row shows what that is worth.
    { group: 'i', label: 'floor without node:path  ps', path: floorTruePlain, args: PS, baseline: 'floor -> /bin/true  ps' },
  ];
  if (INVESTIGATE) {
    const empty = buildBun('bun-empty', 'bench/probe-empty.ts', {});
    trivial.push(
      { group: 'i', label: '/bin/true directly', path: '/bin/true', args: PS },
      { group: 'i', label: 'compiled bun, empty program', path: empty, args: PS, baseline: 'floor -> /bin/true  ps' },
    );
  }
  table('(a) + (d): forwarding to a trivial binary (/bin/true as the real docker), vs the floor', trivial, measure(measureBin, trivial, ROUNDS_TRIVIAL, process.env), ROUNDS_TRIVIAL);

  // (b) + (d): docker ps against a test dockerd
  let daemon: Daemon | undefined;
  const canDaemon = process.getuid?.() === 0 && run('sh', ['-c', 'command -v dockerd']).status === 0 && existsSync(REAL_DOCKER);
  if (!canDaemon) {
    console.log(`\n(b) skipped: needs root, dockerd on PATH and ${REAL_DOCKER}`);
  } else {
    const td = performance.now();
    daemon = await startDaemon();
    cleanups.push(() => daemon!.stop());
    console.log(`\ntest daemon: ${daemon.origin}, ${daemon.host}, up in ${((performance.now() - td) / 1000).toFixed(1)} s`);
    const dockerConfig = join(tmp, 'docker-config');
    mkdirSync(dockerConfig, { recursive: true });
    const env = { ...process.env, DOCKER_HOST: daemon.host, DOCKER_CONFIG: dockerConfig };
    const ps = ['ps'];
    const withDaemon: Variant[] = [
      { group: 'b', label: 'docker ps directly', path: REAL_DOCKER, args: ps, isBaseline: true },
      { group: 'b', label: 'shim default -> docker ps', path: shimDocker, args: ps, baseline: 'docker ps directly', target: TARGET_DOCKER },
      { group: 'd', label: 'shim pass-through -> docker ps', path: shimDockerPass, args: ps, baseline: 'docker ps directly', target: TARGET_DOCKER },
      { group: 'i', label: 'floor -> docker ps', path: floorDocker, args: ps, baseline: 'docker ps directly' },
    ];
    // The shim must really have forwarded: same output as the real docker.
    const direct = must(REAL_DOCKER, ps, 'docker ps', { env });
    for (const v of withDaemon.slice(1)) {
      const got = must(v.path, v.args, v.label, { env });
      if (got !== direct) fail(`${v.label} printed other output than docker ps:\n${got}`);
    }
    table('(b) + (d): `docker ps` against the test dockerd, through the shim vs the real docker directly', withDaemon, measure(measureBin, withDaemon, ROUNDS_DOCKER, env), ROUNDS_DOCKER);
  }

  if (INVESTIGATE) {
    steps(measureBin, floorTrue, shimTrue, [['ps', PS], ['run', RUN]]);
    firstCalls();
  }

  const judged = allRows.filter((r) => r.verdict !== undefined);
  const missed = judged.filter((r) => r.verdict === 'MISS');
  console.log(`\n(c) peak RSS is ru_maxrss of each run (median over runs): the larger of the Bun process and what it execs.`);
  console.log(`ratio = median / median of its baseline (floor for (a), docker directly for (b)); +ms = difference of the medians; "info" rows have no target.`);
  console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}; total ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  console.log(`targets: ${judged.length - missed.length} PASS, ${missed.length} MISS${missed.length ? ` (${missed.map((r) => r.variant.label).join('; ')})` : ''}`);
  if (missed.length > 0 && process.argv.includes('--strict')) process.exitCode = 1;
}

try {
  await main();
} finally {
  await cleanup();
}
