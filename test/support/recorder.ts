// A recording Docker Engine API endpoint on a unix socket (Node http; tests run under Node).
//
// Without `upstream` it answers like the [V-rec] setup of the shared docker-cli-grammar.md: `/_ping`
// as API 1.50, `GET /containers/<id>/json` as a minimal running container, `GET /version`,
// `POST /containers/create` as a created container, and 404 for everything else, so that the
// real docker 28 CLI stops right after the API call that identifies what an argv does (one more
// answer: the prunes, see below).
// With `upstream` (a real dockerd socket) every request is forwarded and recorded, including
// hijacked connections (`Connection: Upgrade` for attach and exec start), which are piped raw.
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface RecordedRequest {
  method: string;
  /** The URL path without the `/v1.NN` API-version prefix, still percent-encoded. */
  path: string;
  /** Query parameters, decoded; a repeated key keeps its last value. */
  query: Record<string, string>;
  /** The body parsed as JSON, when it is JSON. */
  body?: unknown;
  /** The body as text (at most MAX_BODY bytes are kept). For hijacked requests: the bytes the
   * `Content-Length` header announces, nothing of the raw stream after them. */
  rawBody: string;
  /** The value of an `X-Dg-Config` header, which a test's config.json can set (HttpHeaders) to
   *  tell which config dir the client used. */
  configMark?: string;
}

export interface Recorder {
  socketPath: string;
  /** `unix://` + socketPath, for DOCKER_HOST / `-H`. */
  host: string;
  requests: RecordedRequest[];
  clear(): void;
  stop(): Promise<void>;
}

export interface RecorderOptions {
  /** Path of a real dockerd unix socket to forward every request to. */
  upstream?: string;
  /** Where to make the socket's directory (default: os.tmpdir()). */
  parent?: string;
}

const MAX_BODY = 1 << 20;
const API_VERSION = '1.50';
export const FAKE_CONTAINER_ID = 'deadbeef'.repeat(8);

/** `/v1.50/containers/json` → `/containers/json`. */
export function stripVersion(p: string): string {
  return p.replace(/^\/v\d+(\.\d+)?(?=\/|$)/, '') || '/';
}

function splitUrl(url: string): { path: string; query: Record<string, string> } {
  const parsed = new URL(url, 'http://recorder');
  const query: Record<string, string> = {};
  for (const [k, v] of parsed.searchParams) query[k] = v;
  return { path: stripVersion(parsed.pathname), query };
}

function setBody(rec: RecordedRequest, chunks: Buffer[]): void {
  rec.rawBody = Buffer.concat(chunks).subarray(0, MAX_BODY).toString('utf8');
  if (rec.rawBody.length === 0) return;
  try {
    rec.body = JSON.parse(rec.rawBody);
  } catch {
    // not JSON (a tar stream, a form): rawBody only
  }
}

/** Collects at most MAX_BODY bytes of a stream. */
function collector(): { chunks: Buffer[]; add(b: Buffer): void } {
  const chunks: Buffer[] = [];
  let size = 0;
  return {
    chunks,
    add(b: Buffer) {
      if (size >= MAX_BODY) return;
      chunks.push(b);
      size += b.length;
    },
  };
}

function runningContainer(id: string): unknown {
  const now = '2025-01-01T00:00:00.000000000Z';
  return {
    Id: id,
    Created: now,
    Path: 'sh',
    Args: [],
    State: {
      Status: 'running', Running: true, Paused: false, Restarting: false, OOMKilled: false,
      Dead: false, Pid: 4242, ExitCode: 0, Error: '', StartedAt: now, FinishedAt: '0001-01-01T00:00:00Z',
    },
    Image: `sha256:${'0'.repeat(64)}`,
    Name: `/${id}`,
    RestartCount: 0,
    Driver: 'overlay2',
    Platform: 'linux',
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: '',
    HostConfig: { NetworkMode: 'none', RestartPolicy: { Name: 'no', MaximumRetryCount: 0 }, AutoRemove: false },
    Mounts: [],
    Config: {
      Hostname: id.slice(0, 12), Domainname: '', User: '', AttachStdin: false, AttachStdout: true,
      AttachStderr: true, Tty: false, OpenStdin: false, StdinOnce: false, Env: [], Cmd: ['sh'],
      Image: 'img', Volumes: null, WorkingDir: '', Entrypoint: null, Labels: {},
    },
    NetworkSettings: { Networks: {} },
  };
}

