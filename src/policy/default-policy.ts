// The policy this project started from, as a policy file would spell it. The built-in default
// restricts every user (root included): an installed but unconfigured guard guards everyone.

export const DEFAULT_ALLOW: readonly string[] = [
  'ps', 'images', 'inspect', 'logs', 'start', 'stop', 'restart', 'rm', 'rmi', 'pull', 'build', 'run',
  'compose', 'system', 'network ls', 'volume ls', 'info', 'version', 'stats', 'wait',
  // The typed-out forms of `inspect`, which already inspects containers, images, networks and volumes.
  'container inspect', 'image inspect', 'network inspect', 'volume inspect',
];

export const DEFAULT_REFUSE: Readonly<Record<string, string>> = {
  exec: 'runs a process inside a running container (a root shell in any container, even --privileged)',
  cp: 'copies files between a container and the host',
  commit: 'turns a container, with whatever was written into it, into an image',
  diff: "lists the changes inside a container's file system",
  export: "dumps a container's whole file system",
  import: 'creates an image from a tarball',
  load: 'loads images from a tarball',
  save: 'writes images to a tarball',
  attach: "attaches to a running container's stdin, stdout and stderr",
  push: 'uploads images to a registry',
  tag: 'gives an image another name, which can shadow an image others trust',
};

/** Global flags that only change logging or print text. The others change which daemon or
 *  which configuration (plugins, credential helpers, contexts) docker uses. */
export const DEFAULT_GLOBAL_FLAGS: readonly string[] = ['debug', 'log-level', 'help', 'version'];

export const DEFAULT_CONTAINER_RULES = {
  allowBindMountsUnder: [] as string[],
  privileged: false,
  capAdd: [] as string[],
  devices: false,
  gpus: false,
  unconfined: false,
  hostNamespaces: [] as string[],
  joinContainerNamespaces: false,
  joinNetworks: false,
  volumesFrom: false,
  cgroupParent: false,
  runtimes: [] as string[],
  sysctls: [] as string[],
  logDrivers: ['json-file', 'local', 'none'] as string[],
  mountPropagation: false,
  apiSocket: false,
  publishPorts: true,
};

export const DEFAULT_BUILD_RULES = {
  hostNetwork: false,
  entitlements: [] as string[],
  hostsAndProxies: false,
};
