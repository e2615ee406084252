// The image names compose replaces: those it builds and those it pulls. A container an
// administrator created from one of those names runs the caller's image when it is next
// recreated, as after `build -t` or `docker pull`. Pure.
//
// Built (v2.36.2 pkg/api/api.go GetImageNameOrDefault, pkg/compose/build.go): a service's
// `image`, else `<project>-<service>` (`_` as the separator with --compatibility), and every
// `build.tags` entry; every service with a `build` counts, selected or not (stricter than compose,
// never looser). Pulled (pkg/compose/pull.go): with `--pull always`, every service's `image`; by
// `compose pull`, every one whose `pull_policy` is not `never`, `build`, `missing` or
// `if_not_present` (none given: pulled); by `up`, `create`, `run` (mustPull), those whose
// `pull_policy` pulls an image that is already here (`always`, `daily`, `weekly`, `refresh`,
// `every_…`). `missing` pulls only a name that is not here, which no container uses.

import { replaceableByPull } from '../docker/image-reference.js';

export interface ReplacedImage {
  readonly image: string;
  readonly service: string;
  readonly how: 'build' | 'pull';
}

/** Which pulls a compose command makes: `--pull always`, `compose pull`, or as `up` reads each `pull_policy`. */
export type ComposePulls = 'always' | 'compose pull' | 'by pull_policy';

export function composeReplacedImages(model: unknown, build: boolean, pulls: ComposePulls | undefined): ReplacedImage[] {
  const out: ReplacedImage[] = [];
  if (!isObject(model) || !isObject(model.services)) return out;
  const project = typeof model.name === 'string' ? model.name : '';
  for (const [service, svc] of Object.entries(model.services)) {
    if (!isObject(svc)) continue;
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

/** Whether these pulls fetch the image of a service with this `pull_policy` even when it is here. */
function pulled(pulls: ComposePulls, policy: unknown): boolean {
  if (pulls === 'always') return true;
  const p = typeof policy === 'string' ? policy.toLowerCase() : '';
  if (pulls === 'compose pull') return p !== 'never' && p !== 'build' && p !== 'missing' && p !== 'if_not_present';
  return p === 'always' || p === 'daily' || p === 'weekly' || p === 'refresh' || p.startsWith('every_');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
