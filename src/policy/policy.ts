// The policy as the decision sees it: already validated and canonicalised (see load-policy.ts).

export interface ContainerRules {
  /** Host directories under which bind-mount sources are allowed (canonical real paths). */
  readonly allowBindMountsUnder: readonly string[];
  readonly privileged: boolean;
  /** Capabilities `--cap-add` may name, upper case without the CAP_ prefix ("ALL" only if listed). */
  readonly capAdd: readonly string[];
  /** --device, --device-cgroup-rule. */
  readonly devices: boolean;
  readonly gpus: boolean;
  /** --security-opt values that lower confinement (apparmor/seccomp=unconfined, label=disable, systempaths=unconfined, …). */
  readonly unconfined: boolean;
  /** Namespaces that may be `host`: any of pid, ipc, uts, userns, cgroupns, network. */
  readonly hostNamespaces: readonly string[];
  /** --network/--pid/--ipc container:X (join another container's namespaces). */
  readonly joinContainerNamespaces: boolean;
  /** --network NAME, build --network NAME, compose external networks: join a network that exists
   *  already (anyone's), where the container takes DNS names the network's other containers use. */
  readonly joinNetworks: boolean;
  readonly volumesFrom: boolean;
  readonly cgroupParent: boolean;
  /** Runtimes besides the daemon's default that --runtime may name. */
  readonly runtimes: readonly string[];
  /** Sysctl names --sysctl may set; an entry ending in `.*` allows a prefix. */
  readonly sysctls: readonly string[];
  /** Log drivers --log-driver may name (the daemon's default needs no entry). */
  readonly logDrivers: readonly string[];
  /** Mount propagation shared/rshared on binds. */
  readonly mountPropagation: boolean;
  /** run/create --use-api-socket. The daemon's socket as a bind source is refused regardless. */
  readonly apiSocket: boolean;
  /** -p/--publish, -P/--publish-all, compose `ports`. */
  readonly publishPorts: boolean;
}

export interface BuildRules {
  /** build --network host. */
  readonly hostNetwork: boolean;
  /** Entitlements `--allow` may name (network.host, security.insecure, device, …). */
  readonly entitlements: readonly string[];
  /** build --add-host and the proxy build args (compose `extra_hosts`, `args`): settings the build
   *  cache does not key on (src/docker/build-cache-blind.ts). */
  readonly hostsAndProxies: boolean;
}

export interface Policy {
  /** Who the policy restricts; anyone else is passed through untouched. */
  readonly restrict: { readonly everyone: true } | { readonly everyone: false; readonly users: readonly string[]; readonly groups: readonly string[] };
  /** Canonical command paths, management commands (`system`) or plugin names (`compose`). */
  readonly allow: readonly string[];
  /** Canonical path (or prefix) -> why it is refused. Refusal wins over allow. */
  readonly refuse: Readonly<Record<string, string>>;
  /** Long names of the global flags that may be used (`debug`, `log-level`, …). */
  readonly globalFlags: readonly string[];
  readonly containers: ContainerRules;
  readonly build: BuildRules;
}

/** Where the effective policy came from, for messages and `docker-guard policy`. */
export interface PolicySource {
  readonly path: string;
  /** false = the file does not exist and the built-in default applies. */
  readonly fromFile: boolean;
}
