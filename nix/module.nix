# services.docker-guard: puts docker-guard's `docker` ahead of the real docker for the users an AI
# agent runs as, renders the policy from typed options to /etc/docker-guard/policy.json and checks
# it at build time with the guard itself (as security/sudo.nix runs `visudo -c`), and optionally
# sets up the agent's account, a fixed sudo whitelist with I/O logging, and audit watches.
#
# A guardrail, not a boundary: while an agent is in the `docker` group it can reach the real
# docker by its store path or the socket. README-ai-worker.md says what that means.
{
  config,
  lib,
  pkgs,
  ...
}:

let
  cfg = config.services.docker-guard;
  dockerCfg = config.virtualisation.docker;
  inherit (lib) types mkOption;

  policyPath = "/etc/docker-guard/policy.json";

  # "*" in `users` means everyone (docker-guard's own syntax); it names no account.
  namedUsers = lib.filter (u: u != "*") cfg.users;

  # ---- policy: typed options -> the JSON docker-guard reads ----------------------------------

  # Every policy option defaults to null, which leaves its key out of policy.json so that
  # docker-guard's built-in default applies: the defaults live in one place (src/policy/
  # default-policy.ts) and `docker-guard policy` prints the effective policy.
  nullOpt =
    type: builtinDefault: description:
    mkOption {
      type = types.nullOr type;
      default = null;
      defaultText = lib.literalMD "`null`: left out of policy.json, so docker-guard's built-in default applies (${builtinDefault})";
      inherit description;
    };
  commandList = types.listOf types.nonEmptyStr;
  absPath = types.strMatching "/.*";

  dropNulls = lib.filterAttrs (_: v: v != null);
  section = attrs: lib.optionalAttrs (dropNulls attrs != { }) (dropNulls attrs);

  renderedPolicy =
    {
      inherit (cfg) users groups;
    }
    // dropNulls {
      inherit (cfg.policy) allow refuse globalFlags;
    }
    // lib.optionalAttrs (section cfg.policy.containers != { }) {
      containers = section cfg.policy.containers;
    }
    // lib.optionalAttrs (section cfg.policy.build != { }) {
      build = section cfg.policy.build;
    };

  # Checked with the guard that will read it: a policy it would reject fails the system build
  # instead of refusing every docker command (exit 78) at run time.
  policyFile =
    pkgs.runCommand "docker-guard-policy.json"
      {
        src = (pkgs.formats.json { }).generate "docker-guard-policy-unchecked.json" renderedPolicy;
        preferLocalBuild = true;
      }
      ''
        ${lib.getExe' cfg.finalPackage "docker-guard"} validate "$src"
        cp "$src" "$out"
      '';

  # ---- sudo: a fixed whitelist ----------------------------------------------------------------

  # sudoers needs these escaped inside a command line; an unescaped `#` silently starts a comment
  # (the rest of the rule, other commands included, disappears and `visudo -c` still passes).
  escapeSudoers = lib.replaceStrings [ "#" "," ":" "=" ] [ "\\#" "\\," "\\:" "\\=" ];
  sudoCommandPattern = "/[^[:space:]]+( [^[:space:]]+)*";
  # Programs that turn a fixed argument list back into "any command".
  shellLike = [
    "sh"
    "bash"
    "dash"
    "zsh"
    "fish"
    "ksh"
    "mksh"
    "csh"
    "tcsh"
    "nu"
    "xonsh"
    "elvish"
    "busybox"
    "env"
    "sudo"
    "su"
    "doas"
    "run0"
    "systemd-run"
    "nsenter"
    "chroot"
    "nix"
    "nix-shell"
    "nix-build"
    "python"
    "python3"
    "perl"
    "ruby"
    "node"
    "bun"
    "vi"
    "vim"
    "nvim"
    "nano"
    "less"
    "more"
    "man"
    "docker"
    "docker-guard"
  ];
  # The same by family, versioned names included (`python3.12`, `perl5.38`), and programs that read
  # commands from stdin or a prompt: a bare entry runs with the agent at its stdin.
  shellLikeFamily = "(python|pypy|perl|ruby|irb|node|php|lua|luajit|tclsh|wish|guile|julia|deno|R|Rscript|gdb|lldb|sqlite|ed|ex|emacs|awk|gawk|mawk|nawk|toybox|expect|script)[0-9.]*";
  words = c: lib.filter (w: w != "") (lib.splitString " " c);
  # sudo reads an argument that starts with `^` and ends with `$` as a regular expression (1.9.10+),
  # and an argument relative to the working directory (`.#host`, `~/x`) means whatever the agent's
  # directory holds when it runs sudo.
  badArgument = w: lib.hasPrefix "^" w || lib.hasSuffix "$" w || builtins.match "([^=]*=)?[.~].*" w != null;
  badSudoCommands = lib.filter (
    c:
    let
      ws = words c;
    in
    builtins.match sudoCommandPattern c == null
    || lib.elem "ALL" ws
    || lib.elem (baseNameOf (lib.head ws)) shellLike
    || builtins.match shellLikeFamily (baseNameOf (lib.head ws)) != null
    || lib.any badArgument (lib.tail ws)
    || builtins.match ".*[][*?\\\\\"'!].*" c != null
  ) cfg.sudo.commands;

  # One line per command; a command with no arguments gets `""` (no arguments allowed), since a
  # bare path in sudoers allows any arguments.
  sudoCommandText =
    c:
    let
      ws = words c;
    in
    "NOPASSWD: ${escapeSudoers (lib.concatStringsSep " " (if lib.length ws == 1 then ws ++ [ "\"\"" ] else ws))}";
  sudoAlias = "DOCKER_GUARD_AGENTS";
  sudoWho = namedUsers ++ map (g: "%${g}") cfg.groups;
  sudoersText = lib.concatStringsSep "\n" (
    [
      "# services.docker-guard: the agents' fixed sudo whitelist"
      "User_Alias ${sudoAlias} = ${lib.concatStringsSep ", " sudoWho}"
      # env_reset copies the caller's PATH unless secure_path is set: a whitelisted program that
      # starts a helper by name (nh starts `nix`) would find the agent's own first, as root.
      "Defaults:${sudoAlias} env_reset, !setenv, secure_path=\"${sudoSecurePath}\", env_file=${sudoEnvFile}"
    ]
    ++ lib.optional cfg.sudo.ioLog "Defaults:${sudoAlias} log_input, log_output, iolog_dir=${cfg.sudo.ioLogDir}"
    ++ map (c: "${sudoAlias} ALL=(root) ${sudoCommandText c}") cfg.sudo.commands
  );
  sudoWanted = cfg.sudo.commands != [ ] || cfg.sudo.ioLog;
  sudoSecurePath = "/run/wrappers/bin:/run/current-system/sw/bin";
  # Set for the whitelisted commands (env_reset has dropped the caller's): pagers and editors a
  # command starts as root (journalctl, systemctl, git) cannot be turned into a shell.
  sudoEnvFile = "/etc/docker-guard/sudo-env";
  sudoEnv = {
    PAGER = "cat";
    SYSTEMD_PAGER = "cat";
    SYSTEMD_PAGERSECURE = "1";
    GIT_PAGER = "cat";
    MANPAGER = "cat";
    LESSSECURE = "1";
    EDITOR = "/run/current-system/sw/bin/false";
    VISUAL = "/run/current-system/sw/bin/false";
    SYSTEMD_EDITOR = "/run/current-system/sw/bin/false";
  };

  # ---- audit ------------------------------------------------------------------------------------

  dockerSockets = lib.filter (lib.hasPrefix "/") (dockerCfg.listenOptions or [ "/run/docker.sock" ]);
  realDocker = cfg.finalPackage.realDocker or "${dockerCfg.package}/bin/docker";
