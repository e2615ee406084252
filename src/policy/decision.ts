import type { PathFacts } from '../container/container-request.js';
import type { InspectedContainer } from '../container/inspected-container.js';

/** What decide() returns. Anything that is not explicitly allowed is refused. */
export type Decision =
  | { readonly kind: 'allowed'; readonly command: string }
  | {
      readonly kind: 'refused';
      /** The canonical command (or what docker would have tried to run). */
      readonly command: string;
      /** A stable rule name, e.g. `refused-command`, `not-allowed`, `bind-mount`. */
      readonly rule: string;
      /** One or two sentences: what was asked and why the policy refuses it. */
      readonly reason: string;
    };

/** Facts gathered at the edge (I/O) before the pure decision. */
export interface Facts extends PathFacts {
  /** compose's resolved model (`docker compose … config --format json`), or why it could not be read. */
  readonly composeModel?: { readonly ok: true; readonly model: unknown } | { readonly ok: false; readonly error: string };
  /** Why a build would not run on the plain builder (buildx builder selection, config aliases), if so. */
  readonly buildEnvironment?: string;
  /** Why a build would get proxy build args the argv does not show (config.json `proxies`), if so. */
  readonly buildProxies?: string;
  /** DOCKER_CONTENT_TRUST is on: pull, run, create and build tag the images they verify. */
  readonly contentTrust?: boolean;
  /** DOCKER_DEFAULT_PLATFORM is set: run, create, build and compose ask for that platform, and pull
   *  an image that is here for another one. */
  readonly defaultPlatform?: boolean;
  /** The containers compose's project already has and what they mount (asked when compose would
   *  carry mounts over into the containers it recreates), or why that could not be read. */
  readonly projectContainers?: ProjectContainersFact;
  /** The existing containers a command acts on (those `start`, `restart`, `rm`, `kill`, `update`,
   *  `exec`, `attach`, `rename` or `cp` name, a prune removes, or that were made from an image name
   *  `build -t`, `tag`, `rmi`, a pull or compose replaces),
   *  as the daemon describes them, or why that could not be read. */
  readonly targetContainers?: { readonly ok: true; readonly containers: readonly InspectedContainer[] } | { readonly ok: false; readonly error: string };
  /** The networks no container uses (`system prune` removes them), or why that could not be read. */
  readonly userNetworks?: { readonly ok: true; readonly names: readonly string[] } | { readonly ok: false; readonly error: string };
}

export type ProjectContainersFact =
  | { readonly ok: true; readonly project: string; readonly containers: readonly ProjectContainer[] }
  | { readonly ok: false; readonly error: string };

export interface ProjectContainer {
  readonly name: string;
  /** Its com.docker.compose.service label ('' when it has none). */
  readonly service: string;
  /** As the daemon reports them: `source` is the host path of a bind, the name of a volume. */
  readonly mounts: readonly { readonly type: string; readonly source: string; readonly destination: string; readonly rw: boolean }[];
  /** The same container as the request that would have made it (its powers). */
  readonly inspected: InspectedContainer;
}

export type Refusal = Extract<Decision, { kind: 'refused' }>;

export function refused(command: string, rule: string, reason: string): Refusal {
  return { kind: 'refused', command, rule, reason };
}

export function allowed(command: string): Decision {
  return { kind: 'allowed', command };
}
