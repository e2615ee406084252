import { nodePath } from '../node-builtins.js';
import { joinsNamedNetwork, type ContainerRequest, type HostPathMount, type NamedVolumeMount } from '../container/container-request.js';
import { isVolumeName, localVolumeMount } from '../container/local-volume.js';
import { endpointSysctls, ENDPOINT_SYSCTLS } from '../container/network-spec.js';
import { composeBindSource } from './compose-capabilities.js';
import {
  BIND_KEYS, checkKeys, FILE_OBJECT_KEYS, get, isObject, ModelShapeError, MOUNT_KEYS, NETWORK_KEYS, optArray, optBool,
  optObject, optString, PROJECT_KEYS, SERVICE_KEYS, stringList, stringMap, unescapeModel, VOLUME_KEYS, type Json,
  type JsonObject,
} from './model-shape.js';

// A compose service (from `config --format json`) as the ContainerRequest the daemon would get
// (compose v2.36.2 pkg/compose/create.go getCreateConfigs, buildContainerVolumes, buildMount,
// buildContainerSecretMounts/ConfigMounts, defaultNetworkSettings), and the top-level volumes as
// the local volume driver would mount them. Pure; throws ModelShapeError on anything unexpected.

export interface ComposeViolation {
  readonly rule: string;
  readonly reason: string;
}

export interface Project {
  /** The project's name ('' when the model has none). */
  readonly name: string;
  readonly services: ReadonlyMap<string, JsonObject>;
  readonly volumes: ReadonlyMap<string, JsonObject>;
  readonly networks: ReadonlyMap<string, JsonObject>;
  readonly secrets: ReadonlyMap<string, JsonObject>;
  readonly configs: ReadonlyMap<string, JsonObject>;
}

export function readProject(model: unknown): Project {
  const root = unescapeModel(model);
  if (!isObject(root)) throw new ModelShapeError('model', 'expected a JSON object');
  checkKeys(root, PROJECT_KEYS, 'model');
  const name = optString(root, 'name', 'model') ?? '';
  if (!isObject(get(root, 'services'))) throw new ModelShapeError('model.services', 'expected an object');
  const section = (key: string, known: ReadonlySet<string> | undefined): Map<string, JsonObject> => {
    const o = optObject(root, key, 'model');
    const out = new Map<string, JsonObject>();
    for (const [name, v] of Object.entries(o ?? {})) {
      const where = `${key}.${name}`;
      if (v === null) {
        out.set(name, Object.create(null) as JsonObject);
        continue;
      }
      if (!isObject(v)) throw new ModelShapeError(where, 'expected an object');
      if (known) checkKeys(v, known, where);
      out.set(name, v);
    }
    return out;
  };
  const services = section('services', SERVICE_KEYS);
  if (optObject(root, 'models', 'model') && Object.keys(optObject(root, 'models', 'model')!).length > 0) {
    throw new ModelShapeError('model.models', 'AI models are served by the docker model plugin, which docker-guard does not model');
  }
  return {
    name,
    services,
    volumes: section('volumes', VOLUME_KEYS),
    networks: section('networks', NETWORK_KEYS),
    secrets: section('secrets', FILE_OBJECT_KEYS),
    configs: section('configs', FILE_OBJECT_KEYS),
  };
}

/** A namespace reference as the daemon gets it: compose turns `service:x` into `container:<id>`. */
function namespaceValue(v: string): string {
  return v.startsWith('service:') ? `container:${v.slice('service:'.length)}` : v;
}

