import { readFirstCsvRecord } from './go-csv.js';
import { goToLower, goTrimSpace } from './go-strings.js';

// `--network/--net VALUE` as docker/cli v28.2.2 opts/network.go:43 NetworkOpt.Set reads it. The
// long syntax is chosen by an UNANCHORED regexp `\w+=\w+(,\w+=\w+)*`, i.e. whenever the value
// contains a word character, `=`, a word character anywhere; it is then one CSV record whose
// fields are lower-cased as a whole (key and value) before the cut at `=`, and trimmed: so
// `name=host`, `NAME=HOST`, `name= Host ` all mean the network `host`. The container's
// NetworkMode is the target of the first --network given (NetworkOpt.NetworkMode); later ones
// become extra endpoints.

const LONG_SYNTAX = /[0-9A-Za-z_]=[0-9A-Za-z_]/;
const KEYS = new Set(['name', 'alias', 'ip', 'ip6', 'mac-address', 'link-local-ip', 'driver-opt', 'gw-priority']);

export type NetworkSpecResult =
  | { readonly ok: true; readonly target: string; readonly driverOpts?: readonly { readonly key: string; readonly value: string }[] }
  | { readonly ok: false; readonly error: string };

/** The endpoint option whose value the daemon applies as sysctls of the container's interface
 *  (`net.ipv4.conf.IFNAME.forwarding=1,…`, docker 25+): `--sysctl` by another way in. */
export const ENDPOINT_SYSCTLS = 'com.docker.network.endpoint.sysctls';

/** The sysctls an endpoint's driver options set (`name=value`), as `--sysctl` would give them. */
export function endpointSysctls(opts: readonly { readonly key: string; readonly value: string }[]): string[] {
  const out: string[] = [];
  for (const o of opts) if (o.key === ENDPOINT_SYSCTLS) for (const s of o.value.split(',')) if (s.trim() !== '') out.push(s.trim());
  return out;
}

export function parseNetworkSpec(value: string): NetworkSpecResult {
  if (!LONG_SYNTAX.test(value)) return { ok: true, target: value };
  const csv = readFirstCsvRecord(value);
  if (!csv.ok) return { ok: false, error: `invalid --network ${JSON.stringify(value)}: ${csv.error}` };
  let target = '';
  const driverOpts: { key: string; value: string }[] = [];
  for (const field of csv.fields) {
    const lower = goToLower(field);
    const eq = lower.indexOf('=');
    if (eq <= 0) return { ok: false, error: `invalid field ${field}` };
    const key = goTrimSpace(lower.slice(0, eq));
    const val = goTrimSpace(lower.slice(eq + 1));
    if (!KEYS.has(key)) return { ok: false, error: `invalid field key ${key}` };
    if (key === 'driver-opt') {
      const deq = val.indexOf('=');
      if (deq <= 0) return { ok: false, error: 'invalid key value pair format in driver options' };
      driverOpts.push({ key: goTrimSpace(val.slice(0, deq)), value: goTrimSpace(val.slice(deq + 1)) });
    }
    if (key === 'gw-priority' && !/^[+-]?[0-9]+$/.test(val)) return { ok: false, error: `invalid gw-priority (${val})` };
    if (key === 'name') target = val;
  }
  if (target === '') return { ok: false, error: 'network name/id is not specified' };
  return driverOpts.length > 0 ? { ok: true, target, driverOpts } : { ok: true, target };
}
