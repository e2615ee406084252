import { describe, expect, it } from 'vitest';
import { escapeControls, formatRefusal, NO_COLORS, quoteArg } from '../../src/report.js';
import { defaultPolicy } from '../../src/policy/load-policy.js';

describe('report', () => {
  it('escapes control characters so argv cannot redraw the terminal', () => {
    expect(escapeControls('a\x1b[2Kallowed\r\n')).toBe('a\\x1b[2Kallowed\\x0d\\x0a');
    expect(quoteArg("it's")).toBe(`'it'\\''s'`);
    expect(quoteArg('')).toBe("''");
    expect(quoteArg('-v')).toBe('-v');
  });
  it('names the command as typed, the canonical command, the rule, the reason and the policy file', () => {
    const text = formatRefusal(
      ['-v', 'exec', 'c', 'sh\x1b[2K'],
      { kind: 'refused', command: 'container exec', rule: 'refused-command', reason: 'runs a process' },
      defaultPolicy(),
      { path: '/etc/docker-guard/policy.json', fromFile: false },
      NO_COLORS,
    );
    expect(text).toMatchInlineSnapshot(`
      "docker-guard: refused: docker -v exec c 'sh\\x1b[2K'
        command: container exec
        rule:    refused-command
        why:     runs a process
        policy:  /etc/docker-guard/policy.json (absent: the built-in default policy applies)
        allowed: ps, images, inspect, logs, start, stop, restart, rm, rmi, pull, build, run, compose, system, network ls, volume ls, info, version, stats, wait, container inspect, image inspect, network inspect, volume inspect
        Nothing was run. Ask the host's administrator if this command is needed.
      "
    `);
  });
});