export function serviceRequest(
  project: Project, name: string, svc: JsonObject, cwd: string, allowed: (c: string) => boolean = () => false,
): { request: ContainerRequest; violation?: ComposeViolation } {
  const origins: Record<string, string[]> = {};
  const origin = (key: string, text: string): void => {
    (origins[key] ??= []).push(text);
  };
  let violation: ComposeViolation | undefined;
  const flag = (v: ComposeViolation): void => {
    violation ??= v;
  };

  const privileged = optBool(svc, 'privileged', name);
  if (privileged) origin('privileged', '`privileged: true`');

  const capAdd = stringList(svc, 'cap_add', name);
  capAdd.forEach((c, i) => origin('capAdd', `cap_add[${i}] (${c})`));

  const devices = optArray(svc, 'devices', name).map((d, i) => {
    const text = deviceText(d, `${name}.devices[${i}]`);
    origin('devices', `devices[${i}] (${text})`);
    return text;
  });
  const deviceCgroupRules = stringList(svc, 'device_cgroup_rules', name);
  deviceCgroupRules.forEach((r, i) => origin('deviceCgroupRules', `device_cgroup_rules[${i}] (${r})`));

  const gpus: string[] = [];
  optArray(svc, 'gpus', name).forEach((g, i) => {
    gpus.push(deviceRequestText(g, `${name}.gpus[${i}]`));
    origin('gpus', `gpus[${i}]`);
  });
  const deploy = optObject(svc, 'deploy', name);
  const resources = deploy ? optObject(deploy, 'resources', `${name}.deploy`) : undefined;
  for (const part of ['reservations', 'limits']) {
    const r = resources ? optObject(resources, part, `${name}.deploy.resources`) : undefined;
    if (!r) continue;
    optArray(r, 'devices', `${name}.deploy.resources.${part}`).forEach((d, i) => {
      gpus.push(deviceRequestText(d, `${name}.deploy.resources.${part}.devices[${i}]`));
      origin('gpus', `deploy.resources.${part}.devices[${i}]`);
    });
  }

  const securityOpt = stringList(svc, 'security_opt', name);
  securityOpt.forEach((s, i) => origin('securityOpt', `security_opt[${i}] (${s})`));
  const annotations = stringMap(svc, 'annotations', name).map(([k, v]) => `${k}=${v}`);
  annotations.forEach((a) => origin('annotations', `annotations (${a})`));

  const namespaces: Partial<Record<'pid' | 'ipc' | 'uts' | 'userns' | 'cgroupns' | 'network', string>> = {};
  for (const [key, ns] of [['pid', 'pid'], ['ipc', 'ipc'], ['uts', 'uts'], ['userns_mode', 'userns'], ['cgroup', 'cgroupns']] as const) {
    const v = optString(svc, key, name);
    if (v === undefined || v === '') continue;
    namespaces[ns] = namespaceValue(v);
    origin(ns, `\`${key}: ${v}\``);
  }
  const networks: string[] = [];
  const existingNetworks: string[] = [];
  const endpointSysctlValues: string[] = [];
  const networkMode = optString(svc, 'network_mode', name);
  const legacyNet = optString(svc, 'net', name);
  if (networkMode !== undefined && networkMode !== '') {
    networks.push(namespaceValue(networkMode));
    if (joinsNamedNetwork(namespaceValue(networkMode))) existingNetworks.push(namespaceValue(networkMode));
    origin('networks', `\`network_mode: ${networkMode}\``);
  } else {
    const attached = optObject(svc, 'networks', name) ?? (Object.create(null) as JsonObject);
    const entries = Object.entries(attached).map(([key, cfg]) => {
      const where = `${name}.networks.${key}`;
      const priority = isObject(cfg) && typeof get(cfg, 'priority') === 'number' ? (get(cfg, 'priority') as number) : 0;
      if (cfg !== null && !isObject(cfg)) throw new ModelShapeError(where, 'expected an object');
      const top = project.networks.get(key);
      if (!top) throw new ModelShapeError(where, `network "${key}" is not declared at the top level`);
      // The attachment's driver options are the endpoint's (compose createEndpointSettings).
      const opts = isObject(cfg) ? [...stringMap(cfg, 'driver_opts', where)].map(([k, v]) => ({ key: k, value: v })) : [];
      for (const s of endpointSysctls(opts)) {
        endpointSysctlValues.push(s);
        origin('endpointSysctls', `networks.${key}.driver_opts (${ENDPOINT_SYSCTLS}: ${s})`);
      }
      return { key, priority, moby: optString(top, 'name', `networks.${key}`) ?? key, external: optBool(top, 'external', `networks.${key}`) };
    });
    // types.ServiceConfig.NetworksByPriority: highest priority first, then by key.
    entries.sort((a, b) => b.priority - a.priority || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const e of entries) {
      networks.push(e.moby);
      if (e.external && joinsNamedNetwork(e.moby)) existingNetworks.push(e.moby);
      origin('networks', `networks.${e.key} (the ${e.external ? 'external ' : ''}network named "${e.moby}")`);
    }
  }
  if (legacyNet !== undefined && legacyNet !== '') {
    networks.push(namespaceValue(legacyNet));
    if (joinsNamedNetwork(namespaceValue(legacyNet))) existingNetworks.push(namespaceValue(legacyNet));
    origin('networks', `\`net: ${legacyNet}\``);
  }
  if (networks.length > 0) namespaces.network = networks[0]!;

  const volumesFrom = stringList(svc, 'volumes_from', name);
  volumesFrom.forEach((v, i) => origin('volumesFrom', `volumes_from[${i}] (${v})`));

  const cgroupParent = optString(svc, 'cgroup_parent', name);
  if (cgroupParent !== undefined) origin('cgroupParent', `\`cgroup_parent: ${cgroupParent}\``);
  const runtime = optString(svc, 'runtime', name);
  if (runtime !== undefined) origin('runtime', `\`runtime: ${runtime}\``);

  let sysctls: string[];
  const rawSysctls = get(svc, 'sysctls');
  if (Array.isArray(rawSysctls)) sysctls = stringList(svc, 'sysctls', name);
  else sysctls = stringMap(svc, 'sysctls', name).map(([k, v]) => `${k}=${v}`);
  sysctls.forEach((s, i) => origin('sysctls', `sysctls[${i}] (${s})`));

  const useApiSocket = optBool(svc, 'use_api_socket', name);
  if (useApiSocket) origin('useApiSocket', '`use_api_socket: true`');

  const logging = optObject(svc, 'logging', name);
  const logDriver = logging ? optString(logging, 'driver', `${name}.logging`) : undefined;
  if (logDriver !== undefined) origin('logDriver', `\`logging.driver: ${logDriver}\``);
  const logOptions = logging ? stringMap(logging, 'options', `${name}.logging`).map(([k, v]) => `${k}=${v}`) : [];
  logOptions.forEach((l, i) => origin('logOptions', `logging.options (${l})`));

  const ioDevices: string[] = [];
  const blkio = optObject(svc, 'blkio_config', name);
  for (const key of ['weight_device', 'device_read_bps', 'device_write_bps', 'device_read_iops', 'device_write_iops']) {
    optArray(blkio ?? (Object.create(null) as JsonObject), key, `${name}.blkio_config`).forEach((d, i) => {
      const where = `${name}.blkio_config.${key}[${i}]`;
      if (!isObject(d)) throw new ModelShapeError(where, 'expected an object');
      const p = optString(d, 'path', where) ?? '';
      ioDevices.push(p);
      origin('ioDevices', `blkio_config.${key}[${i}] (${p})`);
    });
  }
  const rawTmpfs = get(svc, 'tmpfs');
  const tmpfs = typeof rawTmpfs === 'string' ? [rawTmpfs] : stringList(svc, 'tmpfs', name);
  tmpfs.forEach((t, i) => origin('tmpfs', `tmpfs[${i}] (${t})`));

  const publish = optArray(svc, 'ports', name).map((p, i) => {
    const text = portText(p, `${name}.ports[${i}]`);
    origin('publish', `ports[${i}] (${text})`);
    return text;
  });

  const volumeDriver = optString(svc, 'volume_driver', name);
  if (volumeDriver !== undefined && volumeDriver !== '' && volumeDriver !== 'local' && !allowed('volume create')) {
    flag({ rule: 'compose-volume', reason: `\`volume_driver: ${volumeDriver}\` creates the service's volumes with a volume plugin: only the local driver is allowed` });
  }

  const hostPaths: HostPathMount[] = [];
  const namedVolumes: NamedVolumeMount[] = [];
  optArray(svc, 'volumes', name).forEach((m, i) => {
    const where = `${name}.volumes[${i}]`;
    if (!isObject(m)) throw new ModelShapeError(where, 'expected the long syntax compose prints');
    checkKeys(m, MOUNT_KEYS, where);
    const type = optString(m, 'type', where);
    const source = optString(m, 'source', where);
    const target = optString(m, 'target', where) ?? '';
    const readOnly = optBool(m, 'read_only', where);
    switch (type) {
      case 'bind': {
        const bind = optObject(m, 'bind', where);
        if (bind) checkKeys(bind, BIND_KEYS, `${where}.bind`);
        const options = [
          ...(readOnly ? ['ro'] : []),
          ...(['propagation', 'selinux'] as const).map((k) => (bind ? optString(bind, k, `${where}.bind`) : undefined)).filter((o): o is string => !!o),
        ].map((o) => o.toLowerCase());
        const resolved = source === undefined ? undefined : composeBindSource(source, cwd);
        hostPaths.push({ source: resolved ?? source ?? '', target, options, origin: `volumes[${i}]` });
        break;
      }
      case 'volume': {
        if (source === undefined || source === '') break; // anonymous
        const top = project.volumes.get(source);
        if (!top) {
          const bad = badVolumeName(source);
          if (bad !== undefined) flag({ rule: 'compose-volume', reason: `volumes[${i}] uses the volume ${bad}` });
          namedVolumes.push({ name: source, target, origin: `volumes[${i}]` });
          break;
        }
        const r = volumeResource(source, top, allowed);
        if (r.kind === 'violation') flag({ rule: r.rule, reason: `volumes[${i}] uses ${r.what}: ${r.verdict}` });
        if (r.kind === 'bind') hostPaths.push({ source: r.device, target, options: [...(readOnly ? ['ro'] : []), ...r.options], origin: `volumes[${i}] (volume "${source}", ${r.origin})` });
        namedVolumes.push({ name: optString(top, 'name', `volumes.${source}`) ?? source, target, origin: `volumes[${i}]` });
        break;
      }
      case 'tmpfs': case 'image':
        break;
      default:
        throw new ModelShapeError(where, `mount type ${JSON.stringify(type)} is not one docker-guard knows`);
    }
  });

  for (const [kind, section, dir] of [['secrets', project.secrets, '/run/secrets/'], ['configs', project.configs, '/']] as const) {
    optArray(svc, kind, name).forEach((ref, i) => {
      const where = `${name}.${kind}[${i}]`;
      const src = typeof ref === 'string' ? ref : isObject(ref) ? optString(ref, 'source', where) : undefined;
      if (src === undefined) throw new ModelShapeError(where, 'expected a source');
      const top = section.get(src);
      if (!top) throw new ModelShapeError(where, `${kind.slice(0, -1)} "${src}" is not declared at the top level`);
      const topWhere = `${kind}.${src}`;
      if (optBool(top, 'external', topWhere)) return; // compose refuses external secrets/configs
      if ((optString(top, 'environment', topWhere) ?? '') !== '') return; // copied in, not bound
      if (kind === 'configs' && (optString(top, 'content', topWhere) ?? '') !== '') return;
      const file = optString(top, 'file', topWhere) ?? '';
      const tgt = isObject(ref) ? optString(ref, 'target', where) : undefined;
      const target = tgt === undefined || tgt === '' ? dir + src : tgt.startsWith('/') ? tgt : dir + tgt;
      const source = composeBindSource(file, cwd) ?? file;
      hostPaths.push({ source, target, options: ['ro'], origin: `${kind}[${i}] (the file of ${kind.slice(0, -1)} "${src}")` });
    });
  }

  const image = optString(svc, 'image', name);
  const command = commandOf(get(svc, 'command'), `${name}.command`);
  const request: ContainerRequest = {
    hostPaths, namedVolumes, privileged, capAdd, devices, deviceCgroupRules, gpus, securityOpt, namespaces,
    volumesFrom, sysctls, useApiSocket, publish, publishAll: false, networks, origins, logOptions, ioDevices, tmpfs,
    ...(existingNetworks.length === 0 ? {} : { existingNetworks }),
    ...(endpointSysctlValues.length === 0 ? {} : { endpointSysctls: endpointSysctlValues }),
    ...(logDriver === undefined ? {} : { logDriver }),
    ...(cgroupParent === undefined ? {} : { cgroupParent }),
    ...(runtime === undefined ? {} : { runtime }),
    ...(annotations.length === 0 ? {} : { annotations }),
    ...(image === undefined ? {} : { image }),
    ...(command === undefined ? {} : { command }),
  };
  return violation ? { request, violation } : { request };
}

