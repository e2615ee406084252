import { allRaws, allValues, boolValue, lastRaw, lastValue, parseFlags, parseGoBool } from '../docker/pflag.js';
import { lazy } from '../lazy.js';
import { joinsNamedNetwork } from '../container/container-request.js';
import { CACHE_BLIND_WHY, proxyBuildArg } from '../docker/build-cache-blind.js';
import type { Implied, LeafCheck } from './builtin-checks.js';
import type { BuildRules, ContainerRules } from './policy.js';

// `docker build`'s flags: what they push, write out, join or change beyond building an image into
// the daemon's store (the legacy builder runs each step as a container with them). Pure.

/** Output types that only put the result into the daemon's own image store. */
const STORE_OUTPUTS = new Set(['docker', 'image', 'moby', 'cacheonly']);

export function checkBuild(args: readonly string[], rules: BuildRules, containers: ContainerRules): LeafCheck {
  const parsed = parseFlags(args, lazy.leafFlags().BUILD_FLAGS, { interspersed: true });
  if (!parsed.ok) {
    return { ok: false, rule: 'malformed-argv', reason: `\`build\`: ${parsed.error} (the guard only forwards build flags it knows)` };
  }
  const flags = parsed.flags;
  const implied: Implied[] = [];
  // Both builders pull the base images (FROM, COPY --from, RUN --mount=from) they do not have,
  // `--pull` every one; docker has no switch that forbids it.
  if (!boolValue(flags, 'help')) {
    const pull = boolValue(flags, 'pull') ? `\`build ${lastRaw(flags, 'pull')}\` pulls every base image from its registry` : '`build` pulls the base images it does not have (FROM, COPY --from) from their registries';
    implied.push({ capability: 'image pull', because: pull });
  }
  if (boolValue(flags, 'push')) implied.push({ capability: 'image push', because: '`build --push` pushes the image to a registry' });
  for (const out of allValues(flags, 'output')) {
    const fields = csvFields(out);
    const type = fields.get('type') ?? (out.includes('=') ? undefined : 'local');
    // BuildKit's exporters read an empty `push` as true and the rest with Go's ParseBool (`t`,
    // `T`, `TRUE`, …); a value ParseBool rejects fails the build or not: counted as a push.
    const pushValue = fields.get('push');
    const push = pushValue !== undefined && (pushValue === '' || parseGoBool(pushValue) !== false);
    if (type === 'registry' || push) {
      implied.push({ capability: 'image push', because: `\`build --output ${out}\` pushes the image to a registry` });
    } else if (type === undefined || !STORE_OUTPUTS.has(type) || fields.has('dest')) {
      implied.push({ capability: 'image save', because: `\`build --output ${out}\` writes the built image or its files out of docker` });
    }
  }
  for (const cache of allValues(flags, 'cache-to')) {
    const type = csvFields(cache).get('type') ?? 'registry';
    if (type === 'local') {
      implied.push({ capability: 'image save', because: `\`build --cache-to ${cache}\` writes the build's layers to a host directory` });
    } else if (type !== 'inline') {
      implied.push({ capability: 'image push', because: `\`build --cache-to ${cache}\` uploads build cache to a registry or remote store` });
    }
  }
  const builder = lastValue(flags, 'builder');
  if (builder !== undefined) {
    return { ok: false, rule: 'build-builder', reason: `\`build ${lastRaw(flags, 'builder')}\` picks a buildx builder instance, which docker-guard cannot see: a docker-container or kubernetes builder runs as a privileged container from an image of the caller's choosing` };
  }
  // The legacy builder runs each RUN step as a container with these settings: the container rules apply.
  const { checkNamespace, joinNetworkViolation, securityOptProblem } = lazy.containerRules();
  const networks = allValues(flags, 'network');
  const networkRaws = allRaws(flags, 'network');
  for (let i = 0; i < networks.length; i++) {
    const net = networks[i]!;
    if (net.trim().toLowerCase() === 'host') {
      if (rules.hostNetwork) continue;
      return { ok: false, rule: 'build-host-network', reason: `\`build ${networkRaws[i]}\` runs build steps in the host's network namespace (policy: build.hostNetwork is false)` };
    }
    const v = checkNamespace('network', net, `\`build ${networkRaws[i]}\``, containers);
    if (v) return { ok: false, rule: v.rule, reason: v.reason };
    if (!containers.joinNetworks && joinsNamedNetwork(net)) {
      const j = joinNetworkViolation(`\`build ${networkRaws[i]}\` (its steps run as containers that)`, net);
      return { ok: false, rule: j.rule, reason: `${j.reason}; the layers they make are reused by anyone's build of the same steps` };
    }
  }
  if (!rules.hostsAndProxies) {
    const hosts = allRaws(flags, 'add-host');
    if (hosts.length > 0) {
      return { ok: false, rule: 'build-hosts-proxies', reason: `\`build ${hosts[0]}\` changes which address a build step reaches for a host name, ${CACHE_BLIND_WHY} (policy: build.hostsAndProxies)` };
    }
    const args = allValues(flags, 'build-arg');
    const argRaws = allRaws(flags, 'build-arg');
    for (let i = 0; i < args.length; i++) {
      const proxy = proxyBuildArg(args[i]!);
      if (proxy) return { ok: false, rule: 'build-hosts-proxies', reason: `\`build ${argRaws[i]}\` sets the proxy ${proxy} the build steps fetch through, ${CACHE_BLIND_WHY} (policy: build.hostsAndProxies)` };
    }
  }
  const cgroupParent = lastValue(flags, 'cgroup-parent');
  if (cgroupParent !== undefined && cgroupParent !== '' && !containers.cgroupParent) {
    return { ok: false, rule: 'cgroup-parent', reason: `\`build ${lastRaw(flags, 'cgroup-parent')}\` places the build's containers in another cgroup, outside the daemon's resource controls: not allowed` };
  }
  if (!containers.unconfined) {
    const opts = allValues(flags, 'security-opt');
    const raws = allRaws(flags, 'security-opt');
    for (let i = 0; i < opts.length; i++) {
      const why = securityOptProblem(opts[i]!);
      if (why) return { ok: false, rule: 'security-opt', reason: `\`build ${raws[i]}\` ${why}: only options that keep the default confinement are allowed` };
    }
  }
  for (const ent of allValues(flags, 'allow').flatMap((v) => v.split(','))) {
    const key = ent.split('=')[0]!.trim();
    if (!rules.entitlements.includes(ent.trim()) && !rules.entitlements.includes(key)) {
      return { ok: false, rule: 'build-entitlement', reason: `\`build --allow ${ent}\` grants the build the entitlement "${key}", which the policy's build.entitlements does not list` };
    }
  }
  return { ok: true, implied };
}

/** A buildx CSV option (`type=registry,push=true`), keys and values lower-cased. */
function csvFields(value: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1').toLowerCase());
    // A bare key (`type=image,push`) is that key with an empty value.
    else if (eq < 0 && part.trim() !== '') out.set(part.trim().toLowerCase(), '');
  }
  return out;
}
