// The image names compose gives what it builds (v2.36.2 pkg/api/api.go GetImageNameOrDefault: the
// service's `image`, else `<project>-<service>`, `_` as the separator with --compatibility;
// pkg/compose/build.go: every `build.tags` entry too). A container an administrator created from
// one of those names runs the caller's build when it is next recreated, as after `build -t`. Every
// service with a `build` counts, selected or not (stricter than compose, never looser). Pure.

export interface BuiltImage {
  readonly image: string;
  readonly service: string;
}

export function composeBuiltImages(model: unknown): BuiltImage[] {
  const out: BuiltImage[] = [];
  if (!isObject(model) || !isObject(model.services)) return out;
  const project = typeof model.name === 'string' ? model.name : '';
  for (const [service, svc] of Object.entries(model.services)) {
    if (!isObject(svc) || svc.build === undefined || svc.build === null) continue;
    if (typeof svc.image === 'string' && svc.image !== '') out.push({ image: svc.image, service });
    else for (const separator of ['-', '_']) out.push({ image: `${project}${separator}${service}`, service });
    const tags = isObject(svc.build) ? svc.build.tags : undefined;
    if (Array.isArray(tags)) for (const t of tags) if (typeof t === 'string' && t !== '') out.push({ image: t, service });
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