export function commandOf(v: Json | undefined, where: string): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  throw new ModelShapeError(where, 'expected a command');
}

function deviceText(d: Json, where: string): string {
  if (typeof d === 'string') return d;
  if (!isObject(d)) throw new ModelShapeError(where, 'expected a device');
  const parts = [optString(d, 'source', where) ?? '', optString(d, 'target', where), optString(d, 'permissions', where)];
  return parts.filter((p) => p !== undefined && p !== '').join(':');
}

function deviceRequestText(d: Json, where: string): string {
  if (!isObject(d)) throw new ModelShapeError(where, 'expected a device request');
  const count = get(d, 'count');
  const parts = [
    optString(d, 'driver', where) ? `driver=${optString(d, 'driver', where)}` : '',
    count === -1 ? 'count=all' : typeof count === 'number' ? `count=${count}` : '',
    stringList(d, 'device_ids', where).length ? `device_ids=${stringList(d, 'device_ids', where).join(',')}` : '',
    stringList(d, 'capabilities', where).length ? `capabilities=${stringList(d, 'capabilities', where).join(',')}` : '',
  ].filter((p) => p !== '');
  return parts.join(' ') || 'a device request';
}

function portText(p: Json, where: string): string {
  if (typeof p === 'string') return p;
  if (typeof p === 'number') return String(p);
  if (!isObject(p)) throw new ModelShapeError(where, 'expected a port');
  const hostIp = optString(p, 'host_ip', where);
  const published = optString(p, 'published', where) ?? (typeof get(p, 'published') === 'number' ? String(get(p, 'published')) : undefined);
  const target = get(p, 'target');
  const protocol = optString(p, 'protocol', where);
  const host = [hostIp, published].filter((x) => x !== undefined && x !== '').join(':');
  return `${host ? `${host}:` : ''}${typeof target === 'number' || typeof target === 'string' ? target : '?'}${protocol ? `/${protocol}` : ''}`;
}