const VERSION = {
  Platform: { Name: 'Docker Engine - Community' },
  Components: [
    {
      Name: 'Engine',
      Version: '28.2.2',
      Details: { ApiVersion: API_VERSION, Arch: 'amd64', GitCommit: '45873be', GoVersion: 'go1.24.3', KernelVersion: '6.1.0', MinAPIVersion: '1.24', Os: 'linux' },
    },
  ],
  Version: '28.2.2',
  ApiVersion: API_VERSION,
  MinAPIVersion: '1.24',
  GitCommit: '45873be',
  GoVersion: 'go1.24.3',
  Os: 'linux',
  Arch: 'amd64',
  KernelVersion: '6.1.0',
  BuildTime: '2025-05-30T12:00:00.000000000+00:00',
};

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    'Api-Version': API_VERSION,
    'Ostype': 'linux',
    'Server': `Docker/28.2.2 (linux)`,
  });
  res.end(body);
}

/** The stand-alone answers (no upstream). */
function answer(method: string, p: string, res: http.ServerResponse): void {
  if (p === '/_ping' && (method === 'GET' || method === 'HEAD')) {
    res.writeHead(200, {
      'Api-Version': API_VERSION,
      'Ostype': 'linux',
      'Docker-Experimental': 'false',
      'Cache-Control': 'no-cache, no-store, must-revalidate',
      'Pragma': 'no-cache',
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': '2',
    });
    res.end(method === 'HEAD' ? undefined : 'OK');
    return;
  }
  const inspect = /^\/containers\/(.+)\/json$/.exec(p); // names with slashes too (random argv)
  if (method === 'GET' && inspect) {
    sendJson(res, 200, runningContainer(decodeURIComponent(inspect[1]!)));
    return;
  }
  if (method === 'GET' && p === '/version') {
    sendJson(res, 200, VERSION);
    return;
  }
  if (method === 'POST' && p === '/containers/create') {
    sendJson(res, 201, { Id: FAKE_CONTAINER_ID, Warnings: [] });
    return;
  }
  // Answered so that `system prune` goes on to its second call (POST /networks/prune) and can be
  // told apart from `container prune`, which stops here; and then through all of its prunes, so
  // that `--volumes` shows as a POST /volumes/prune.
  const pruned = PRUNE_ANSWERS[p];
  if (method === 'POST' && pruned) {
    sendJson(res, 200, pruned);
    return;
  }
  sendJson(res, 404, { message: 'not found' });
}

const PRUNE_ANSWERS: Readonly<Record<string, object>> = {
  '/containers/prune': { ContainersDeleted: null, SpaceReclaimed: 0 },
  '/networks/prune': { NetworksDeleted: null },
  '/volumes/prune': { VolumesDeleted: null, SpaceReclaimed: 0 },
  '/images/prune': { ImagesDeleted: null, SpaceReclaimed: 0 },
  '/build/prune': { CachesDeleted: null, SpaceReclaimed: 0 },
};

/** rawHeaders (name, value, name, value …) as an object that keeps repeated headers as arrays and
 * the names as sent; plain objects work on every Node version (arrays only on newer ones). */
function headerObject(raw: readonly string[]): http.OutgoingHttpHeaders {
  const out: Record<string, string | string[]> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    const value = raw[i + 1]!;
    const key = Object.keys(out).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name;
    const prev = out[key];
    out[key] = prev === undefined ? value : [...(Array.isArray(prev) ? prev : [prev]), value];
  }
  return out;
}

function rawRequestHead(req: http.IncomingMessage): string {
  let head = `${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`;
  for (let i = 0; i < req.rawHeaders.length; i += 2) head += `${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`;
  return `${head}\r\n`;
}

