import { allValues, boolValue, lastValue, parseFlags, type FlagTable } from '../docker/pflag.js';
import { lazy } from '../lazy.js';
import { replaceableByPull } from '../docker/image-reference.js';
import { readFirstCsvRecord } from '../container/go-csv.js';

// What existing containers (or image names) a command acts on, read from its argv the way docker
// reads it. The edge asks the daemon what they are (facts.ts readTargetContainers) and the
// decision judges them (decide.ts checkTargetContainers): pure.

/**
 * The existing containers a command acts on, as a kind the edge can ask the daemon about:
 * - `named`: `start`, `restart`, `stop`, `rm`, `kill`, `update` (their arguments: names, ids, id
 *   prefixes), the container of `exec`, `attach` and `rename`, and the CONTAINER: sides of `cp`;
 * - `pruned`: `container prune`, `system prune`: every container, whatever --filter says. The
 *   prune removes the stopped ones, and the caller may stop any other first (`stop` is allowed),
 *   even while prune waits for its y/N (red-team round 20 removed an administrator's container
 *   so). With `-a`, `unusedImages`: the prune also frees image names, those a pull could refill
 *   among them, of images no container uses;
 * - `created-from`: `build -t/--tag` and `--output type=image,name=…` (the names it gives its image), `tag` (its
 *   TARGET name, which it re-points at an image of the caller's choosing), `rmi` (the names it
 *   removes) and `pull` (the name it replaces with what the registry serves; with `--all-tags`
 *   every tag of the repository, `sameRepository`), which change what the containers created
 *   from those names run when recreated. A pull by digest tags nothing, and an official image
 *   is not the caller's to publish (replaceableByPull). `baseImages`: a build that may pull and
 *   tag the base images its Dockerfile names, any name that could be replaced by a pull.
 * - `unread`: argv these flags do not parse, so the targets are unknown (refused).
 * Undefined for any other command and for help. A prune whose flags do not parse still removes
 * what it removes.
 */
export type ContainerTargets =
  | { readonly kind: 'named'; readonly words: readonly string[] }
  | { readonly kind: 'pruned'; readonly unusedImages?: boolean }
  | { readonly kind: 'created-from'; readonly images: readonly string[]; readonly sameRepository?: boolean; readonly baseImages?: boolean }
  | { readonly kind: 'unread'; readonly error: string };

export function containerTargets(command: string, args: readonly string[]): ContainerTargets | undefined {
  // A switch, not a table: the flag tables load only for these commands (`ps` does not load them).
  let table: FlagTable;
  switch (command) {
    case 'container start': table = lazy.leafFlags().START_FLAGS; break;
    case 'container restart': case 'container stop': table = lazy.leafFlags().RESTART_FLAGS; break;
    case 'container rm': table = lazy.leafFlags().RM_FLAGS; break;
    case 'container prune': table = lazy.leafFlags().CONTAINER_PRUNE_FLAGS; break;
    case 'system prune': table = lazy.leafFlags().SYSTEM_PRUNE_FLAGS; break;
    case 'image build': table = lazy.leafFlags().BUILD_FLAGS; break;
    case 'image rm': table = lazy.leafFlags().RMI_FLAGS; break;
    case 'image pull': table = lazy.leafFlags().PULL_FLAGS; break;
    case 'container cp': table = lazy.leafFlags().CP_FLAGS; break;
    case 'container exec': return firstPositionalTarget(args, lazy.leafFlags().EXEC_FLAGS, false);
    case 'container attach': table = lazy.leafFlags().ATTACH_FLAGS; break;
    case 'container kill': table = lazy.leafFlags().KILL_FLAGS; break;
    case 'container update': table = lazy.leafFlags().UPDATE_FLAGS; break;
    case 'container rename': return firstPositionalTarget(args, lazy.leafFlags().HELP_ONLY_FLAGS, true);
    case 'image tag': return tagTarget(args);
    default: return undefined;
  }
  const parsed = parseFlags(args, table, { interspersed: true });
  const help = parsed.ok && boolValue(parsed.flags, 'help');
  if (command === 'container prune' || command === 'system prune') {
    if (help) return undefined;
    return command === 'system prune' && parsed.ok && boolValue(parsed.flags, 'all') ? { kind: 'pruned', unusedImages: true } : { kind: 'pruned' };
  }
  if (!parsed.ok) return { kind: 'unread', error: parsed.error };
  if (help) return undefined;
  if (command === 'image build') {
    const images = [...allValues(parsed.flags, 'tag'), ...allValues(parsed.flags, 'output').flatMap(outputImageNames)];
    // `--pull`, and a platform the base images here may not have, make the legacy builder pull the
    // base images its Dockerfile names and tag them (moby builder/dockerfile imagecontext.go
    // PullParent, daemon/images/image_builder.go): names docker-guard does not read, so any.
    const refreshes = boolValue(parsed.flags, 'pull') || (lastValue(parsed.flags, 'platform') ?? '') !== '';
    return refreshes ? { kind: 'created-from', images, baseImages: true } : { kind: 'created-from', images };
  }
  if (command === 'image rm') return { kind: 'created-from', images: parsed.positionals };
  if (command === 'image pull') {
    const images = parsed.positionals.filter(replaceableByPull);
    return boolValue(parsed.flags, 'all-tags') ? { kind: 'created-from', images, sameRepository: true } : { kind: 'created-from', images };
  }
  if (command === 'container cp') return { kind: 'named', words: parsed.positionals.flatMap(cpContainer) };
  return { kind: 'named', words: parsed.positionals };
}

