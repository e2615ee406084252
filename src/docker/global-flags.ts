import type { FlagTable } from './pflag.js';

// docker/cli v28.2.2 cli/flags/options.go:81-100 (ClientOptions.InstallFlags),
// cmd/docker/docker.go:157 (--version, a local flag of the root) and cli/cobra.go:53-55 (--help,
// persistent, with the deprecated shorthand -h). Nothing else is a global flag.
export const GLOBAL_FLAGS: FlagTable = [
  { long: 'config', takesValue: true },
  { long: 'context', short: 'c', takesValue: true },
  { long: 'debug', short: 'D', takesValue: false },
  { long: 'host', short: 'H', takesValue: true },
  { long: 'log-level', short: 'l', takesValue: true },
  { long: 'tls', takesValue: false },
  { long: 'tlscacert', takesValue: true },
  { long: 'tlscert', takesValue: true },
  { long: 'tlskey', takesValue: true },
  { long: 'tlsverify', takesValue: false },
  { long: 'version', short: 'v', takesValue: false },
  { long: 'help', short: 'h', takesValue: false },
];

/** The persistent help flag every command inherits from the root. */
export const HELP_FLAG: FlagTable = [{ long: 'help', short: 'h', takesValue: false }];

/** logrus.ParseLevel accepts these, case-insensitively (cli/command/cli.go Initialize). */
export const LOG_LEVELS: ReadonlySet<string> = new Set(['panic', 'fatal', 'error', 'warn', 'warning', 'info', 'debug', 'trace']);
