// Reading `docker compose config --format json` output as untrusted JSON. Every accessor checks
// the type it expects and throws ModelShapeError otherwise; the caller turns that into a refusal.
// Objects are copied onto null prototypes so that keys such as `__proto__` or `constructor` are
// plain data, and lookups never reach Object.prototype.

export class ModelShapeError extends Error {
  constructor(readonly where: string, what: string) {
    super(`${where}: ${what}`);
  }
}

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  readonly [key: string]: Json;
}

const MAX_DEPTH = 64;

/**
 * A deep copy with compose's `$` escaping undone: `config` doubles every `$` in its output so that
 * the text can be loaded again without interpolation (cmd/compose/config.go escapeDollarSign:
 * bytes.ReplaceAll(out, "$", "$$")), in keys and values alike. The model compose runs with has
 * the single `$`; a path compared as `a$$b` would not be the path the daemon mounts.
 */
export function unescapeModel(value: unknown, where = 'model', depth = 0): Json {
  if (depth > MAX_DEPTH) throw new ModelShapeError(where, 'nested too deeply');
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ModelShapeError(where, 'not a finite number');
    return value;
  }
  if (typeof value === 'string') return value.replaceAll('$$', '$');
  if (Array.isArray(value)) return value.map((v, i) => unescapeModel(v, `${where}[${i}]`, depth + 1));
  const proto = typeof value === 'object' ? (Object.getPrototypeOf(value) as unknown) : undefined;
  if (typeof value === 'object' && (proto === Object.prototype || proto === null)) {
    const out = Object.create(null) as Record<string, Json>;
    for (const [k, v] of Object.entries(value)) {
      const key = k.replaceAll('$$', '$');
      if (Object.prototype.hasOwnProperty.call(out, key)) throw new ModelShapeError(where, `two keys read as ${JSON.stringify(key)}`);
      out[key] = unescapeModel(v, `${where}.${key}`, depth + 1);
    }
    return out;
  }
  throw new ModelShapeError(where, `unexpected ${typeof value}`);
}

