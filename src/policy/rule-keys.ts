// Which policy key loosens a container rule, so a refusal can tell the administrator where to look.
const CONTAINER_RULE_KEYS: Readonly<Record<string, string>> = {
  'bind-mount': 'containers.allowBindMountsUnder',
  privileged: 'containers.privileged',
  'cap-add': 'containers.capAdd',
  device: 'containers.devices',
  gpus: 'containers.gpus',
  'security-opt': 'containers.unconfined',
  annotation: 'containers.unconfined',
  'host-namespace': 'containers.hostNamespaces',
  'container-namespace': 'containers.joinContainerNamespaces',
  'join-network': 'containers.joinNetworks',
  'volumes-from': 'containers.volumesFrom',
  'cgroup-parent': 'containers.cgroupParent',
  runtime: 'containers.runtimes',
  sysctl: 'containers.sysctls',
  'mount-propagation': 'containers.mountPropagation',
  'api-socket': 'containers.apiSocket',
  publish: 'containers.publishPorts',
  'log-driver': 'containers.logDrivers',
};

/** The reason, with the policy key that governs the rule (the docker socket has none: always refused). */
export function withPolicyKey(rule: string, reason: string): string {
  const key = CONTAINER_RULE_KEYS[rule];
  if (key) return `${reason} (policy: ${key})`;
  if (rule === 'docker-socket') return `${reason} (refused under any policy)`;
  return reason;
}
