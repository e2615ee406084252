# docker-guard as a nixpkgs-style package: one Bun-compiled binary, `docker-guard`, with `docker`
# beside it as a symlink. Built from source with nixpkgs' bun, offline (see nix-notes.md §1).
{
  lib,
  stdenvNoCC,
  bun,
  docker,
  fetchFromGitHub,
  # Where the guard reads its policy. Fixed at build time, like the real docker's path: nothing
  # at run time can point the guard elsewhere. The NixOS module writes exactly this file.
  policyPath ? "/etc/docker-guard/policy.json",
}:

let
  packageJSON = lib.importJSON ../package.json;

  # minimist and picocolors: their tagged sources from GitHub, fetched by hash (the hashes and how
  # they were computed: nix/deps.json, scripts/nix-dep-trees.sh). No package registry, no lockfile
  # with download addresses and no `bun install`: scripts/nix-build.sh copies each tree into
  # node_modules/<name>, which is all `bun build` needs (it bundles the files the code imports).
  depSpecs = lib.importJSON ./deps.json;
  deps = lib.mapAttrs (
    _name: d:
    fetchFromGitHub {
      inherit (d)
        owner
        repo
        tag
        hash
        ;
    }
  ) depSpecs;

  # deps.json must follow package.json: a dependency added there and not here would only fail
  # inside the sandbox ("Could not resolve"), so say so at evaluation time instead.
  depsMatch =
    lib.attrNames packageJSON.dependencies == lib.attrNames depSpecs
    && lib.all (n: depSpecs.${n}.tag == "v${packageJSON.dependencies.${n}}") (
      lib.attrNames depSpecs
    );

  realDocker = lib.getExe' docker "docker";
in
assert lib.assertMsg depsMatch
  "docker-guard: nix/deps.json (${toString (lib.mapAttrsToList (n: d: "${n}@${d.tag}") depSpecs)}) does not match the dependencies of package.json (${toString (lib.mapAttrsToList (n: v: "${n}@${v}") packageJSON.dependencies)}): update nix/deps.json (scripts/nix-dep-trees.sh prints the hashes)";
assert lib.assertMsg (lib.hasPrefix "/" policyPath)
  "docker-guard: policyPath must be an absolute path, not ${policyPath}";
stdenvNoCC.mkDerivation (finalAttrs: {
  pname = "docker-guard";
  inherit (packageJSON) version;

  # Only what the build reads: README or test edits do not rebuild the binary.
  src = lib.fileset.toSource {
    root = ../.;
    fileset = lib.fileset.unions [
      ../package.json
      ../tsconfig.json
      ../src
      ../scripts/build.sh
      ../scripts/nix-build.sh
      ../scripts/nix-install-check.sh
    ];
  };

  nativeBuildInputs = [ bun ];

  # The same command test/nix/package-build.test.ts runs outside Nix. scripts/build.sh bakes the
  # real docker's store path (so it is in the runtime closure) and the policy path into the
  # binary with `bun build --define`, and turns off the .env/bunfig.toml autoload.
  buildPhase = ''
    runHook preBuild
    export HOME=$TMPDIR
    bash scripts/nix-build.sh \
      ${lib.concatStringsSep " " (lib.mapAttrsToList (n: src: "--dep ${n}=${src}") deps)} \
      -- \
      --bun ${lib.getExe' bun "bun"} \
      --real-docker ${lib.escapeShellArg realDocker} \
      --policy-path ${lib.escapeShellArg policyPath} \
      --out dist
    runHook postBuild
  '';

  installPhase = ''
    runHook preInstall
    install -Dm755 dist/docker-guard $out/bin/docker-guard
    ln -s docker-guard $out/bin/docker
    runHook postInstall
  '';

  # strip (even nixpkgs' default `strip -S`) removes the program Bun appended to its runtime and
  # leaves the plain bun CLI: `docker run X` would become `bun run X` (oven-sh/bun#20599).
  # stdenvNoCC has no strip, but an override onto stdenv must not bring it back.
  dontStrip = true;
  # patchelf breaks executables produced by `bun build --compile` (as nixpkgs' bun-unwrapped
  # notes); the bun copied into the output already has the store's interpreter and rpath.
  dontPatchELF = true;

  # Runs the installed binary: its own --version, the baked paths, the policy validator, and the
  # `docker` name refusing `exec` under the built-in policy. A stripped binary fails the first.
  doInstallCheck = stdenvNoCC.buildPlatform.canExecute stdenvNoCC.hostPlatform;
  installCheckPhase = ''
    runHook preInstallCheck
    bash scripts/nix-install-check.sh $out/bin ${lib.escapeShellArg finalAttrs.version} \
      ${lib.escapeShellArg realDocker} ${lib.escapeShellArg policyPath}
    runHook postInstallCheck
  '';

  passthru = {
    # Read by the NixOS module (audit rules, coherence assertions).
    inherit realDocker policyPath deps;
  };

  meta = {
    description = "A drop-in docker command that refuses what a policy forbids and execs the real docker for the rest";
    license = lib.licenses.mit;
    mainProgram = "docker";
    platforms = lib.platforms.linux;
    # bun 1.3.14 emits segfaulting executables when the compiling bun was patchelf'd, as nixpkgs'
    # was (oven-sh/bun#31023, fixed in 1.4.0).
    broken = bun.version == "1.3.14";
  };
})