export async function startRecorder(opts: RecorderOptions = {}): Promise<Recorder> {
  const dir = mkdtempSync(path.join(opts.parent ?? os.tmpdir(), 'dg-rec-'));
  const socketPath = path.join(dir, 'docker.sock');
  const requests: RecordedRequest[] = [];
  const sockets = new Set<net.Socket>();
  const upstream = opts.upstream;
  // Keep-alive towards the daemon: with `Connection: close` (Node's default without an agent) Go
  // closes the connection right after answering, and Node's trailing empty write of end() then
  // fails with EPIPE before the answer is read (observed on about one exec create in five).
  const agent = new http.Agent({ keepAlive: true });

  const record = (req: http.IncomingMessage): RecordedRequest => {
    const { path: p, query } = splitUrl(req.url ?? '/');
    const mark = req.headers['x-dg-config'];
    const rec: RecordedRequest = { method: req.method ?? 'GET', path: p, query, rawBody: '', ...(typeof mark === 'string' ? { configMark: mark } : {}) };
    requests.push(rec);
    return rec;
  };

  const server = http.createServer((req, res) => {
    const rec = record(req);
    const body = collector();
    if (!upstream) {
      req.on('data', (b: Buffer) => body.add(b));
      req.on('end', () => {
        setBody(rec, body.chunks);
        answer(rec.method, rec.path, res);
      });
      req.on('error', () => res.destroy());
      return;
    }
    // The proxied request is HTTP/1.1, which Go's server refuses without a Host header (a raw
    // HTTP/1.0 request typed into `docker system dial-stdio` may lack one).
    const headers = headerObject(req.headers.host === undefined ? [...req.rawHeaders, 'Host', 'docker'] : req.rawHeaders);
    const out = http.request({ socketPath: upstream, method: req.method, path: req.url, headers, agent }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.statusMessage, headerObject(up.rawHeaders));
      // Streaming answers (wait, events, logs -f) send headers long before any body.
      res.flushHeaders();
      up.pipe(res);
      up.on('error', () => res.destroy());
    });
    out.on('error', (err) => {
      if (!res.headersSent) sendJson(res, 502, { message: `recorder: upstream: ${err.message}` });
      else res.destroy();
    });
    req.on('data', (b: Buffer) => body.add(b));
    req.on('end', () => setBody(rec, body.chunks));
    req.pipe(out);
    // The client went away before the answer was complete: drop the upstream request too.
    res.on('close', () => {
      if (!res.writableFinished) out.destroy();
    });
  });

  // Node's http server closes a connection as soon as the client half-closes it, dropping the
  // pending answer; `docker system dial-stdio` half-closes after the request (CloseWrite).
  (server as unknown as { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;

  // Hijacked connections: the docker client sends `Connection: Upgrade`, `Upgrade: tcp`.
  server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    const rec = record(req);
    const announced = Number(req.headers['content-length'] ?? 0) || 0;
    const body = collector();
    let seen = 0;
    const tee = (b: Buffer) => {
      if (seen >= announced) return;
      const part = b.subarray(0, announced - seen);
      seen += part.length;
      body.add(part);
      setBody(rec, body.chunks);
    };
    if (head.length > 0) tee(head);
    if (!upstream) {
      const text = JSON.stringify({ message: 'not found' });
      socket.on('data', tee);
      socket.on('error', () => socket.destroy());
      socket.end(
        `HTTP/1.1 404 Not Found\r\nApi-Version: ${API_VERSION}\r\nOstype: linux\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
      );
      return;
    }
    const up = net.connect({ path: upstream, allowHalfOpen: true });
    sockets.add(up);
    up.on('close', () => sockets.delete(up));
    up.write(rawRequestHead(req));
    if (head.length > 0) up.write(head);
    socket.on('data', tee);
    socket.pipe(up);
    up.pipe(socket);
    const kill = () => {
      socket.destroy();
      up.destroy();
    };
    socket.on('error', kill);
    up.on('error', kill);
    socket.on('close', () => up.end());
    up.on('close', () => socket.end());
  });

  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });

  let stopped: Promise<void> | undefined;
  return {
    socketPath,
    host: `unix://${socketPath}`,
    requests,
    clear() {
      requests.length = 0;
    },
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        agent.destroy();
      }).finally(() => rmSync(dir, { recursive: true, force: true }));
      return stopped;
    },
  };
}
