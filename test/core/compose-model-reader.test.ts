import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseComposeArgs } from '../../src/compose/compose-argv.js';
import { readComposeModel } from '../../src/compose-model-reader.js';

// What the guard reports when `docker compose config` fails: the line that says why comes first.
describe('readComposeModel', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dg-model-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, 'compose.yaml'), 'services: {web: {image: x}}\n');

  it('without the compose plugin, docker\'s own reason (unknown flag) is named, not only its usage text', () => {
    const docker = path.join(dir, 'docker');
    // What docker 28 prints for `docker compose config --format json` with no compose plugin.
    writeFileSync(docker, "#!/bin/sh\nprintf 'unknown flag: --format\\n\\nUsage:  docker [OPTIONS] COMMAND [ARG...]\\n\\nRun '\"'\"'docker --help'\"'\"' for more information\\n' >&2\nexit 125\n");
    chmodSync(docker, 0o755);
    const inv = parseComposeArgs(['up', '-d'], { help: false });
    expect(inv.ok).toBe(true);
    if (!inv.ok) return;
    const r = readComposeModel(docker, [], inv, dir, { PATH: '/usr/bin:/bin' });
    expect(r).toEqual({ ok: false, error: "`docker compose config` failed: unknown flag: --format / Usage:  docker [OPTIONS] COMMAND [ARG...] / Run 'docker --help' for more information" });
  });
});
