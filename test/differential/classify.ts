// What did the real docker do? Turns one observed run (API calls recorded by the stand-alone
// recorder, plugin stubs that ran, exit code and output) into an Outcome.
//
// The recorder answers only `_ping`, `GET /containers/<id>/json`, `GET /version`,
// `POST /containers/create` and the prunes; everything else gets a 404, so docker
// stops right after the call that identifies the command. Some commands make a harmless lookup
// first (exec and logs inspect the container, attach starts a wait, network rm inspects the
// network): those lookups are "weak" and only count when nothing else was called.
import type { RecordedRequest } from '../support/recorder.js';

export interface PluginRun {
  name: string;
  argv: string[];
  /** The stub of the second config dir ran (`--config $CFG2`). */
  fromConfig2?: boolean;
}

export interface Observation {
  argv: string[];
  code: number | null;
  stdout: string;
  stderr: string;
  requests: RecordedRequest[];
  /** Requests (pings aside) that reached the second daemon address `$REC2`. */
  otherDaemon?: RecordedRequest[];
  /** A request carried the second config dir's HttpHeaders: docker used `$CFG2`'s config.json. */
  usedConfig2?: boolean;
  /** The path `$CFG2` stood for (it holds the same stub plugins as the default config dir). */
  config2?: string;
  plugins: PluginRun[];
}

export type Outcome =
  /** docker performed API operation `op` (a canonical command path); `also`: capabilities the
   *  calls exercise besides it (`DELETE /containers/c?v=1` also deletes volumes: `volume rm`). */
  | { kind: 'op'; op: string; calls: string[]; also?: string[] }
  /** docker executed the CLI plugin `docker-<name>`. */
  | { kind: 'plugin'; name: string; argv: string[] }
  /** docker printed help; `path` = the command path of the Usage line ('' = root). */
  | { kind: 'help'; path: string }
  /** docker printed its version (`docker -v`). */
  | { kind: 'version' }
  /** exit 0 without any API call or plugin: a client-side command (context ls, completion …). */
  | { kind: 'local' }
  /** docker refused the argv. `command` = the command path docker had recognised and whose own
   * flags/arguments it rejected (the path of its Usage line: a leaf like `exec`, or a management
   * command like `container` for `docker container -D exec`); undefined when the error came from
   * the root or initialisation, or is an "unknown command" (global flag, log level, -H twice …). */
  | { kind: 'rejected'; code: number | null; command?: string; message: string }
  /** Something this classifier does not know: extend OPS below. */
  | { kind: 'unclassified'; detail: string };

/** The stdin every case gets: if a command turns stdin into a raw API connection (`system
 * dial-stdio`), this request reaches the recorder. */
export const STDIN_SENTINEL = 'GET /_dg_stdin HTTP/1.0\r\n\r\n';

interface OpRule {
  method: string;
  path: RegExp;
  op: string;
  weak?: boolean;
  query?: (q: Record<string, string>) => boolean;
}

const ID = '[^/]+';
const NAME = '.+'; // image references contain slashes: /images/docker.io/library/x/push
/** Each rule's path with the id or name segment optional or spanning slashes, for the rules
 * where that cannot be mistaken for another rule's path (see opOf). */
const LOOSE = new Map<RegExp, RegExp>();
/** The rules with an id or name in the middle of the path. */
const MIDDLE = new Set<RegExp>();
const r = (s: string): RegExp => {
  const exact = new RegExp(`^${s.replaceAll('{id}', ID).replaceAll('{name}', NAME)}$`);
  LOOSE.set(exact, new RegExp(`^${s.replaceAll('/{id}', '(?:/.*)?').replaceAll('/{name}', '(?:/.*)?')}$`));
  if (s.includes('}/')) MIDDLE.add(exact);
  return exact;
};

