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

export type NetworkSpecResult = { readonly ok: true; readonly target: string } | { readonly ok: false; readonly error: string };

export function parseNetworkSpec(value: string): NetworkSpecResult {
  if (!LONG_SYNTAX.test(value)) return { ok: true, target: value };
  const csv = readFirstCsvRecord(value);
  if (!csv.ok) return { ok: false, error: `invalid --network ${JSON.stringify(value)}: ${csv.error}` };
  let target = '';
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
    }
    if (key === 'gw-priority' && !/^[+-]?[0-9]+$/.test(val)) return { ok: false, error: `invalid gw-priority (${val})` };
    if (key === 'name') target = val;
  }
  if (target === '') return { ok: false, error: 'network name/id is not specified' };
  return { ok: true, target };
}