export type VolumeResource =
  | { kind: 'none' }
  | { kind: 'bind'; device: string; options: string[]; origin: string }
  | { kind: 'violation'; rule: string; what: string; verdict: string };

/**
 * A top-level volume as the daemon's volume driver will treat it. The local driver runs
 * mount(device, <volume dir>, type, o): with `o` containing bind/rbind (or type none) the
 * `device` is a host path bind-mounted into every container that uses the volume; with another
 * type it mounts a block device, an overlay of host directories or a network file system.
 */
/** Why compose could not pass this as a volume's name, or undefined. compose mounts a volume by its
 *  name as a bind string (`NAME:/target`, pkg/compose/create.go buildContainerVolumes), where the
 *  daemon reads a source starting with `/` as a host path: red-team round 22's `name: "/"` was a
 *  writable bind of the host's root (and the client's path.Join turned its inspect into a list). */
export function badVolumeName(name: string): string | undefined {
  if (isVolumeName(name)) return undefined;
  return `${JSON.stringify(name)} is not a volume name docker takes ([A-Za-z0-9][A-Za-z0-9_.-]*): compose would hand it to the daemon as the source of the mount${name.startsWith('/') ? ', where it is a host path' : ''}`;
}

export function volumeResource(key: string, vol: JsonObject, allowed: (c: string) => boolean = () => false): VolumeResource {
  const where = `volumes.${key}`;
  const bad = badVolumeName(optString(vol, 'name', where) || key);
  if (bad !== undefined) return { kind: 'violation', rule: 'compose-volume', what: `the volume "${key}"`, verdict: bad };
  if (optBool(vol, 'external', where)) return { kind: 'none' }; // exists already: only its name is used
  const driver = optString(vol, 'driver', where) ?? '';
  const opts = new Map(stringMap(vol, 'driver_opts', where));
  if (driver !== '' && driver !== 'local') {
    if (allowed('volume create')) return { kind: 'none' };
    return { kind: 'violation', rule: 'compose-volume', what: `the volume "${key}" with \`driver: ${driver}\`, a volume plugin`, verdict: 'only the local driver is allowed unless the policy allows `volume create`' };
  }
  const local = localVolumeMount(opts);
  if (local.kind === 'none') return local;
  if (local.kind === 'bind') return { kind: 'bind', device: local.device, options: [...local.options], origin: 'driver_opts device' };
  return { kind: 'violation', rule: local.bindRule ? 'bind-mount' : 'compose-volume', what: `the volume "${key}", whose driver_opts ${local.why}`, verdict: 'not allowed' };
}
