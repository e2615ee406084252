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
        instead: run the command in a new container of the same image: \`docker compose run --rm SERVICE CMD\`, or \`docker run --rm IMAGE CMD\`
        allowed: ps, images, inspect, logs, start, stop, restart, rm, rmi, pull, build, run, compose, system, network ls, volume ls, info, version, stats, wait, container inspect, image inspect, network inspect, volume inspect
        Nothing was run. Ask the host's administrator if this command is needed.
      "
    `);
  });

  it('says what to do instead where there is something, and leaves the administrator out of the caller\'s own mistakes', () => {
    const refusal = (command: string, rule: string, reason = 'r'): string =>
      formatRefusal(['x'], { kind: 'refused', command, rule, reason }, undefined, { path: '/p', fromFile: true }, NO_COLORS);
    expect(refusal('compose down', 'back-door', '`compose down --volumes` removes the named volumes, which is `volume rm`, and `volume rm` is not in the allow list')).toContain('instead: use a new volume name for a fresh volume');
    expect(refusal('container start', 'back-door', '`start -a` attaches, which is `container attach`, and …')).toContain('instead: start it without attaching, then follow its output with `docker logs -f CONTAINER`');
    expect(refusal('compose exec', 'back-door', '… which is `container exec`, and …')).toContain('docker compose run --rm SERVICE CMD');
    expect(refusal('container run', 'join-network')).toContain('instead: to reach a compose project\'s services');
    expect(refusal('container kill', 'not-allowed')).toContain('instead: `docker stop -t 0 CONTAINER`');
    expect(refusal('image tag', 'refused-command')).toContain('instead: `docker build -t NEWNAME .`');
    expect(refusal('swarm init', 'not-allowed')).not.toContain('instead:');
    expect(refusal('compose up', 'compose-model')).toMatch(/Nothing was run\.\n$/);
    expect(refusal('compose up', 'compose-model')).toContain('instead: fix what the reason names');
    expect(refusal('container exec', 'refused-command')).toContain('Ask the host\'s administrator');
    expect(refusal('container start', 'endpoint-unverified')).toContain('instead: run it with no DOCKER_HOST, DOCKER_CONTEXT or TLS variables');
  });
});
