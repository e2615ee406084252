// Runs one table case through the real docker 28 client against the stand-alone recorder, in a
// fresh config directory with stub CLI plugins, and reports what happened.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freshConfigDir, runDocker } from '../support/real-docker.js';
import type { Recorder } from '../support/recorder.js';
import { STDIN_SENTINEL, type Observation, type PluginRun } from './classify.js';
import type { Case } from './cases.js';
import { substitute } from './placeholders.js';

/** A daemon address where nothing listens. */
export const BAD_HOST = 'unix:///nonexistent-dg/docker.sock';

/** Names a plugin can have (cli-plugins/manager/plugin.go:18). */
const PLUGIN_NAME = /^[a-z][a-z0-9]*$/;

/** Plugins every case has, whatever its argv. */
export const ALWAYS_STUBBED = ['compose', 'foo'] as const;

export interface Bench {
  rec: Recorder;
  /** A second daemon address (`$REC2`): any request reaching it went to a daemon other than the
   *  caller's default (`-H`, `--context`, a late flag). */
  rec2?: Recorder;
  /** Working directory of every docker run: holds a Dockerfile for the build cases. */
  workdir: string;
}

export function makeWorkdir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dg-diff-'));
  writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
  return dir;
}

/**
 * A stub plugin: answers the metadata probe like a valid plugin, otherwise records its argv
 * (NUL-separated) in `logDir`. Docker refuses (and never runs) a stub whose name is a built-in
 * command, so stubbing every word is harmless. `tag` marks the runs of the second config dir.
 */
function writeStub(pluginDir: string, name: string, logDir: string, tag: string): void {
  const file = path.join(pluginDir, `docker-${name}`);
  writeFileSync(
    file,
    [
      '#!/bin/sh',
      'if [ "$1" = docker-cli-plugin-metadata ]; then',
      `  printf '%s\\n' '{"SchemaVersion":"0.1.0","Vendor":"test"}'`,
      '  exit 0',
      'fi',
      `printf '%s\\000' "$@" > '${logDir}/${name}${tag}.'$$`,
      'exit 0',
      '',
    ].join('\n'),
  );
  chmodSync(file, 0o755);
}

/** Every word of the argv that could be a plugin name gets a stub, so that whenever docker
 * decides to run a plugin, the run is observed instead of ending in "unknown command". */
export function stubNames(argv: readonly string[], extra: readonly string[] = [], without: readonly string[] = []): string[] {
  return [...new Set([...ALWAYS_STUBBED, ...extra, ...argv.filter((a) => PLUGIN_NAME.test(a))])].filter((n) => !without.includes(n));
}

function makeConfig(names: readonly string[], logDir: string, tag = ''): string {
  const dir = freshConfigDir();
  const plugins = path.join(dir, 'cli-plugins');
  mkdirSync(plugins);
  for (const n of names) writeStub(plugins, n, logDir, tag);
  // The client sends HttpHeaders with every request: the recorder can tell which dir it used.
  if (tag !== '') writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ HttpHeaders: { 'X-Dg-Config': tag } }));
  return dir;
}

/** The runs of the second config dir's stubs carry this in their log name. */
const CFG2_TAG = '@cfg2';

function readRuns(logDir: string): PluginRun[] {
  return readdirSync(logDir).map((f) => {
    const argv = readFileSync(path.join(logDir, f), 'utf8').split('\0');
    argv.pop(); // after the last NUL
    const name = f.replace(/\.\d+$/, '');
    return name.endsWith(CFG2_TAG) ? { name: name.slice(0, -CFG2_TAG.length), argv, fromConfig2: true } : { name, argv };
  });
}

export async function observe(c: Case, bench: Bench): Promise<Observation> {
  const logDir = mkdtempSync(path.join(os.tmpdir(), 'dg-runs-'));
  const names = stubNames(c.argv, c.stubs, c.nostub);
  const config = makeConfig(names, logDir);
  const config2 = makeConfig(names, logDir, CFG2_TAG);
  const vars: Record<string, string> = { REC: bench.rec.host, BAD: BAD_HOST, CFG2: config2, ...(bench.rec2 ? { REC2: bench.rec2.host } : {}) };
  const argv = substitute(c.argv, vars);
  try {
    if (c.context) {
      const made = await runDocker(['context', 'create', c.context.name, '--docker', `host=${substitute([c.context.host], vars)[0]}`], { config });
      if (made.code !== 0) throw new Error(`context create failed: ${made.stderr}`);
    }
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(c.env ?? {})) env[k] = substitute([v], vars)[0]!;
    bench.rec.clear();
    bench.rec2?.clear();
    const result = await runDocker(argv, {
      host: bench.rec.host,
      config,
      env,
      cwd: bench.workdir,
      stdin: STDIN_SENTINEL,
      timeoutMs: 20_000,
    });
    return {
      argv,
      code: result.code,
      stdout: result.stdout,
      stderr: result.stderr,
      requests: [...bench.rec.requests, ...(bench.rec2?.requests ?? [])].map((q) => ({ ...q })),
      otherDaemon: (bench.rec2?.requests ?? []).filter((q) => q.path !== '/_ping').map((q) => ({ ...q })),
      usedConfig2: [...bench.rec.requests, ...(bench.rec2?.requests ?? [])].some((q) => q.configMark === CFG2_TAG),
      config2,
      plugins: readRuns(logDir),
    };
  } finally {
    for (const d of [config, config2, logDir]) rmSync(d, { recursive: true, force: true });
  }
}
