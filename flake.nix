{
  description = "docker-guard: a drop-in docker command that refuses what a policy forbids and execs the real docker for the rest";

  # No flake.lock is committed (it was written where nothing could be fetched): the first
  # `nix build`/`nix flake check` creates one. As an input of your own flake, set
  # `inputs.docker-guard.inputs.nixpkgs.follows = "nixpkgs";` so the guard is built with your bun.
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs =
    { self, nixpkgs }:
    let
      inherit (nixpkgs) lib;
      # Linux only: the module and the VM test are NixOS's, and the guard reads /etc/passwd.
      systems = [
        "x86_64-linux"
        "aarch64-linux"
      ];
      forAllSystems = f: lib.genAttrs systems (system: f nixpkgs.legacyPackages.${system});
    in
    {
      packages = forAllSystems (pkgs: {
        docker-guard = pkgs.callPackage ./nix/package.nix { };
        default = self.packages.${pkgs.stdenv.hostPlatform.system}.docker-guard;
      });

      overlays.default = final: _prev: {
        docker-guard = final.callPackage ./nix/package.nix { };
      };

      # The module builds its default package with the system's own pkgs (callPackage
      # ./nix/package.nix), so it needs no overlay and never sets nixpkgs.overlays (which
      # runNixOSTest makes read-only).
      nixosModules.docker-guard = ./nix/module.nix;
      nixosModules.default = self.nixosModules.docker-guard;

      checks = forAllSystems (pkgs: {
        package = self.packages.${pkgs.stdenv.hostPlatform.system}.docker-guard;
        vm = import ./nix/tests/vm.nix { inherit pkgs; };
        devShell = self.devShells.${pkgs.stdenv.hostPlatform.system}.default;
      });

      devShells = forAllSystems (pkgs: {
        default = pkgs.mkShellNoCC {
          packages = [
            pkgs.bun
            pkgs.nodejs
            (pkgs.nixfmt-tree or pkgs.nixfmt-rfc-style)
          ];
        };
      });

      # `nix fmt`: nixfmt (RFC 166 style) through treefmt, which also walks directories.
      formatter = forAllSystems (pkgs: pkgs.nixfmt-tree or pkgs.nixfmt-rfc-style);
    };
}
