# Evaluates nix/module.nix with nixpkgs' real module system (lib.evalModules) next to minimal
# stub declarations of the NixOS options it sets, and nix/package.nix with stand-ins for
# stdenvNoCC, bun, docker and fetchFromGitHub. Needs only nixpkgs' `lib` (a nixpkgs or
# nixpkgs.lib checkout), no store paths and no network:
#
#   nix-instantiate --eval --strict --json --readonly-mode nix/tests/eval-module.nix \
#     --arg lib 'import /path/to/nixpkgs-or-nixpkgs.lib/lib'
#
# (scripts/nix-eval-module.sh does exactly that). Every check below compares a value with what
# it must be; any mismatch throws with all failures listed. On success it returns the checks'
# names and the rendered policy.json and sudoers texts, for test/nix/module-eval.test.ts to feed
# to `docker-guard validate`, `visudo -c` and `cvtsudoers`.
{ lib }:

let
  inherit (lib) mkOption types;

  fakeDrv =
    name: extra:
    {
      type = "derivation";
      inherit name;
      outPath = "/nix/store/00000000000000000000000000000000-${name}";
      drvPath = "/nix/store/00000000000000000000000000000000-${name}.drv";
      meta = { };
    }
    // extra;

  fakeDocker = fakeDrv "docker-28.5.1" { };
  otherDocker = fakeDrv "docker-27.5.1" { };

  # What callPackage ./package.nix gives, as far as the module uses it.
  fakeGuard =
    {
      docker ? fakeDocker,
      policyPath ? "/etc/docker-guard/policy.json",
    }:
    fakeDrv "docker-guard-0.1.0" {
      realDocker = "${docker}/bin/docker";
      inherit policyPath;
      meta.mainProgram = "docker";
      override = args: fakeGuard ({ inherit docker policyPath; } // args);
    };

  # A fork or wrapper of the package without the passthru the module reads.
  noPassthruGuard = fakeDrv "docker-guard-fork" {
    meta.mainProgram = "docker";
    override = _: noPassthruGuard;
  };

  fakePkgs = {
    runCommand = name: env: script: fakeDrv name { inherit env script; };
    formats.json = _: {
      generate = name: value: fakeDrv name { inherit value; };
    };
    callPackage = _: _: throw "eval-module.nix sets services.docker-guard.package itself";
  };

  # The NixOS options module.nix sets, declared loosely (types only as strict as the module
  # needs): enough for evalModules to merge definitions the way NixOS would.
  stubs = {
    options = {
      assertions = mkOption {
        type = types.listOf types.unspecified;
        default = [ ];
      };
      warnings = mkOption {
        type = types.listOf types.str;
        default = [ ];
      };
      environment.systemPackages = mkOption {
        type = types.listOf types.package;
        default = [ ];
      };
      environment.etc = mkOption {
        type = types.attrsOf (
          types.submodule {
            options.source = mkOption { type = types.anything; };
            options.text = mkOption {
              type = types.nullOr types.lines;
              default = null;
            };
          }
        );
        default = { };
      };
      users.groups = mkOption {
        type = types.attrsOf types.anything;
        default = { };
      };
      users.users = mkOption {
        default = { };
        type = types.attrsOf (
          types.submodule {
            options = {
              isNormalUser = mkOption {
                type = types.bool;
                default = false;
              };
              isSystemUser = mkOption {
                type = types.bool;
                default = false;
              };
              description = mkOption {
                type = types.str;
                default = "";
              };
              extraGroups = mkOption {
                type = types.listOf types.str;
                default = [ ];
              };
              packages = mkOption {
                type = types.listOf types.package;
                default = [ ];
              };
              hashedPassword = mkOption {
                type = types.nullOr types.str;
                default = null;
              };
              openssh.authorizedKeys.keys = mkOption {
                type = types.listOf types.singleLineStr;
                default = [ ];
              };
            };
          }
        );
      };
      security.sudo = {
        enable = mkOption {
          type = types.bool;
          default = true;
        };
        execWheelOnly = mkOption {
          type = types.bool;
          default = false;
        };
        extraConfig = mkOption {
          type = types.lines;
          default = "";
        };
      };
      security.audit = {
        enable = mkOption {
          type = types.enum [
            false
            true
            "lock"
          ];
          default = false;
        };
        rules = mkOption {
          type = types.listOf types.str;
          default = [ ];
        };
      };
      security.auditd.enable = mkOption {
        type = types.bool;
        default = false;
      };
      systemd.services = mkOption {
        default = { };
        type = types.attrsOf (
          types.submodule {
            freeformType = types.attrsOf types.anything;
            options.path = mkOption {
              type = types.listOf (types.either types.package types.str);
              default = [ ];
            };
          }
        );
      };
      virtualisation.docker = {
        enable = mkOption {
          type = types.bool;
          default = false;
        };
        package = mkOption {
          type = types.package;
          default = fakeDocker;
        };
        listenOptions = mkOption {
          type = types.listOf types.str;
          default = [ "/run/docker.sock" ];
        };
      };
    };
  };

  base = {
    _module.args.pkgs = fakePkgs;
    virtualisation.docker.enable = lib.mkDefault true;
    services.docker-guard.enable = true;
    services.docker-guard.package = fakeGuard { };
  };

  eval =
    modules:
    (lib.evalModules {
      modules = [
        stubs
        ../module.nix
        base
      ]
      ++ modules;
    }).config;

  failed = config: map (a: a.message) (lib.filter (a: !a.assertion) config.assertions);
  prio = drv: drv.meta.priority or 5;

  # ---- configurations ---------------------------------------------------------------------------

  defaults = eval [ { users.users.ai-worker.isNormalUser = true; } ];

  fullCommands = [
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
    "/run/current-system/sw/bin/uptime"
  ];

  full = eval [
    {
      virtualisation.docker.package = otherDocker;
      virtualisation.docker.listenOptions = [
        "/run/docker.sock"
        "tcp://127.0.0.1:2375"
      ];
      systemd.services.agent.serviceConfig.User = "ai-worker";
      services.docker-guard = {
        groups = [ "agents" ];
        createUsers = true;
        lockPassword = true;
        authorizedKeys = [ "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleExampleExampleExampleExampleExample agent" ];
        systemdServices = [ "agent" ];
        policy = {
          allow = [
            "ps"
            "logs"
            "compose"
          ];
          refuse.exec = "no shells in containers";
          globalFlags = [ "debug" ];
          containers = {
            allowBindMountsUnder = [ "/srv/agent" ];
            privileged = false;
            publishPorts = false;
            capAdd = [ "NET_ADMIN" ];
            logDrivers = [ "journald" ];
          };
          build.hostNetwork = false;
        };
        sudo.commands = fullCommands;
        audit.enable = true;
      };
    }
  ];

  # containers/build sections: a key set to false stays, a section left all-null disappears.
  onlyFalse = eval [
    {
      users.users.ai-worker.isNormalUser = true;
      services.docker-guard.policy.containers.privileged = false;
    }
  ];

  everyone = eval [
    {
      services.docker-guard.users = [ "*" ];
      services.docker-guard.sudo.ioLog = false;
    }
  ];

  noDocker = eval [
    {
      users.users.ai-worker.isNormalUser = true;
      virtualisation.docker.enable = false;
    }
  ];
  nobody = eval [ { services.docker-guard.users = [ ]; } ];
  undeclared = eval [ { services.docker-guard.users = [ "ghost" ]; } ];
  wheelOnly = eval [
    {
      users.users.ai-worker.isNormalUser = true;
      security.sudo.execWheelOnly = true;
      services.docker-guard.sudo.commands = [ "/run/current-system/sw/bin/ss -tlnp" ];
    }
  ];
  noSudo = eval [
    {
      users.users.ai-worker.isNormalUser = true;
      security.sudo.enable = false;
      services.docker-guard.sudo.commands = [ "/run/current-system/sw/bin/ss -tlnp" ];
    }
  ];
  badCommands = [
    # versioned interpreters and programs that read commands at a prompt (a red-team review)
    "/run/current-system/sw/bin/python3.12 -c 1"
    "/run/current-system/sw/bin/perl5.38.2 -e 1"
    "/run/current-system/sw/bin/sqlite3"
    "/run/current-system/sw/bin/gdb -batch"
    # sudo regular-expression arguments, and arguments relative to the caller's directory
    "/run/current-system/sw/bin/grep ^root:.+$ /etc/passwd"
    "/run/current-system/sw/bin/ls /etc$"
    "/run/current-system/sw/bin/nixos-rebuild switch --flake .#my-host"
    "/run/current-system/sw/bin/nixos-rebuild switch --flake=.#my-host"
    "/run/current-system/sw/bin/cat ~/x"
    "/run/current-system/sw/bin/bash -c id"
    "/run/current-system/sw/bin/env iptables -L"
    "/run/current-system/sw/bin/journalctl -u *"
    "/run/current-system/sw/bin/iptables ALL"
    "/nix/store/00000000000000000000000000000000-python3/bin/python3 -c 1"
    "/run/current-system/sw/bin/echo \"x\""
  ];
  noPassthru = eval [
    {
      users.users.ai-worker.isNormalUser = true;
      services.docker-guard.package = lib.mkForce noPassthruGuard;
    }
  ];
  strayService = eval [
    {
      users.users.ai-worker.isNormalUser = true;
      services.docker-guard.systemdServices = [ "ai-agnet" ];
    }
  ];
  shells = eval [
    {
      users.users.ai-worker.isNormalUser = true;
      services.docker-guard.sudo.commands = badCommands;
    }
  ];
  wheel = eval [
    {
      users.users.ai-worker = {
        isNormalUser = true;
        extraGroups = [ "wheel" ];
      };
    }
  ];

  # ---- package.nix with stand-ins ---------------------------------------------------------------

  fakeStdenvNoCC = {
    buildPlatform.canExecute = _: true;
    hostPlatform = { };
    mkDerivation =
      f:
      let
        attrs = f final;
        final = attrs // {
          type = "derivation";
          name = "${attrs.pname}-${attrs.version}";
          outPath = "/nix/store/00000000000000000000000000000000-${attrs.pname}-${attrs.version}";
        };
      in
      final;
  };
  pkg = import ../package.nix {
    inherit lib;
    stdenvNoCC = fakeStdenvNoCC;
    bun = fakeDrv "bun-1.3.3" {
      version = "1.3.3";
      meta.mainProgram = "bun";
    };
    docker = fakeDocker;
    fetchFromGitHub = args: fakeDrv "source-${args.repo}" { inherit args; };
  };
  packageJSON = lib.importJSON ../../package.json;

  # ---- the VM test's machine, and the flake's outputs, with stand-ins -------------------------

  vmArgs = import ./vm.nix {
    pkgs.testers.runNixOSTest = args: args;
  };
  vmMachine =
    (lib.evalModules {
      modules = [
        stubs
        { options.virtualisation.memorySize = mkOption { type = types.int; }; }
        vmArgs.nodes.machine
        {
          _module.args.pkgs = fakePkgs;
          services.docker-guard.package = fakeGuard { };
        }
      ];
    }).config;
  vmScript = vmArgs.testScript { nodes.machine = vmMachine; };

  flakeSystems = [
    "x86_64-linux"
    "aarch64-linux"
  ];
  fakeNixpkgs = {
    inherit lib;
    legacyPackages = lib.genAttrs flakeSystems (system: {
      stdenv.hostPlatform.system = system;
      callPackage = path: _args: fakeDrv "callPackage" { path = toString path; };
      testers.runNixOSTest = args: fakeDrv "nixos-test-${args.name}" { };
      mkShellNoCC = _: fakeDrv "shell" { };
      bun = fakeDrv "bun" { };
      nodejs = fakeDrv "nodejs" { };
      nixfmt-tree = fakeDrv "nixfmt-tree" { };
    });
  };
  flake = import ../../flake.nix;
  flakeOutputs = flake.outputs {
    self = flakeOutputs;
    nixpkgs = fakeNixpkgs;
  };
  overlaid = flakeOutputs.overlays.default fakeNixpkgs.legacyPackages.x86_64-linux { };
  depsJSON = lib.importJSON ../deps.json;

  # ---- expectations -----------------------------------------------------------------------------

  sudoDefaultsText = ''
    # services.docker-guard: the agents' fixed sudo whitelist
    User_Alias DOCKER_GUARD_AGENTS = ai-worker
    Defaults:DOCKER_GUARD_AGENTS env_reset, !setenv, secure_path="/run/wrappers/bin:/run/current-system/sw/bin", env_file=/etc/docker-guard/sudo-env
    Defaults:DOCKER_GUARD_AGENTS log_input, log_output, iolog_dir=/var/log/sudo-io'';

  sudoFullText = ''
    # services.docker-guard: the agents' fixed sudo whitelist
    User_Alias DOCKER_GUARD_AGENTS = ai-worker, %agents
    Defaults:DOCKER_GUARD_AGENTS env_reset, !setenv, secure_path="/run/wrappers/bin:/run/current-system/sw/bin", env_file=/etc/docker-guard/sudo-env
    Defaults:DOCKER_GUARD_AGENTS log_input, log_output, iolog_dir=/var/log/sudo-io
    DOCKER_GUARD_AGENTS ALL=(root) NOPASSWD: /run/current-system/sw/bin/nixos-rebuild switch --flake /etc/nixos\#my-host
    DOCKER_GUARD_AGENTS ALL=(root) NOPASSWD: /run/current-system/sw/bin/nh os switch --bypass-root-check /etc/nixos
    DOCKER_GUARD_AGENTS ALL=(root) NOPASSWD: /run/current-system/sw/bin/iptables -L
    DOCKER_GUARD_AGENTS ALL=(root) NOPASSWD: /run/current-system/sw/bin/iptables -S
    DOCKER_GUARD_AGENTS ALL=(root) NOPASSWD: /run/current-system/sw/bin/fail2ban-client status
    DOCKER_GUARD_AGENTS ALL=(root) NOPASSWD: /run/current-system/sw/bin/fail2ban-client status sshd
    DOCKER_GUARD_AGENTS ALL=(root) NOPASSWD: /run/current-system/sw/bin/journalctl -k --no-pager
    DOCKER_GUARD_AGENTS ALL=(root) NOPASSWD: /run/current-system/sw/bin/journalctl -u fail2ban --no-pager
    DOCKER_GUARD_AGENTS ALL=(root) NOPASSWD: /run/current-system/sw/bin/sshd -T
    DOCKER_GUARD_AGENTS ALL=(root) NOPASSWD: /run/current-system/sw/bin/ss -tlnp
    DOCKER_GUARD_AGENTS ALL=(root) NOPASSWD: /run/current-system/sw/bin/uptime ""'';

  hasMessage = config: needle: lib.any (m: lib.hasInfix needle m) (failed config);
  hasWarning = config: needle: lib.any (lib.hasInfix needle) config.warnings;
  guardOf = config: config.services.docker-guard.finalPackage;

  checks = {
    # policy.json
    "default policy.json names only who is restricted" = {
      got = builtins.fromJSON (builtins.toJSON defaults.services.docker-guard.renderedPolicy);
      expected = {
        users = [ "ai-worker" ];
        groups = [ ];
      };
    };
    "policy.json is the validated file in /etc" = {
      got = {
        inherit (defaults.environment.etc."docker-guard/policy.json".source) name;
        validates = lib.hasInfix "/bin/docker-guard validate \"$src\"" defaults.environment.etc."docker-guard/policy.json".source.script;
        renders = defaults.environment.etc."docker-guard/policy.json".source.env.src.value;
      };
      expected = {
        name = "docker-guard-policy.json";
        validates = true;
        renders = defaults.services.docker-guard.renderedPolicy;
      };
    };
    "full policy.json" = {
      got = builtins.fromJSON (builtins.toJSON full.services.docker-guard.renderedPolicy);
      expected = {
        users = [ "ai-worker" ];
        groups = [ "agents" ];
        allow = [
          "ps"
          "logs"
          "compose"
        ];
        refuse = {
          exec = "no shells in containers";
        };
        globalFlags = [ "debug" ];
        containers = {
          allowBindMountsUnder = [ "/srv/agent" ];
          privileged = false;
          publishPorts = false;
          capAdd = [ "NET_ADMIN" ];
          logDrivers = [ "journald" ];
        };
        build = {
          hostNetwork = false;
        };
      };
    };
    "a false policy value is kept, an all-null section left out" = {
      got = onlyFalse.services.docker-guard.renderedPolicy;
      expected = {
        users = [ "ai-worker" ];
        groups = [ ];
        containers.privileged = false;
      };
    };

    # PATH
    "system-wide: the guard alone, at hiPrio" = {
      got = map (p: {
        inherit (p) name;
        priority = prio p;
      }) defaults.environment.systemPackages;
      expected = [
        {
          name = "docker-guard-0.1.0";
          priority = -10;
        }
      ];
    };
    "per-user profile and docker group" = {
      got = {
        packages = map (p: "${p.name}@${toString (prio p)}") defaults.users.users.ai-worker.packages;
        inherit (defaults.users.users.ai-worker) extraGroups hashedPassword;
      };
      expected = {
        packages = [ "docker-guard-0.1.0@-10" ];
        extraGroups = [ "docker" ];
        hashedPassword = null;
      };
    };
    "the real docker is virtualisation.docker.package" = {
      got = [
        (guardOf defaults).realDocker
        (guardOf full).realDocker
      ];
      expected = [
        "${fakeDocker}/bin/docker"
        "${otherDocker}/bin/docker"
      ];
    };
    "listed systemd services get the guard first on path" = {
      got = map (p: p.name) full.systemd.services.agent.path;
      expected = [ "docker-guard-0.1.0" ];
    };
    "optional user settings" = {
      got = {
        inherit (full.users.users.ai-worker) isNormalUser hashedPassword extraGroups;
        keys = full.users.users.ai-worker.openssh.authorizedKeys.keys;
        defaultsNormal = defaults.users.users.ai-worker.isNormalUser;
      };
      expected = {
        isNormalUser = true;
        hashedPassword = "!";
        extraGroups = [ "docker" ];
        keys = [ "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleExampleExampleExampleExampleExample agent" ];
        defaultsNormal = true;
      };
    };

    # sudo
    "default sudoers: I/O logging only, no rules" = {
      got = defaults.security.sudo.extraConfig;
      expected = sudoDefaultsText;
    };
    "full sudoers text" = {
      got = full.security.sudo.extraConfig;
      expected = sudoFullText;
    };
    "sudoersText option is what goes to sudo" = {
      got = full.services.docker-guard.sudo.sudoersText;
      expected = full.security.sudo.extraConfig;
    };
    "users = * and no groups: no sudoers lines" = {
      got = {
        sudo = everyone.security.sudo.extraConfig;
        failed = failed everyone;
        users = builtins.attrNames everyone.users.users;
      };
      expected = {
        sudo = "";
        failed = [ ];
        users = [ ];
      };
    };

    # audit
    "audit off by default" = {
      got = [
        defaults.security.audit.enable
        defaults.security.audit.rules
      ];
      expected = [
        false
        [ ]
      ];
    };
    "audit rules" = {
      got = {
        inherit (full.security.audit) enable rules;
        auditd = full.security.auditd.enable;
      };
      expected = {
        enable = true;
        auditd = true;
        rules = [
          "-w ${otherDocker}/bin/docker -p x -k docker-guard-real-docker"
          "-w /run/docker.sock -p wa -k docker-guard-socket"
        ];
      };
    };

    # assertions and warnings
    "no failed assertions in the good configurations" = {
      got = map failed [
        defaults
        full
        onlyFalse
      ];
      expected = [
        [ ]
        [ ]
        [ ]
      ];
    };
    "assertion: docker must be enabled" = {
      got = hasMessage noDocker "needs virtualisation.docker.enable = true";
      expected = true;
    };
    "assertion: users and groups both empty" = {
      got = hasMessage nobody "users and groups are both empty";
      expected = true;
    };
    "assertion: restricted user not declared" = {
      got = hasMessage undeclared "names `ghost`, which is not declared";
      expected = true;
    };
    "assertion: execWheelOnly with a whitelist" = {
      got = hasMessage wheelOnly "cannot work with security.sudo.execWheelOnly = true";
      expected = true;
    };
    "assertion: whitelist without sudo" = {
      got = hasMessage noSudo "needs security.sudo.enable = true";
      expected = true;
    };
    "assertion: shells, env, wildcards, ALL, interpreters, quotes" = {
      got = map (c: hasMessage shells c) badCommands;
      expected = map (_: true) badCommands;
    };
    "sudo: pagers and editors of whitelisted commands cannot become a shell (env_file)" = {
      got = full.environment.etc."docker-guard/sudo-env".text;
      expected = "EDITOR=/run/current-system/sw/bin/false\nGIT_PAGER=cat\nLESSSECURE=1\nMANPAGER=cat\nPAGER=cat\nSYSTEMD_EDITOR=/run/current-system/sw/bin/false\nSYSTEMD_PAGER=cat\nSYSTEMD_PAGERSECURE=1\nVISUAL=/run/current-system/sw/bin/false\n";
    };
    "assertion: a package without passthru.policyPath and realDocker" = {
      got = hasMessage noPassthru "has no passthru.policyPath and passthru.realDocker";
      expected = true;
    };
    "warning: a group users.groups does not declare" = {
      got = hasWarning full "groups names `agents`, which users.groups does not declare";
      expected = true;
    };
    "warning: a systemd service no module defines, or that runs as a user the policy does not name" = {
      got = {
        undefined = hasWarning strayService "names `ai-agnet`, which no other module defines";
        rootUser = hasWarning strayService "names `ai-agnet`, which runs as root, a user the policy does not name";
        vmClean = hasWarning vmMachine "systemdServices names";
      };
      expected = {
        undefined = true;
        rootUser = true;
        vmClean = false;
      };
    };
    "warning: agent in wheel" = {
      got = hasWarning wheel "ai-worker is in the wheel group";
      expected = true;
    };

    # the VM test and the flake
    "vm test: the machine's configuration" = {
      got = {
        failed = failed vmMachine;
        path = map (p: p.name) vmMachine.systemd.services.agent-probe.path;
        sudo = lib.hasInfix "DOCKER_GUARD_AGENTS ALL=(root) NOPASSWD: /run/current-system/sw/bin/ss -tlnp" vmMachine.security.sudo.extraConfig;
        inherit (vmMachine.users.users.ai-worker) isNormalUser hashedPassword extraGroups;
        audit = lib.length vmMachine.security.audit.rules;
        name = vmArgs.name;
      };
      expected = {
        failed = [ ];
        path = [ "docker-guard-0.1.0" ];
        sudo = true;
        isNormalUser = true;
        hashedPassword = "!";
        extraGroups = [ "docker" ];
        audit = 2;
        name = "docker-guard";
      };
    };
    "flake outputs" = {
      got = {
        outputs = lib.attrNames flakeOutputs;
        packages = lib.mapAttrs (_: lib.mapAttrs (_: p: p.path)) flakeOutputs.packages;
        checks = lib.mapAttrs (_: c: lib.mapAttrs (_: d: d.name) c) flakeOutputs.checks;
        formatter = lib.mapAttrs (_: f: f.name) flakeOutputs.formatter;
        module = toString flakeOutputs.nixosModules.default;
        overlay = overlaid.docker-guard.path;
        inputs = lib.attrNames flake.inputs;
      };
      expected = {
        outputs = [
          "checks"
          "devShells"
          "formatter"
          "nixosModules"
          "overlays"
          "packages"
        ];
        packages = lib.genAttrs flakeSystems (_: {
          default = toString ../package.nix;
          docker-guard = toString ../package.nix;
        });
        checks = lib.genAttrs flakeSystems (_: {
          devShell = "shell";
          package = "callPackage";
          vm = "nixos-test-docker-guard";
        });
        formatter = lib.genAttrs flakeSystems (_: "nixfmt-tree");
        module = toString ../module.nix;
        overlay = toString ../package.nix;
        inputs = [ "nixpkgs" ];
      };
    };

    # package.nix
    "package: version, mainProgram, no strip, no patchelf, install check" = {
      got = {
        inherit (pkg)
          version
          dontStrip
          dontPatchELF
          doInstallCheck
          ;
        inherit (pkg.meta) mainProgram;
        inherit (pkg.passthru) realDocker policyPath;
      };
      expected = {
        inherit (packageJSON) version;
        dontStrip = true;
        dontPatchELF = true;
        doInstallCheck = true;
        mainProgram = "docker";
        realDocker = "${fakeDocker}/bin/docker";
        policyPath = "/etc/docker-guard/policy.json";
      };
    };
    "package: dependencies fetched from GitHub by nix/deps.json" = {
      got = lib.mapAttrs (_: d: d.args) pkg.passthru.deps;
      expected = depsJSON;
    };
    "package: build runs scripts/nix-build.sh with every dependency and the baked paths" = {
      got =
        map (s: lib.hasInfix s pkg.buildPhase) [
          "bash scripts/nix-build.sh"
          "--dep minimist=${fakeDrv "source-minimist" { }}"
          "--dep picocolors=${fakeDrv "source-picocolors" { }}"
          "--bun ${fakeDrv "bun-1.3.3" { }}/bin/bun"
          "--real-docker ${lib.escapeShellArg "${fakeDocker}/bin/docker"}"
          "--policy-path ${lib.escapeShellArg "/etc/docker-guard/policy.json"}"
        ]
        ++ [
          (lib.hasInfix "bash scripts/nix-install-check.sh $out/bin ${lib.escapeShellArg packageJSON.version}" pkg.installCheckPhase)
        ];
      expected = lib.genList (_: true) 7;
    };
  }
  # Forces lib.fileset.toSource: every listed file must exist (--readonly-mode: nothing is copied
  # to the store). lib.fileset needs builtins.readFileType (Nix >= 2.14; Debian's nix-bin is 2.8).
  // lib.optionalAttrs (builtins ? readFileType) {
    "package: source fileset resolves" = {
      got = lib.hasPrefix "/nix/store/" "${pkg.src}";
      expected = true;
    };
  };
  skipped = lib.optionalAttrs (!(builtins ? readFileType)) {
    "package: source fileset resolves" = "this Nix (${builtins.nixVersion}) lacks builtins.readFileType, which lib.fileset needs (Nix >= 2.14)";
  };

  results = lib.mapAttrs (_: c: c // { ok = c.got == c.expected; }) checks;
  failures = lib.filterAttrs (_: r: !r.ok) results;
  show = v: builtins.toJSON v;
in
if failures != { } then
  throw (
    "eval-module.nix: ${toString (lib.length (lib.attrNames failures))} of ${toString (lib.length (lib.attrNames results))} checks failed:\n"
    + lib.concatStrings (
      lib.mapAttrsToList (n: r: "not ok - ${n}\n  got:      ${show r.got}\n  expected: ${show r.expected}\n") failures
    )
  )
else
  {
    passed = lib.attrNames results;
    inherit skipped;
    policies = {
      defaults = builtins.toJSON defaults.services.docker-guard.renderedPolicy;
      full = builtins.toJSON full.services.docker-guard.renderedPolicy;
      onlyFalse = builtins.toJSON onlyFalse.services.docker-guard.renderedPolicy;
      everyone = builtins.toJSON everyone.services.docker-guard.renderedPolicy;
    };
    sudoers = {
      defaults = defaults.security.sudo.extraConfig;
      full = full.security.sudo.extraConfig;
    };
    # What `cvtsudoers -f json` must read back from sudoers.full (escapes undone, "" for none).
    sudoCommands.full = map (c: if lib.length (lib.splitString " " c) == 1 then "${c} \"\"" else c) fullCommands;
    warnings = {
      full = full.warnings;
    };
    # The VM test's Python, for a syntax check (the driver itself needs nixpkgs and KVM).
    inherit vmScript;
  }
