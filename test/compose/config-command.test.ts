import { describe, expect, it } from 'vitest';
import { parseComposeArgs, type ComposeInvocation } from '../../src/compose/compose-argv.js';
import { composeConfigArgv, COMPOSE_REMOTE_OFF_ENV, remoteComposeSource } from '../../src/compose/config-command.js';

const inv = (args: string[]): ComposeInvocation => {
  const r = parseComposeArgs(args);
  if (!r.ok) throw new Error(r.error);
  return r;
};
const argv = (globals: string[], args: string[]): string[] | string => {
  const r = composeConfigArgv(globals, inv(args));
  return Array.isArray(r) ? r : `refused: ${r.error}`;
};

describe('composeConfigArgv', () => {
  it('repeats exactly the project flags, in order, as --name=value', () => {
    expect(argv(['-l', 'debug'], [
      '-f', 'a.yml', '--file=b.yml', '-p', 'proj', '--project-directory', '/srv/p', '--profile', 'debug',
      '--env-file', '.env.dev', '--compatibility', '--all-resources', '--ansi', 'never', '--dry-run', '--parallel', '1',
      'up', '-d', 'web',
    ])).toEqual([
      '-l', 'debug', 'compose', '--file=a.yml', '--file=b.yml', '--project-name=proj', '--project-directory=/srv/p',
      '--profile=debug', '--env-file=.env.dev', '--all-resources=true', 'config', '--format', 'json',
    ]);
  });

  it('keeps values that look like flags as values, and repeated scalars in order (last wins again)', () => {
    expect(argv([], ['-p', '-v', '-p', 'b', '--file', '--dry-run', 'up'])).toEqual([
      'compose', '--project-name=-v', '--project-name=b', '--file=--dry-run', 'config', '--format', 'json',
    ]);
  });

  it('passes the deprecated --workdir through, not --compatibility (which would make config skip normalisation)', () => {
    expect(argv([], ['--compatibility', '--workdir', '/w', 'up'])).toEqual(['compose', '--workdir=/w', 'config', '--format', 'json']);
    expect(argv([], ['--workdir', '/w', '--compatibility=false', 'up'])).toEqual(['compose', '--workdir=/w', 'config', '--format', 'json']);
  });

  it('no project flags: compose finds the file the same way (cwd, COMPOSE_FILE, parents)', () => {
    expect(argv([], ['up'])).toEqual(['compose', 'config', '--format', 'json']);
  });

  it.each([
    [['-f', '-', 'up'], /stdin/],
    [['-f', 'compose.yml', '--file=-', 'up'], /stdin/],
    [['-f', 'oci://registry.example/app:1', 'up'], /OCI artifact/],
    [['-f', 'https://example.com/compose.yml', 'up'], /a URL/],
    [['-f', 'git@github.com:owner/repo.git', 'up'], /git repository/],
    [['-f', 'https://github.com/owner/repo.git#main:deploy', 'up'], /a URL/],
    [['-f', 'github.com/owner/repo', 'up'], /git repository/],
  ] as [string[], RegExp][])('refuses %j', (args, why) => expect(argv([], args)).toMatch(why));
});

describe('remoteComposeSource', () => {
  it.each([
    ['compose.yml', undefined],
    ['./deploy/compose.yaml', undefined],
    ['/srv/app/compose.yml', undefined],
    ['dir@2/compose.yml', undefined],
    ['OCI://x/y', 'an OCI artifact'],
    ['ssh://git@host/repo', 'a URL'],
    ['user@host:repo', 'a git repository'],
    ['repo.git', 'a git repository'],
    ['repo.git#v1:sub', 'a git repository'],
  ] as [string, string | undefined][])('%j', (file, expected) => expect(remoteComposeSource(file)).toBe(expected));
});

describe('COMPOSE_REMOTE_OFF_ENV', () => {
  it('turns both remote loaders off with values compose parses as false', () => {
    expect(COMPOSE_REMOTE_OFF_ENV).toEqual({ COMPOSE_EXPERIMENTAL_GIT_REMOTE: 'false', COMPOSE_EXPERIMENTAL_OCI_REMOTE: 'false' });
  });
});
