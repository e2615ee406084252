import { createHash } from 'node:crypto';
import { get, isObject, type Json, type JsonObject } from './model-shape.js';

// The hash compose labels its volumes with (com.docker.compose.config-hash): compose v2.36.2
// pkg/compose/hash.go VolumeHash = sha256 of Go's json.Marshal of compose-go v2.6.4's
// VolumeConfig (fields name, driver, driver_opts, external, labels, in that order, each omitted
// when empty; the driver "" counted as "local"; map keys sorted). When an existing volume's label
// differs, `up`/`create`/`run` offer to delete and recreate it (create.go ensureVolume).

export const CONFIG_HASH_LABEL = 'com.docker.compose.config-hash';

/** The hash compose would compute for this model volume, or undefined when docker-guard cannot be
 *  sure to serialise it as Go does (anything outside printable ASCII, unexpected value types). */
export function composeVolumeHash(vol: JsonObject): string | undefined {
  const name = get(vol, 'name');
  const driver = get(vol, 'driver');
  const external = get(vol, 'external');
  if ((name !== undefined && typeof name !== 'string') || (driver !== undefined && typeof driver !== 'string')) return undefined;
  if (external !== undefined && typeof external !== 'boolean') return undefined;
  const nameJson = typeof name === 'string' && name !== '' ? goString(name) : '';
  const driverJson = goString(typeof driver === 'string' && driver !== '' ? driver : 'local');
  const optsJson = goMap(get(vol, 'driver_opts'));
  const labelsJson = goMap(get(vol, 'labels'));
  if (nameJson === undefined || driverJson === undefined || optsJson === undefined || labelsJson === undefined) return undefined;
  const parts: string[] = [];
  if (nameJson !== '') parts.push(`"name":${nameJson}`);
  parts.push(`"driver":${driverJson}`);
  if (optsJson !== '') parts.push(`"driver_opts":${optsJson}`);
  if (external === true) parts.push('"external":true');
  if (labelsJson !== '') parts.push(`"labels":${labelsJson}`);
  return createHash('sha256').update(`{${parts.join(',')}}`).digest('hex');
}

/** A string map as Go marshals it: '' for an empty or missing map (omitempty), undefined if unsure. */
function goMap(v: Json | undefined): string | undefined {
  if (v === undefined || v === null) return '';
  if (!isObject(v)) return undefined;
  const keys = Object.keys(v).sort();
  if (keys.length === 0) return '';
  const out: string[] = [];
  for (const k of keys) {
    const x = get(v, k);
    if (typeof x !== 'string') return undefined;
    const key = goString(k);
    const value = goString(x);
    if (key === undefined || value === undefined) return undefined;
    out.push(`${key}:${value}`);
  }
  return `{${out.join(',')}}`;
}

/** Go's encoding of a printable-ASCII string (HTML characters escaped as Go does); undefined otherwise. */
function goString(s: string): string | undefined {
  if (!/^[\x20-\x7e]*$/.test(s)) return undefined;
  return `"${s.replace(/[\\"<>&]/g, (c) => (c === '\\' ? '\\\\' : c === '"' ? '\\"' : `\\u00${c.charCodeAt(0).toString(16)}`))}"`;
}
