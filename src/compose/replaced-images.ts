// The image names compose replaces: those it builds and those it pulls. A container an
// administrator created from one of those names runs the caller's image when it is next
// recreated, as after `build -t` or `docker pull`. Pure.
//
// Built (v2.36.2 pkg/api/api.go GetImageNameOrDefault, pkg/compose/build.go): a service's
// `image`, else `<project>-<service>` (`_` as the separator with --compatibility), and every
// `build.tags` entry. With services named on the command line, those and what they depend on
// (`depends_on`, to which compose's normalisation adds links, volumes_from and service:
// namespaces); otherwise every service. Pulled (pkg/compose/pull.go): with `--pull always`, every service's `image`;
// otherwise every one whose `pull_policy` is not `never` or `build`: `missing` pulls a name that
// is not here, and a name may be gone while a container made from it remains (a red-team round),
// or be here for another platform (pkg/compose/build.go drops such an image).

import { replaceableByPull } from '../docker/image-reference.js';
import { composeServiceClosure } from './model-rules.js';

export interface ReplacedImage {
  readonly image: string;
  readonly service: string;
  readonly how: 'build' | 'pull' | 'remove';
}

/** Which pulls a compose command may make: of every service image, or as each `pull_policy` says. */
export type ComposePulls = 'always' | 'by pull_policy';

export function composeReplacedImages(model: unknown, build: boolean, pulls: ComposePulls | undefined, selected: readonly string[] = []): ReplacedImage[] {
  const out: ReplacedImage[] = [];
  if (!isObject(model) || !isObject(model.services)) return out;
  const project = typeof model.name === 'string' ? model.name : '';
  const services = model.services;
  // An unreadable model counts every service (stricter).
  const closure = selected.length === 0 ? undefined : composeServiceClosure(model, selected, buildContextServices);
  const included = closure === undefined ? undefined : new Set(closure);
  for (const [service, svc] of Object.entries(services)) {
    if (!isObject(svc) || (included !== undefined && !included.has(service))) continue;
    const image = typeof svc.image === 'string' && svc.image !== '' ? svc.image : undefined;
    if (build && svc.build !== undefined && svc.build !== null) {
      if (image !== undefined) out.push({ image, service, how: 'build' });
      else for (const separator of ['-', '_']) out.push({ image: `${project}${separator}${service}`, service, how: 'build' });
      const tags = isObject(svc.build) ? svc.build.tags : undefined;
      if (Array.isArray(tags)) for (const t of tags) if (typeof t === 'string' && t !== '') out.push({ image: t, service, how: 'build' });
    }
    // A pull by digest or of an official image gives the name no content of the caller's choosing.
    if (image !== undefined && pulls !== undefined && pulled(pulls, svc.pull_policy) && replaceableByPull(image)) {
      out.push({ image, service, how: 'pull' });
    }
  }
  return out;
}

/**
 * The image names `compose down --rmi` removes (pkg/compose/down.go ensureImagesDown): with `all`
 * every service's image (its `image`, else `<project>-<service>`), with `local` those of services
 * without an `image`. Removing a name frees it for whatever a later pull or build puts there (a
 * red-team round gave the image a second name first, so that the daemon untagged it unforced).
 */
export function composeRemovedImages(model: unknown, mode: 'all' | 'local'): ReplacedImage[] {
  const out: ReplacedImage[] = [];
  if (!isObject(model) || !isObject(model.services)) return out;
  const project = typeof model.name === 'string' ? model.name : '';
  for (const [service, svc] of Object.entries(model.services)) {
    if (!isObject(svc)) continue;
    const image = typeof svc.image === 'string' && svc.image !== '' ? svc.image : undefined;
    if (image !== undefined) {
      if (mode === 'all') out.push({ image, service, how: 'remove' });
    } else {
      for (const separator of ['-', '_']) out.push({ image: `${project}${separator}${service}`, service, how: 'remove' });
    }
  }
  return out;
}

/** Whether these pulls may fetch the image of a service with this `pull_policy`. */
function pulled(pulls: ComposePulls, policy: unknown): boolean {
  if (pulls === 'always') return true;
  const p = typeof policy === 'string' ? policy.toLowerCase() : '';
  return p !== 'never' && p !== 'build';
}

/**
 * Whether compose's builds may pull and tag the base images their Dockerfiles name (the classic
 * builder, PullParent: pkg/compose/build_classic.go): `compose build --pull`, a service's
 * `build.pull`, or a platform (`platform`, `build.platforms`, DOCKER_DEFAULT_PLATFORM) the base
 * images here may not have. Those names are not read, so any name a pull could replace counts.
 */
export function composeRefreshesBaseImages(model: unknown, build: boolean, pullFlag: boolean, defaultPlatform = false): boolean {
  if (!build || !isObject(model) || !isObject(model.services)) return false;
  for (const svc of Object.values(model.services)) {
    if (!isObject(svc) || svc.build === undefined || svc.build === null) continue;
    if (pullFlag || defaultPlatform || (typeof svc.platform === 'string' && svc.platform !== '')) return true;
    if (isObject(svc.build) && (svc.build.pull === true || (Array.isArray(svc.build.platforms) && svc.build.platforms.length > 0))) return true;
  }
  return false;
}

/** The services a service's build takes as contexts (`build.additional_contexts: {x: "service:y"}`),
 *  which compose builds first without showing them in `config`'s depends_on (pkg/compose/build.go
 *  addBuildDependencies): they join the services' dependencies above. */
function buildContextServices(svc: Record<string, unknown>): string[] {
  const contexts = isObject(svc.build) ? svc.build.additional_contexts : undefined;
  if (!isObject(contexts)) return [];
  return Object.values(contexts).filter((v): v is string => typeof v === 'string' && v.startsWith('service:')).map((v) => v.slice('service:'.length));
}

/**
 * Services a build would take as contexts that the model does not have (compose enables them,
 * profiles or not: pkg/compose/build.go WithServicesEnabled), so docker-guard cannot tell what
 * they build.
 */
export function composeUnreadBuildServices(model: unknown): string[] {
  if (!isObject(model) || !isObject(model.services)) return [];
  const services = model.services;
  const out = new Set<string>();
  for (const svc of Object.values(services)) {
    if (isObject(svc)) for (const name of buildContextServices(svc)) if (!Object.hasOwn(services, name)) out.add(name);
  }
  return [...out];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
