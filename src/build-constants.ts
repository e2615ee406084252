import type { PackedTree } from './docker/command-tree.js';

// Fixed at build time by scripts/build.sh with `bun build --define`. Nothing at run time (no
// environment variable, no flag) can change them: the agent must not be able to point the guard
// at another policy or another "real" docker. Under vitest (not compiled) they are undefined and
// the e2e tests always use the compiled binary.
declare const DOCKER_GUARD_REAL_DOCKER: string | undefined;
declare const DOCKER_GUARD_POLICY_PATH: string | undefined;
declare const DOCKER_GUARD_VERSION: string | undefined;
declare const DOCKER_GUARD_FORCE_FFI_EXEC: string | undefined;
declare const DOCKER_GUARD_TREE_ROOT: string | undefined;
declare const DOCKER_GUARD_TREE_SUBTREES: Record<string, string> | undefined;
declare const DOCKER_GUARD_DEFAULT_POLICY: string | undefined;

export const REAL_DOCKER: string = typeof DOCKER_GUARD_REAL_DOCKER === 'string' ? DOCKER_GUARD_REAL_DOCKER : '';
export const POLICY_PATH: string = typeof DOCKER_GUARD_POLICY_PATH === 'string' ? DOCKER_GUARD_POLICY_PATH : '/etc/docker-guard/policy.json';
export const VERSION: string = typeof DOCKER_GUARD_VERSION === 'string' ? DOCKER_GUARD_VERSION : '0.0.0-dev';
/** Test builds only: use the bun:ffi execve path even where process.execve exists (bun >= 1.4). */
export const FORCE_FFI_EXEC: boolean = typeof DOCKER_GUARD_FORCE_FFI_EXEC === 'string' && DOCKER_GUARD_FORCE_FFI_EXEC === '1';

/**
 * Data derived from the sources at build time (the command tree, packed; the built-in policy in
 * canonical form, as JSON text), so the compiled binary does not rebuild it on every call; absent
 * under vitest, where the sources compute it. scripts/build.sh produces it with src/precompute.ts,
 * as three constants: text inside text would be escaped and cost a parse of its own.
 */
export const PRECOMPUTED: { readonly commandTree: PackedTree; readonly defaultPolicy: string } | undefined =
  typeof DOCKER_GUARD_TREE_ROOT === 'string' && typeof DOCKER_GUARD_TREE_SUBTREES === 'object' && typeof DOCKER_GUARD_DEFAULT_POLICY === 'string'
    ? { commandTree: { root: DOCKER_GUARD_TREE_ROOT, subtrees: DOCKER_GUARD_TREE_SUBTREES }, defaultPolicy: DOCKER_GUARD_DEFAULT_POLICY }
    : undefined;
