import { describe, expect, it } from 'vitest';
import { parseArgv } from '../../src/docker/parse-argv.js';
import { commandPermission } from '../../src/policy/command-permission.js';
import { decide } from '../../src/policy/decide.js';
import { defaultPolicy } from '../../src/policy/load-policy.js';
import { lcg } from '../support/seeded.js';

// Random argv from tokens docker's parser treats specially: the scanner and the decision must
// never throw (a crash would be a stack trace for the agent), and whatever they allow must be
// allowed by name. Seeded, so a failure reproduces.

const TOKENS = [
  'exec', 'container', 'ps', 'run', 'create', 'compose', 'build', 'image', 'system', 'dial-stdio', 'help', 'start',
  'ls', 'rm', 'save', 'cp', 'c', 'img', 'sh', 'up', 'down', 'config', 'network', 'volume', 'builder', 'buildx', 'EXEC',
  '-v', '-D', '-h', '-H', '-l', '-c', '--', '-', '', '--help', '--help=false', '-h=0', '--version', '--debug=false',
  '-lDEBUG', '-Dl', 'debug', '--log-level', '--host', '--host=', '--context', '--config', '--tls', '-Hunix:///x',
  '-it', '-a', '-ai', '--privileged', '-v=/:/h', '-dtv/:/h', '--mount', 'type=bind,src=/,dst=/h', '--network', 'host',
  'name=host', '--push', '-o', 'type=registry', '--volumes', '-f', 'x.yml', '--cap-add', 'ALL', '--pid=host', '-p',
  '80:80', '--', '\u0000', '\x1b[2K', 'ü', '--=x', '---x', '-=', '--mount=type=volume,volume-opt=device=/etc', ' ',
];

describe('random argv', () => {
  it('never throws, and allows only what the policy allows by name', () => {
    const next = lcg(20261125);
    const policy = defaultPolicy();
    const facts = { cwd: '/home/ai-worker', realpaths: {}, composeModel: { ok: true as const, model: { name: 'p', services: {} } } };
    let allowedCount = 0;
    for (let i = 0; i < 20_000; i++) {
      const argv = Array.from({ length: Math.floor(next() * 8) }, () => TOKENS[Math.floor(next() * TOKENS.length)]!);
      let inv;
      let verdict;
      try {
        inv = parseArgv(argv);
        verdict = decide(inv, policy, facts);
      } catch (e) {
        throw new Error(`threw on ${JSON.stringify(argv)}: ${(e as Error).stack}`);
      }
      if (verdict.kind === 'allowed') {
        allowedCount++;
        if (inv.kind === 'builtin' && !inv.group) expect(commandPermission(inv.command, policy).ok, JSON.stringify(argv)).toBe(true);
        if (inv.kind === 'plugin') expect(commandPermission(inv.name, policy).ok, JSON.stringify(argv)).toBe(true);
        expect(inv.kind, JSON.stringify(argv)).not.toBe('malformed');
        expect(inv.dashDashBeforeCommand, JSON.stringify(argv)).toBe(false);
      }
    }
    // The generator must reach both outcomes, or the invariant above checks nothing.
    expect(allowedCount).toBeGreaterThan(100);
  });
});