/** method + path → canonical operation. Order matters only where patterns overlap. */
export const OPS: readonly OpRule[] = [
  // containers
  { method: 'GET', path: r('/containers/json'), op: 'container ls' },
  { method: 'POST', path: r('/containers/create'), op: 'container create' },
  { method: 'POST', path: r('/containers/prune'), op: 'container prune' },
  { method: 'GET', path: r('/containers/{id}/json'), op: 'container inspect', weak: true },
  { method: 'POST', path: r('/containers/{id}/exec'), op: 'container exec' },
  { method: 'POST', path: r('/containers/{id}/attach'), op: 'container attach' },
  { method: 'POST', path: r('/containers/{id}/wait'), op: 'container wait', weak: true },
  { method: 'POST', path: r('/containers/{id}/start'), op: 'container start' },
  { method: 'POST', path: r('/containers/{id}/stop'), op: 'container stop' },
  { method: 'POST', path: r('/containers/{id}/kill'), op: 'container kill' },
  { method: 'POST', path: r('/containers/{id}/restart'), op: 'container restart' },
  { method: 'POST', path: r('/containers/{id}/pause'), op: 'container pause' },
  { method: 'POST', path: r('/containers/{id}/unpause'), op: 'container unpause' },
  { method: 'POST', path: r('/containers/{id}/rename'), op: 'container rename' },
  { method: 'POST', path: r('/containers/{id}/update'), op: 'container update' },
  { method: 'GET', path: r('/containers/{id}/top'), op: 'container top' },
  { method: 'GET', path: r('/containers/{id}/stats'), op: 'container stats' },
  { method: 'GET', path: r('/containers/{id}/changes'), op: 'container diff' },
  { method: 'GET', path: r('/containers/{id}/export'), op: 'container export' },
  { method: 'GET', path: r('/containers/{id}/logs'), op: 'container logs' },
  { method: 'GET', path: r('/containers/{id}/archive'), op: 'container cp' },
  { method: 'HEAD', path: r('/containers/{id}/archive'), op: 'container cp' },
  { method: 'PUT', path: r('/containers/{id}/archive'), op: 'container cp' },
  { method: 'DELETE', path: r('/containers/{id}'), op: 'container rm' },
  { method: 'DELETE', path: r('/containers'), op: 'container rm' }, // `rm ''`: Go cleans the path
  { method: 'POST', path: r('/commit'), op: 'container commit' },
  // images
  { method: 'GET', path: r('/images/json'), op: 'image ls' },
  { method: 'POST', path: r('/images/create'), op: 'image pull', query: (q) => 'fromImage' in q },
  { method: 'POST', path: r('/images/create'), op: 'image import', query: (q) => 'fromSrc' in q },
  { method: 'POST', path: r('/images/load'), op: 'image load' },
  { method: 'POST', path: r('/images/prune'), op: 'image prune' },
  { method: 'GET', path: r('/images/search'), op: 'search' },
  { method: 'GET', path: r('/images/get'), op: 'image save' },
  { method: 'GET', path: r('/images/{name}/get'), op: 'image save' },
  { method: 'GET', path: r('/images/{name}/history'), op: 'image history' },
  { method: 'GET', path: r('/images/{name}/json'), op: 'image inspect' },
  { method: 'POST', path: r('/images/{name}/push'), op: 'image push' },
  { method: 'POST', path: r('/images/{name}/tag'), op: 'image tag' },
  { method: 'DELETE', path: r('/images/{name}'), op: 'image rm' },
  { method: 'DELETE', path: r('/images'), op: 'image rm' }, // `rmi ''`
  { method: 'POST', path: r('/build'), op: 'image build' },
  { method: 'POST', path: r('/build/prune'), op: 'builder prune' },
  { method: 'GET', path: r('/distribution/{name}/json'), op: 'distribution inspect', weak: true },
  // system
  { method: 'GET', path: r('/info'), op: 'system info' },
  { method: 'GET', path: r('/version'), op: 'version' },
  { method: 'GET', path: r('/system/df'), op: 'system df' },
  { method: 'GET', path: r('/events'), op: 'system events' },
  { method: 'GET', path: r('/_dg_stdin'), op: 'system dial-stdio' },
  // networks
  { method: 'POST', path: r('/networks/create'), op: 'network create' },
  { method: 'POST', path: r('/networks/prune'), op: 'network prune' },
  { method: 'POST', path: r('/networks/{id}/connect'), op: 'network connect' },
  { method: 'POST', path: r('/networks/{id}/disconnect'), op: 'network disconnect' },
  { method: 'GET', path: r('/networks'), op: 'network ls' },
  { method: 'GET', path: r('/networks/{id}'), op: 'network inspect', weak: true },
  { method: 'DELETE', path: r('/networks/{id}'), op: 'network rm' },
  // volumes
  { method: 'POST', path: r('/volumes/create'), op: 'volume create' },
  { method: 'POST', path: r('/volumes/prune'), op: 'volume prune' },
  { method: 'GET', path: r('/volumes'), op: 'volume ls' },
  { method: 'GET', path: r('/volumes/{id}'), op: 'volume inspect' },
  { method: 'DELETE', path: r('/volumes/{id}'), op: 'volume rm' },
  // plugins
  { method: 'GET', path: r('/plugins'), op: 'plugin ls' },
  { method: 'GET', path: r('/plugins/privileges'), op: 'plugin install' },
  { method: 'POST', path: r('/plugins/pull'), op: 'plugin install' },
  { method: 'POST', path: r('/plugins/create'), op: 'plugin create' },
  { method: 'GET', path: r('/plugins/{id}/json'), op: 'plugin inspect' },
  { method: 'POST', path: r('/plugins/{id}/enable'), op: 'plugin enable' },
  { method: 'POST', path: r('/plugins/{id}/disable'), op: 'plugin disable' },
  { method: 'POST', path: r('/plugins/{id}/push'), op: 'plugin push' },
  { method: 'POST', path: r('/plugins/{id}/set'), op: 'plugin set' },
  { method: 'POST', path: r('/plugins/{id}/upgrade'), op: 'plugin upgrade' },
  { method: 'DELETE', path: r('/plugins/{id}'), op: 'plugin rm' },
  // swarm
  { method: 'POST', path: r('/swarm/init'), op: 'swarm init' },
  { method: 'POST', path: r('/swarm/join'), op: 'swarm join' },
  { method: 'POST', path: r('/swarm/leave'), op: 'swarm leave' },
  { method: 'POST', path: r('/swarm/update'), op: 'swarm update' },
  { method: 'POST', path: r('/swarm/unlock'), op: 'swarm unlock' },
  { method: 'GET', path: r('/swarm/unlockkey'), op: 'swarm unlock-key' },
  { method: 'GET', path: r('/nodes'), op: 'node ls' },
  { method: 'GET', path: r('/nodes/{id}'), op: 'node inspect' },
  { method: 'DELETE', path: r('/nodes/{id}'), op: 'node rm' },
  { method: 'GET', path: r('/services'), op: 'service ls', query: (q) => !('filters' in q) },
  // stack ls = the services that carry a stack label (cli/command/stack/swarm/list.go)
  { method: 'GET', path: r('/services'), op: 'stack ls', query: (q) => q.filters === '{"label":{"com.docker.stack.namespace":true}}' },
  // stack services, ps and rm look the stack's services up by its namespace label
  { method: 'GET', path: r('/services'), op: 'stack services', query: (q) => /^\{"label":\{"com\.docker\.stack\.namespace=/.test(q.filters ?? '') },
  { method: 'GET', path: r('/services'), op: 'service ls', query: (q) => 'filters' in q }, // service ps finds its services
  { method: 'GET', path: r('/tasks'), op: 'task ls' },
  { method: 'POST', path: r('/services/create'), op: 'service create' },
  { method: 'GET', path: r('/services/{id}'), op: 'service inspect' },
  { method: 'DELETE', path: r('/services/{id}'), op: 'service rm' },
  { method: 'GET', path: r('/configs'), op: 'config ls' },
  { method: 'POST', path: r('/configs/create'), op: 'config create' },
  { method: 'GET', path: r('/configs/{id}'), op: 'config inspect' },
  { method: 'DELETE', path: r('/configs/{id}'), op: 'config rm' },
  { method: 'GET', path: r('/secrets'), op: 'secret ls' },
  { method: 'POST', path: r('/secrets/create'), op: 'secret create' },
  { method: 'GET', path: r('/secrets/{id}'), op: 'secret inspect' },
  { method: 'DELETE', path: r('/secrets/{id}'), op: 'secret rm' },
];

/**
 * The rule for one request. Go's URL building cleans the path, so an odd name leaves an odd path:
 * `docker start .` asks `POST /containers/start`, `docker rm ''` `DELETE /containers`, a name with
 * slashes more segments. When no rule matches exactly, the id segment may be missing or span
 * slashes. (`/containers/./json` becomes `/containers/json` and looks like `ps`: random-cases.ts
 * does not use `.` as a name.)
 */
export function opOf(req: RecordedRequest): OpRule | undefined {
  const matches = (o: OpRule, path: RegExp): boolean => o.method === req.method && path.test(req.path) && (o.query?.(req.query) ?? true);
  // Loosened only where that cannot take another rule's path: an id in the middle, or a DELETE
  // (with the id last, an empty one leaves the collection's path: `GET /services/{id}` would take
  // `GET /services`, but nothing DELETEs a collection).
  const loosened = (o: OpRule): boolean => MIDDLE.has(o.path) || o.method === 'DELETE';
  return OPS.find((o) => matches(o, o.path)) ?? OPS.find((o) => loosened(o) && matches(o, LOOSE.get(o.path)!));
}

const isPing = (q: RecordedRequest): boolean => q.path === '/_ping';
const show = (q: RecordedRequest): string => `${q.method} ${q.path}`;

/** The API operation the recorded calls amount to, or undefined when there were none. */
export function classifyCalls(requests: readonly RecordedRequest[]): Outcome | undefined {
  const calls = requests.filter((q) => !isPing(q));
  if (calls.length === 0) return undefined;
  const shown = calls.map(show);
  const first = calls[0]!;
  // run = create + whatever follows on the new container (attach, or wait + start with -d).
  if (first.method === 'POST' && first.path === '/containers/create') {
    return { kind: 'op', op: calls.length > 1 ? 'container run' : 'container create', calls: shown };
  }
  // system prune starts like container prune (answered), then goes on with networks.
  if (first.method === 'POST' && first.path === '/containers/prune' && calls.length > 1) {
    if (calls[1]!.path !== '/networks/prune') return { kind: 'unclassified', detail: `unknown sequence: ${shown.join(', ')}` };
    // `--volumes` adds a volume prune: volumes are deleted.
    return calls.some((q) => q.path === '/volumes/prune') ? { kind: 'op', op: 'system prune', calls: shown, also: ['volume rm'] } : { kind: 'op', op: 'system prune', calls: shown };
  }
  const rules = calls.map((q) => ({ q, rule: opOf(q) }));
  const unknown = rules.filter((x) => x.rule === undefined);
  if (unknown.length > 0) return { kind: 'unclassified', detail: `unknown API call(s): ${unknown.map((x) => show(x.q)).join(', ')}` };
  const strong = [...new Set(rules.filter((x) => !x.rule!.weak).map((x) => x.rule!.op))];
  if (strong.length > 1) return { kind: 'unclassified', detail: `several operations: ${shown.join(', ')}` };
  const op = strong[0] ?? rules.at(-1)!.rule!.op;
  const also = calls.some((q) => q.method === 'DELETE' && q.path.startsWith('/containers') && ['1', 'true'].includes(q.query.v ?? '')) ? ['volume rm'] : [];
  return also.length > 0 ? { kind: 'op', op, calls: shown, also } : { kind: 'op', op, calls: shown };
}

/** The command path of the first `Usage:  docker …` line ('' for the root), if any. */
export function usagePath(text: string): string | undefined {
  const m = /^Usage:\s+docker((?: [a-z_][a-z0-9_-]*)*)/m.exec(text);
  return m ? m[1]!.trim() : undefined;
}

export function classify(o: Observation): Outcome {
  const calls = classifyCalls(o.requests);
  if (calls && o.plugins.length > 0) return { kind: 'unclassified', detail: 'API calls and a plugin run' };
  if (calls) return calls;
  if (o.plugins.length > 1) return { kind: 'unclassified', detail: `several plugins ran: ${o.plugins.map((p) => p.name).join(', ')}` };
  if (o.plugins.length === 1) return { kind: 'plugin', name: o.plugins[0]!.name, argv: o.plugins[0]!.argv };
  const text = `${o.stdout}\n${o.stderr}`;
  if (o.code === 0) {
    if (/^Docker version \d+\./.test(o.stdout)) return { kind: 'version' };
    const help = usagePath(text);
    if (help !== undefined) return { kind: 'help', path: help };
    return { kind: 'local' };
  }
  const message = o.stderr.trim().split('\n')[0] ?? '';
  const usage = usagePath(o.stderr);
  const commandLevel = usage !== undefined && usage !== '' && !/unknown command:/.test(message);
  return commandLevel ? { kind: 'rejected', code: o.code, command: usage, message } : { kind: 'rejected', code: o.code, message };
}

/** One word for the hard-coded expectation column: the op, `plugin:<name>`, `help`, `version`,
 * `local`, `error` (root, initialisation or unknown command), `error:<path>` (docker refused the
 * flags/arguments of the command it printed the usage of). */
export function summary(out: Outcome): string {
  switch (out.kind) {
    case 'op':
      return out.op;
    case 'plugin':
      return `plugin:${out.name}`;
    case 'rejected':
      return out.command === undefined ? 'error' : `error:${out.command}`;
    case 'unclassified':
      return `unclassified (${out.detail})`;
    default:
      return out.kind;
  }
}
