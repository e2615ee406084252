import { nodePath } from './node-builtins.js';

/**
 * docker's configuration directory, found as docker finds it (cli/config Dir, homedir.Get):
 * DOCKER_CONFIG, else `<home>/.docker`, where home is $HOME, else (unset or empty) the user
 * database's entry for the caller (red-team round 24 unset HOME to make a check look elsewhere).
 * null when there is no home at all. I/O: the edge.
 */
export function dockerConfigDir(env: Readonly<Record<string, string | undefined>>): string | null {
  if (env.DOCKER_CONFIG !== undefined && env.DOCKER_CONFIG !== '') return env.DOCKER_CONFIG;
  let home = env.HOME ?? '';
  if (home === '') {
    try {
      home = (require('node:os') as typeof import('node:os')).userInfo().homedir;
    } catch {
      return null;
    }
  }
  return home === '' ? null : nodePath().posix.join(home, '.docker');
}
