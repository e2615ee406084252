import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A stand-in for the compose plugin (none is installed here, and none can be built offline), in
 * `<configDir>/cli-plugins`: it logs each call to `$DOCKER_CONFIG/compose.log`, answers `config
 * --format json` with what `configAnswer` prints (a shell command), and for anything else prints
 * `stub compose ran: <argv>`, so a test sees exactly what the guard let compose run.
 */
export function writeComposeStub(configDir: string, configAnswer: string): void {
  mkdirSync(path.join(configDir, 'cli-plugins'), { recursive: true });
  const stub = path.join(configDir, 'cli-plugins', 'docker-compose');
  writeFileSync(stub, [
    '#!/bin/sh',
    'if [ "$1" = docker-cli-plugin-metadata ]; then echo \'{"SchemaVersion":"0.1.0","Vendor":"docker-guard tests","Version":"v2.36.2"}\'; exit 0; fi',
    'echo "$*" >> "$DOCKER_CONFIG/compose.log"',
    `case " $* " in *" config --format json "*) ${configAnswer}; exit 0 ;; esac`,
    'echo "stub compose ran: $*"',
  ].join('\n'));
  chmodSync(stub, 0o755);
}