export function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function has(o: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

/** o[key] when o owns it. */
export function get(o: JsonObject, key: string): Json | undefined {
  return has(o, key) ? o[key] : undefined;
}

export function optObject(o: JsonObject, key: string, where: string): JsonObject | undefined {
  const v = get(o, key);
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw new ModelShapeError(`${where}.${key}`, 'expected an object');
  return v;
}

export function optArray(o: JsonObject, key: string, where: string): readonly Json[] {
  const v = get(o, key);
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new ModelShapeError(`${where}.${key}`, 'expected a list');
  return v;
}

export function optString(o: JsonObject, key: string, where: string): string | undefined {
  const v = get(o, key);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new ModelShapeError(`${where}.${key}`, 'expected a string');
  return v;
}

export function optBool(o: JsonObject, key: string, where: string): boolean {
  const v = get(o, key);
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw new ModelShapeError(`${where}.${key}`, 'expected true or false');
  return v;
}

export function stringList(o: JsonObject, key: string, where: string): string[] {
  return optArray(o, key, where).map((v, i) => {
    if (typeof v !== 'string') throw new ModelShapeError(`${where}.${key}[${i}]`, 'expected a string');
    return v;
  });
}

/** A map of strings (`sysctls`, `driver_opts`, …); numbers and bools are shown as compose would. */
export function stringMap(o: JsonObject, key: string, where: string): [string, string][] {
  const m = optObject(o, key, where);
  if (!m) return [];
  return Object.entries(m).map(([k, v]) => {
    if (typeof v === 'string') return [k, v];
    if (typeof v === 'number' || typeof v === 'boolean') return [k, String(v)];
    if (v === null) return [k, ''];
    throw new ModelShapeError(`${where}.${key}.${k}`, 'expected a string');
  });
}

/** Keys that are not in `known` (extensions `x-…` are allowed: compose ignores them). */
export function checkKeys(o: JsonObject, known: ReadonlySet<string>, where: string): void {
  for (const key of Object.keys(o)) {
    if (!known.has(key) && !key.startsWith('x-')) {
      throw new ModelShapeError(where, `unknown key ${JSON.stringify(key)} (a newer compose? docker-guard cannot judge what it does)`);
    }
  }
}

/** The JSON keys of compose-go's types (types/types.go ServiceConfig & co.): v2.6.4 (compose
 *  v2.36.2) plus what later releases added, read up to v2.13 and the v3 alpha: use_api_socket
 *  (v2.6.5), models (v2.7), pre_start (v2.13), build provenance/sbom/no_cache_filter. */
export const SERVICE_KEYS: ReadonlySet<string> = new Set([
  'profiles', 'annotations', 'attach', 'build', 'develop', 'blkio_config', 'cap_add', 'cap_drop', 'cgroup_parent',
  'cgroup', 'cpu_count', 'cpu_percent', 'cpu_period', 'cpu_quota', 'cpu_rt_period', 'cpu_rt_runtime', 'cpus',
  'cpuset', 'cpu_shares', 'command', 'configs', 'container_name', 'credential_spec', 'depends_on', 'deploy',
  'device_cgroup_rules', 'devices', 'dns', 'dns_opt', 'dns_search', 'dockerfile', 'domainname', 'entrypoint',
  'provider', 'environment', 'env_file', 'expose', 'extends', 'external_links', 'extra_hosts', 'group_add', 'gpus',
  'hostname', 'healthcheck', 'image', 'init', 'ipc', 'isolation', 'labels', 'label_file', 'links', 'logging',
  'log_driver', 'log_opt', 'mem_limit', 'mem_reservation', 'memswap_limit', 'mem_swappiness', 'mac_address',
  'models', 'net', 'network_mode', 'networks', 'oom_kill_disable', 'oom_score_adj', 'pid', 'pids_limit',
  'platform', 'ports', 'privileged', 'pull_policy', 'read_only', 'restart', 'runtime', 'scale', 'secrets',
  'security_opt', 'shm_size', 'stdin_open', 'stop_grace_period', 'stop_signal', 'storage_opt', 'sysctls', 'tmpfs',
  'tty', 'ulimits', 'use_api_socket', 'user', 'userns_mode', 'uts', 'volume_driver', 'volumes', 'volumes_from',
  'working_dir', 'pre_start', 'post_start', 'pre_stop',
]);

export const MOUNT_KEYS: ReadonlySet<string> = new Set(['type', 'source', 'target', 'read_only', 'consistency', 'bind', 'volume', 'tmpfs', 'image']);
export const BIND_KEYS: ReadonlySet<string> = new Set(['selinux', 'propagation', 'create_host_path', 'recursive']);
export const BUILD_KEYS: ReadonlySet<string> = new Set([
  'context', 'dockerfile', 'dockerfile_inline', 'entitlements', 'args', 'provenance', 'sbom', 'ssh', 'labels',
  'cache_from', 'cache_to', 'no_cache', 'no_cache_filter', 'additional_contexts', 'pull', 'extra_hosts', 'isolation',
  'network', 'target', 'secrets', 'shm_size', 'tags', 'ulimits', 'platforms', 'privileged',
]);
export const PROJECT_KEYS: ReadonlySet<string> = new Set(['name', 'services', 'networks', 'volumes', 'secrets', 'configs', 'models']);
export const VOLUME_KEYS: ReadonlySet<string> = new Set(['name', 'driver', 'driver_opts', 'external', 'labels']);
export const NETWORK_KEYS: ReadonlySet<string> = new Set([
  'name', 'driver', 'driver_opts', 'ipam', 'external', 'internal', 'attachable', 'labels', 'enable_ipv4', 'enable_ipv6',
]);
export const FILE_OBJECT_KEYS: ReadonlySet<string> = new Set([
  'name', 'file', 'environment', 'content', 'external', 'labels', 'driver', 'driver_opts', 'template_driver',
]);