/** `exec CONTAINER COMMAND…` (the rest is the command's, SetInterspersed(false)), `rename CONTAINER NEW_NAME`. */
function firstPositionalTarget(args: readonly string[], table: FlagTable, interspersed: boolean): ContainerTargets | undefined {
  const parsed = parseFlags(args, table, { interspersed });
  if (!parsed.ok) return { kind: 'unread', error: parsed.error };
  if (boolValue(parsed.flags, 'help')) return undefined;
  return { kind: 'named', words: parsed.positionals.slice(0, 1) };
}

/** `tag SOURCE TARGET` (SetInterspersed(false)): TARGET is re-pointed, as `build -t TARGET` would. */
function tagTarget(args: readonly string[]): ContainerTargets | undefined {
  const parsed = parseFlags(args, lazy.leafFlags().HELP_ONLY_FLAGS, { interspersed: false });
  if (!parsed.ok) return { kind: 'unread', error: parsed.error };
  if (boolValue(parsed.flags, 'help')) return undefined;
  // docker wants exactly two words; with more it tags nothing, and every later word counts anyway.
  return { kind: 'created-from', images: parsed.positionals.slice(1) };
}

/**
 * The container an argument of `cp` names, as docker/cli v28.2.2 cli/command/container/cp.go
 * splitCpArg reads it: an absolute path is local, else the text before the FIRST colon is a
 * container, unless there is no colon or it starts with `.` (`./a:b`). So `dir/x:y` names the
 * container `dir/x` (which the daemon will not find), and `-` (stdin, stdout) is local.
 */
function cpContainer(arg: string): string[] {
  if (arg.startsWith('/')) return [];
  const colon = arg.indexOf(':');
  if (colon < 0) return [];
  const container = arg.slice(0, colon);
  return container === '' || container.startsWith('.') ? [] : [container];
}

/**
 * The names an `--output` that stores the image gives it (`type=image|docker|moby,name=a,b`, read
 * as buildx reads the value, one CSV record; the moby exporter tags each name, BuildKit
 * exporter/containerimage): `--tag` by another spelling (a red-team round). An output buildx
 * cannot parse fails the build.
 */
function outputImageNames(out: string): string[] {
  const csv = readFirstCsvRecord(out);
  if (!csv.ok) return [];
  let type: string | undefined;
  const names: string[] = [];
  for (const field of csv.fields) {
    const eq = field.indexOf('=');
    const key = (eq < 0 ? field : field.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? '' : field.slice(eq + 1);
    if (key === 'type') type = value.trim().toLowerCase();
    else if (key === 'name') names.push(...value.split(',').map((n) => n.trim()).filter((n) => n !== ''));
  }
  return type === 'image' || type === 'docker' || type === 'moby' ? names : [];
}

