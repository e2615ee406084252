import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { readTextFile } from '../../src/read-text-file.js';

// Under Node there is no Bun, so only node:fs reads. The compiled binary also asks Bun whether
// the file is absent: test/e2e/handover.e2e.test.ts runs the same cases through it (empty, not
// UTF-8, a directory, absent), test/e2e/policy-access.e2e.test.ts as a caller who may not write the
// file and on a read-only filesystem.

const dir = mkdtempSync(join(tmpdir(), 'dg-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, bytes: string | Buffer): string => {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};

describe('readTextFile', () => {
  it('reads UTF-8 text', () => {
    expect(readTextFile(file('a', 'héllo\n'), true)).toEqual({ ok: true, text: 'héllo\n' });
  });
  it('reads an empty file as ""', () => {
    expect(readTextFile(file('empty', ''), true)).toEqual({ ok: true, text: '' });
  });
  it('says ENOENT for a missing file, ENOTREG for a directory, a FIFO or a device, without waiting or reading', () => {
    expect(readTextFile(join(dir, 'nope'), true)).toEqual({ ok: false, code: 'ENOENT' });
    expect(readTextFile(dir, true)).toEqual({ ok: false, code: 'ENOTREG' });
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    // No writer ever opens it: a blocking open would hang this test.
    expect(readTextFile(fifo, true)).toEqual({ ok: false, code: 'ENOTREG' });
    expect(readTextFile('/dev/zero', true)).toEqual({ ok: false, code: 'ENOTREG' });
  });
  it('reads a regular file through a symlink', () => {
    const link = join(dir, 'link');
    symlinkSync(file('target', 'through the link'), link);
    expect(readTextFile(link, true)).toEqual({ ok: true, text: 'through the link' });
  });
  it('drops a leading byte-order mark (RFC 8259 lets a JSON parser ignore it), and only a leading one', () => {
    expect(readTextFile(file('bom', Buffer.from('\uFEFF{"users":["*"]}')), true)).toEqual({ ok: true, text: '{"users":["*"]}' });
    expect(readTextFile(file('bom-inside', Buffer.from('{"users":\uFEFF["*"]}')), true)).toEqual({ ok: true, text: '{"users":\uFEFF["*"]}' });
  });
  it('refuses bytes that are not UTF-8 when fatal, replaces them otherwise', () => {
    const p = file('latin1', Buffer.from([0x61, 0xe9, 0x62]));
    expect(readTextFile(p, true)).toEqual({ ok: false, code: 'EILSEQ' });
    expect(readTextFile(p, false)).toEqual({ ok: true, text: 'a\uFFFDb' });
  });
});

// The compiled binary's shortcut for a file Bun shows absent, with Bun's two answers played by a
// stand-in (vitest runs under Node, where there is no Bun; test/e2e runs the real one).
describe('readTextFile asks Bun only whether the file is absent', () => {
  type FakeBun = { file: (p: string) => { size: number; lastModified: number }; mmap: (p: string) => Uint8Array };
  const STAT_FAILED = 2 ** 52 - 1; // bun's lastModified when its stat failed
  const MTIME = 1_795_638_284_508;
  const g = globalThis as { Bun?: FakeBun };
  const errno = (code: string): Error => Object.assign(new Error(code), { code });
  const fake = (size: number | Error, mmap: Error | Uint8Array, lastModified = STAT_FAILED): string[] => {
    const calls: string[] = [];
    g.Bun = {
      file: (p) => {
        calls.push(`size ${p}`);
        if (size instanceof Error) throw size;
        return { size, lastModified };
      },
      mmap: (p) => {
        calls.push(`mmap ${p}`);
        if (mmap instanceof Error) throw mmap;
        return mmap;
      },
    };
    return calls;
  };
  afterEach(() => {
    delete g.Bun;
  });

  it('an empty file (its stat succeeded) is never mapped (mmap opens O_RDWR): node:fs reads ""', () => {
    const p = file('empty-for-bun', '');
    const calls = fake(0, errno('ENOENT'), MTIME);
    expect(readTextFile(p, true)).toEqual({ ok: true, text: '' });
    expect(calls).toEqual([`size ${p}`]);
  });

  it('a failed stat and ENOENT from mmap: absent, without node:fs', () => {
    const p = file('there-but-bun-says-absent', 'x');
    const calls = fake(0, errno('ENOENT'));
    expect(readTextFile(p, true)).toEqual({ ok: false, code: 'ENOENT' });
    expect(calls).toEqual([`size ${p}`, `mmap ${p}`]);
  });

  it('content seen by the stat: never mapped (mmap opens O_RDWR), read by node:fs', () => {
    const p = file('content', '{"users":["*"]}');
    const calls = fake(15, errno('EACCES'), MTIME);
    expect(readTextFile(p, true)).toEqual({ ok: true, text: '{"users":["*"]}' });
    expect(calls).toEqual([`size ${p}`]);
  });

  it.each([
    ['EACCES', errno('EACCES')],
    ['EROFS', errno('EROFS')],
    ['EINVAL', errno('EINVAL')],
  ])('a failed stat and %s from mmap: not absent, node:fs reads the file and reports its own answer', (_what, err) => {
    const p = file(`size-zero-${_what.slice(0, 5)}`, 'read by node');
    fake(0, err);
    expect(readTextFile(p, true)).toEqual({ ok: true, text: 'read by node' });
    expect(readTextFile(join(dir, 'missing-for-real'), true)).toEqual({ ok: false, code: 'ENOENT' });
  });

  it('an mmap that succeeds (the file appeared) is not used: node:fs reads it', () => {
    const p = file('appeared', 'from node');
    fake(0, new Uint8Array([0x6d, 0x61, 0x70]));
    expect(readTextFile(p, true)).toEqual({ ok: true, text: 'from node' });
  });

  it('a Bun that throws on the stat is not trusted either', () => {
    const p = file('stat-throws', 'ok');
    fake(errno('ENOENT'), errno('ENOENT'));
    expect(readTextFile(p, true)).toEqual({ ok: true, text: 'ok' });
  });
});