in
{
  ###### interface

  options.services.docker-guard = {
    enable = lib.mkEnableOption ''
      docker-guard: a `docker` command that refuses what its policy forbids for the restricted
      users and execs the real docker for everything else. It is put ahead of the real docker on
      every user's PATH (unrestricted users pass straight through) and in the restricted users'
      own profiles'';

    package = mkOption {
      type = types.package;
      default = pkgs.callPackage ./package.nix { };
      defaultText = lib.literalExpression "pkgs.callPackage ./nix/package.nix { }";
      description = ''
        The docker-guard package. It must take a `docker` argument (a callPackage result does):
        the module rebuilds it with `virtualisation.docker.package` as the real docker, see
        {option}`services.docker-guard.finalPackage`.
      '';
    };

    finalPackage = mkOption {
      type = types.package;
      readOnly = true;
      default = cfg.package.override { docker = dockerCfg.package; };
      defaultText = lib.literalExpression "services.docker-guard.package.override { docker = config.virtualisation.docker.package; }";
      description = "The package installed: {option}`package` with the real docker of `virtualisation.docker.package` baked in.";
    };

    users = mkOption {
      type = types.listOf (types.strMatching "[*]|[A-Za-z0-9_][A-Za-z0-9_.-]*[$]?");
      default = [ "ai-worker" ];
      example = [
        "ai-worker"
        "ci-agent"
      ];
      description = ''
        Users the policy restricts; `"*"` restricts everyone (root included). Every other user
        runs the real docker through the guard untouched. Each named user is kept in the
        `docker` group and gets the guard in its own profile
        (`users.users.<name>.packages`). Declare the accounts yourself, or set
        {option}`services.docker-guard.createUsers`.
      '';
    };

    groups = mkOption {
      type = types.listOf (types.strMatching "[A-Za-z0-9_][A-Za-z0-9_.-]*");
      default = [ ];
      example = [ "agents" ];
      description = ''
        Groups whose members the policy restricts: anyone `/etc/group` lists, whose primary
        group it is, or whose process is in it. Members get the guard from
        `environment.systemPackages` only (ahead of the real docker by priority there, but after
        their own profiles: a member with `docker` in its own packages finds the real one
        first); put them in the `docker` group yourself.
      '';
    };

    systemdServices = mkOption {
      type = types.listOf types.str;
      default = [ ];
      example = [ "ai-agent" ];
      description = ''
        systemd services (running as a restricted user) that get the guard first on their
        `path`. A service's PATH is built from its `path` option, not from any profile, so
        without this a service finds the real docker only if something puts it there. A service
        that sets `Environment=PATH=…` itself overrides this.
      '';
    };

    createUsers = mkOption {
      type = types.bool;
      default = false;
      description = "Declare each of {option}`services.docker-guard.users` as a normal user (`isNormalUser = true`).";
    };

    lockPassword = mkOption {
      type = types.bool;
      default = false;
      description = ''
        Lock the restricted users' passwords (`hashedPassword = "!"`): no password login, keys
        and `su`/`sudo -u` from root still work. With `users.mutableUsers = true` (NixOS's
        default) password options only apply when the account is created.
      '';
    };

    authorizedKeys = mkOption {
      type = types.listOf types.singleLineStr;
      default = [ ];
      description = "SSH public keys allowed to log in as each of {option}`services.docker-guard.users`.";
    };

    policy = {
      allow = nullOpt commandList "ps, images, inspect, logs, start, stop, restart, rm, rmi, pull, build, run, compose, system, network ls, volume ls, info, version, stats, wait and the typed-out inspect forms" ''
        Commands the restricted users may run, in any docker spelling (`ps`, `container ls`,
        `rmi`); a management command (`system`) or plugin (`compose`) allows everything under
        it. Replaces the built-in list as a whole.
      '';
      refuse = nullOpt (types.attrsOf types.nonEmptyStr) "exec, cp, commit, diff, export, import, load, save, attach, push, tag, each with its reason" ''
        Commands refused with the reason shown to the agent; refusal wins over
        {option}`allow`. Replaces the built-in set as a whole.
      '';
      globalFlags = nullOpt commandList "debug, log-level, help, version" ''
        docker's global flags (long names) the restricted users may use. The others (`--host`,
        `--context`, `--config`, TLS flags) choose another daemon or configuration.
      '';
      containers = {
        allowBindMountsUnder = nullOpt (types.listOf absPath) "none" ''
          Host directories whose entries may be bind-mount sources (the directories directly in
          them, not the directory itself nor paths deeper down). A source is refused when the agent
          could change a directory on its path (it could swap in a symlink after the check): e.g.
          `/srv/agent/<project>` owned by the agent under a root-owned `/srv/agent`. Writable binds
          also need the directory on a `nosuid,nodev` mount (a bind mount of it onto itself with
          those options will do); read-only binds do not.
        '';
        privileged = nullOpt types.bool "false" "`--privileged`.";
        capAdd = nullOpt commandList "none" "Capabilities `--cap-add` may name (`NET_ADMIN`, …).";
        devices = nullOpt types.bool "false" "`--device`, `--device-cgroup-rule`.";
        gpus = nullOpt types.bool "false" "`--gpus`.";
        unconfined = nullOpt types.bool "false" "`--security-opt` values that lower confinement (`seccomp=unconfined`, …).";
        hostNamespaces = nullOpt commandList "none" "Namespaces that may be the host's: any of pid, ipc, uts, userns, cgroupns, network.";
        joinContainerNamespaces = nullOpt types.bool "false" "`--network`/`--pid`/`--ipc container:X`.";
        joinNetworks = nullOpt types.bool "false" "`--network NAME`, `build --network NAME`, compose external networks: join a network that exists already, where the container answers to the names other containers use.";
        volumesFrom = nullOpt types.bool "false" "`--volumes-from`.";
        cgroupParent = nullOpt types.bool "false" "`--cgroup-parent`.";
        runtimes = nullOpt commandList "none" "Runtimes besides the daemon's default that `--runtime` may name.";
        sysctls = nullOpt commandList "none" "Sysctls `--sysctl` may set; an entry ending in `.*` allows a prefix.";
        logDrivers = nullOpt commandList "json-file, local, none" "Log drivers `--log-driver` (compose `logging.driver`) may name; the daemon runs them as root.";
        mountPropagation = nullOpt types.bool "false" "shared/rshared mount propagation on binds.";
        apiSocket = nullOpt types.bool "false" "`--use-api-socket` (the daemon's socket as a bind source is refused regardless).";
        publishPorts = nullOpt types.bool "true" "`-p`/`--publish`, `-P`, compose `ports`.";
      };
      build = {
        hostNetwork = nullOpt types.bool "false" "`docker build --network host`.";
        entitlements = nullOpt commandList "none" "Entitlements `docker build --allow` may name.";
        hostsAndProxies = nullOpt types.bool "false" "`docker build --add-host` and the proxy build args (compose `extra_hosts`, `args`), which the build cache does not key on.";
      };
    };

    renderedPolicy = mkOption {
      type = types.attrsOf types.anything;
      readOnly = true;
      default = renderedPolicy;
      defaultText = lib.literalMD "the policy options with `null`s left out";
      description = "What is written to /etc/docker-guard/policy.json (after `docker-guard validate` accepted it).";
    };

    policyFile = mkOption {
      type = types.package;
      readOnly = true;
      default = policyFile;
      defaultText = lib.literalMD "the validated rendering of {option}`services.docker-guard.renderedPolicy`";
      description = "The validated policy file linked to /etc/docker-guard/policy.json.";
    };

    sudo = {
      commands = mkOption {
        type = types.listOf (types.strMatching sudoCommandPattern);
        default = [ ];
        example = [
          "/run/current-system/sw/bin/nixos-rebuild switch --flake /etc/nixos#my-host"
          "/run/current-system/sw/bin/nh os switch --bypass-root-check /etc/nixos"
          "/run/current-system/sw/bin/iptables -L"
          "/run/current-system/sw/bin/iptables -S"
          "/run/current-system/sw/bin/fail2ban-client status"
          "/run/current-system/sw/bin/fail2ban-client status sshd"
          "/run/current-system/sw/bin/journalctl -k --no-pager"
          "/run/current-system/sw/bin/journalctl -u fail2ban --no-pager"
          "/run/current-system/sw/bin/sshd -T"
          "/run/current-system/sw/bin/ss -tlnp"
        ];
        description = ''
          Commands the restricted users may run as root with sudo, without a password, with
          exactly these arguments (sudo matches the arguments joined by spaces, so `a b` also
          matches the single argument "a b"; a command given without arguments is rendered with
          `""`, i.e. no arguments). Absolute paths; no shells, interpreters (versioned names
          too), editors, pagers, prompt-driven programs, `env`, `sudo`, `nix` or `ALL`; no
          wildcards or quotes; no argument sudo would read as a regular expression (`^…`, `…$`)
          or relative to the caller's directory (`.#host`, `~/x`). The rules run with
          `secure_path` and an `env_file` that makes pagers and editors harmless. These checks
          stop obvious mistakes, not every way a program can be made to run another. A rebuild
          command is root for whoever can write the flake it builds: keep that directory (and its
          inputs) root-owned and not writable by the agent.
        '';
      };

      ioLog = mkOption {
        type = types.bool;
        default = true;
        description = ''
          Record what the restricted users type and see under sudo (`log_input`, `log_output`);
          list and replay with `sudoreplay -d <ioLogDir> -l`.
        '';
      };

      ioLogDir = mkOption {
        type = absPath;
        default = "/var/log/sudo-io";
        description = "Where sudo writes the restricted users' I/O logs.";
      };

      sudoersText = mkOption {
        type = types.lines;
        readOnly = true;
        default = sudoersText;
        defaultText = lib.literalMD "rendered from the options above";
        description = "The sudoers lines this module appends (`security.sudo.extraConfig`).";
      };
    };

    audit = {
      enable = lib.mkEnableOption "audit rules watching the real docker binary and the docker socket";
      rules = mkOption {
        type = types.listOf types.str;
        default = [
          "-w ${realDocker} -p x -k docker-guard-real-docker"
        ]
        ++ map (s: "-w ${s} -p wa -k docker-guard-socket") dockerSockets;
        defaultText = lib.literalMD "watch executions of the real docker and writes/attribute changes of each unix socket in `virtualisation.docker.listenOptions`";
        description = ''
          `auditctl` rules added to `security.audit.rules`. The real docker also runs for every
          command the guard allows, so `docker-guard-real-docker` records all docker use; add
          e.g. `-a always,exit -F arch=b64 -S execve -F uid=<agent uid> -k ai-worker-exec` (with
          a fixed `users.users.<name>.uid`) to record everything the agent runs.
        '';
      };
    };
  };

  ###### implementation

  config = lib.mkIf cfg.enable (
    lib.mkMerge [
      {
        assertions = [
          {
            assertion = dockerCfg.enable;
            message = "services.docker-guard.enable needs virtualisation.docker.enable = true: the guard execs the docker CLI of virtualisation.docker.package and its users reach the daemon through the docker group.";
          }
          {
            assertion = cfg.users != [ ] || cfg.groups != [ ];
            message = ''services.docker-guard: users and groups are both empty, so the policy would restrict nobody (docker-guard rejects such a policy). Name the agent's account (users = [ "ai-worker" ]) or use users = [ "*" ] for everyone.'';
          }
          {
            assertion = cfg.finalPackage ? policyPath && cfg.finalPackage ? realDocker;
            message = "services.docker-guard: the package has no passthru.policyPath and passthru.realDocker (nix/package.nix sets both), so the module cannot check where it reads its policy or watch the docker it execs; build it with nix/package.nix or pass them through.";
          }
          {
            assertion = (cfg.finalPackage.policyPath or policyPath) == policyPath;
            message = "services.docker-guard: the package reads its policy from ${cfg.finalPackage.policyPath or "?"}, but this module writes ${policyPath}; build the package with policyPath = \"${policyPath}\".";
          }
          {
            assertion = badSudoCommands == [ ];
            message = "services.docker-guard.sudo.commands must be absolute paths with fixed arguments, without shells, interpreters, editors, pagers, env/sudo/nix, ALL, wildcards, quotes or `!`; these are not: ${lib.concatStringsSep "; " badSudoCommands}";
          }
          {
            assertion = cfg.sudo.commands == [ ] || config.security.sudo.enable;
            message = "services.docker-guard.sudo.commands needs security.sudo.enable = true (the whitelist is rendered into sudo's sudoers file).";
          }
          {
            assertion = cfg.sudo.commands == [ ] || !config.security.sudo.execWheelOnly;
            message = "services.docker-guard.sudo.commands cannot work with security.sudo.execWheelOnly = true: sudo is then executable by wheel only, and putting ${lib.concatStringsSep ", " sudoWho} in wheel would give it `sudo ALL`. Set security.sudo.execWheelOnly = false or drop the whitelist.";
          }
          {
            assertion = cfg.sudo.commands == [ ] || sudoWho != [ ];
            message = ''services.docker-guard.sudo.commands needs named users or groups: users = [ "*" ] names no account to give the whitelist to.'';
          }
        ]
        ++ map (u: {
          assertion = config.users.users.${u}.isNormalUser || config.users.users.${u}.isSystemUser;
          message = "services.docker-guard.users names `${u}`, which is not declared: declare users.users.${u} (isNormalUser = true) or set services.docker-guard.createUsers = true.";
        }) namedUsers;

        warnings =
          lib.concatMap (
            u:
            lib.optional (lib.elem "wheel" config.users.users.${u}.extraGroups)
              "services.docker-guard: ${u} is in the wheel group, so sudo gives it root and docker-guard is advisory only."
          ) namedUsers
          ++ lib.optional (cfg.sudo.commands != [ ] && lib.elem "*" cfg.users)
            "services.docker-guard: users contains \"*\"; the sudo whitelist goes only to the named users and groups (${lib.concatStringsSep ", " sudoWho})."
          ++ map (
            g:
            "services.docker-guard.groups names `${g}`, which users.groups does not declare: if no such group exists, it restricts no one. Its members get the guard only from /run/current-system/sw/bin, after their own profiles (users.users.<name>.packages, home-manager): name them in users to put it in their profiles too."
          ) (lib.filter (g: !(config.users.groups ? ${g})) cfg.groups)
          ++ lib.concatMap (
            n:
            let
              svc = config.systemd.services.${n};
              user = (svc.serviceConfig or { }).User or "root";
            in
            lib.optional ((svc.script or "") == "" && !((svc.serviceConfig or { }) ? ExecStart))
              "services.docker-guard.systemdServices names `${n}`, which no other module defines (no script or ExecStart): a typo leaves the real service unguarded."
            ++ lib.optional (!(lib.elem "*" cfg.users) && !(lib.elem user namedUsers))
              "services.docker-guard.systemdServices names `${n}`, which runs as ${user}, a user the policy does not name: the guard passes its docker commands through untouched."
          ) cfg.systemdServices;

        # Priority, not list order, decides which `docker` wins in /run/current-system/sw
        # (buildEnv keeps the lower meta.priority; hiPrio = -10 beats virtualisation.docker's
        # package at the default 5). Unrestricted users, root included, pass through.
        environment.systemPackages = [ (lib.hiPrio cfg.finalPackage) ];

        environment.etc."docker-guard/policy.json".source = policyFile;

        users.users = lib.genAttrs namedUsers (_: {
          # The per-user profile (/etc/profiles/per-user/<name>/bin) comes before
          # /run/current-system/sw/bin on a login PATH: the guard stays first for the agent even
          # if the system-wide entry is ever lost.
          packages = [ (lib.hiPrio cfg.finalPackage) ];
          # The guard forwards to the real docker, which needs the socket.
          extraGroups = [ "docker" ];
        });

        systemd.services = lib.genAttrs cfg.systemdServices (_: {
          path = lib.mkBefore [ cfg.finalPackage ];
        });
      }

      (lib.mkIf cfg.createUsers {
        users.users = lib.genAttrs namedUsers (_: {
          isNormalUser = lib.mkDefault true;
          description = lib.mkDefault "AI agent (docker-guard restricts its docker)";
        });
      })

      (lib.mkIf cfg.lockPassword {
        users.users = lib.genAttrs namedUsers (_: {
          hashedPassword = "!";
        });
      })

      (lib.mkIf (cfg.authorizedKeys != [ ]) {
        users.users = lib.genAttrs namedUsers (_: {
          openssh.authorizedKeys.keys = cfg.authorizedKeys;
        });
      })

      # After the root and wheel rules (sudoers: the last match wins, so the specific rules last).
      (lib.mkIf (sudoWanted && sudoWho != [ ] && config.security.sudo.enable) {
        security.sudo.extraConfig = lib.mkAfter sudoersText;
        environment.etc."docker-guard/sudo-env".text = lib.concatStrings (
          lib.mapAttrsToList (k: v: "${k}=${v}\n") sudoEnv
        );
      })

      (lib.mkIf cfg.audit.enable {
        security.audit.enable = lib.mkDefault true;
        security.audit.rules = cfg.audit.rules;
        security.auditd.enable = lib.mkDefault true;
      })
    ]
  );
}
