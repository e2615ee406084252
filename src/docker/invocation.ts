/** A global flag as docker applies it. `late` = given after a global `--` and applied by cobra's Traverse. */
export interface GlobalFlagUse {
  readonly name: string;
  readonly value: string;
  readonly raw: string;
  readonly late: boolean;
}

interface Common {
  /** argv as typed, without argv[0]. */
  readonly argv: readonly string[];
  readonly globals: readonly GlobalFlagUse[];
  /** A `--` ended the global flags: docker then re-parses flag-looking tokens late (grammar 2.2). */
  readonly dashDashBeforeCommand: boolean;
}

/** A built-in command that docker itself runs. `command` is the canonical path ('' = the root). */
export interface BuiltinInvocation extends Common {
  readonly kind: 'builtin';
  readonly command: string;
  /** The command words as typed, e.g. ['ps'] for `container ls`. */
  readonly words: readonly string[];
  /** Everything after the last command word, untouched (leaf flags and positionals). */
  readonly args: readonly string[];
  /** A true --help at the root or between command words (the leaf's own flags are not looked at). */
  readonly help: boolean;
  /** The node is a management command (not a leaf): docker shows help or reports an unknown command. */
  readonly group: boolean;
}

/** docker executes a CLI plugin binary `docker-<name>` with the whole original argv. */
export interface PluginInvocation extends Common {
  readonly kind: 'plugin';
  readonly name: string;
  /** Tokens after the plugin's name. */
  readonly args: readonly string[];
  /** Reached through `docker help <plugin>` or `docker --help <plugin>`. */
  readonly viaHelp: boolean;
  /** What docker does instead when no such plugin is installed (`docker help exec` without a
   *  plugin docker-help prints the help of exec). The decision refuses on the plugin alone. */
  readonly fallback?: Invocation;
}

/** Argv that docker rejects itself (flag error, unknown command word that is no plugin name, …). */
export interface MalformedInvocation extends Common {
  readonly kind: 'malformed';
  readonly error: string;
}

export type Invocation = BuiltinInvocation | PluginInvocation | MalformedInvocation;
