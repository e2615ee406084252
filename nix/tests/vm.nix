# NixOS VM test: docker-guard on a machine with docker, an `ai-worker` agent account, and the
# agent reaching docker through a login shell and through a systemd service.
#
#   nix build .#checks.x86_64-linux.vm      (or: nix flake check)
#
# No network: the image is an empty tarball imported as `scratchimg`, with the store and the
# system's bin directory bind-mounted in (as nixpkgs' nixos/tests/docker.nix does).
{ pkgs }:

pkgs.testers.runNixOSTest {
  name = "docker-guard";

  nodes.machine = {
    imports = [ ../module.nix ];

    virtualisation.docker.enable = true;
    virtualisation.memorySize = 1536;

    services.docker-guard = {
      enable = true;
      # users = [ "ai-worker" ] is the default.
      createUsers = true;
      lockPassword = true;
      systemdServices = [ "agent-probe" ];
      sudo.commands = [ "/run/current-system/sw/bin/ss -tlnp" ];
      audit.enable = true;
    };

    # The agent as a service: no login shell, no profile; its PATH comes from `path`, which the
    # module fills. Each probe leaves its exit status and stderr in the state directory.
    systemd.services.agent-probe = {
      serviceConfig = {
        Type = "oneshot";
        User = "ai-worker";
        StateDirectory = "agent-probe";
      };
      script = ''
        probe() {
          name=$1
          shift
          rc=0
          "$@" >"$STATE_DIRECTORY/$name.out" 2>"$STATE_DIRECTORY/$name.err" || rc=$?
          echo "$rc" >"$STATE_DIRECTORY/$name.rc"
        }
        { command -v docker || echo none; } >"$STATE_DIRECTORY/which"
        probe ps docker ps
        probe exec docker exec sleeping /bin/true
        probe run-host docker run --rm -v /:/host scratchimg /bin/true
      '';
    };
  };

  testScript =
    { nodes, ... }:
    let
      guard = "${nodes.machine.services.docker-guard.finalPackage}/bin/docker-guard";
    in
    ''
      guard = "${guard}"

      def refused(cmd):
          status, out = machine.execute(f"{cmd} 2>&1")
          assert status == 77, f"{cmd}: exit {status}, expected 77 (refused): {out}"
          assert "docker-guard: refused" in out, f"{cmd}: no docker-guard message: {out}"

      machine.wait_for_unit("docker.service")

      with subtest("root passes through the guard to the real docker"):
          # hiPrio makes the guard the docker in /run/current-system/sw for everyone ...
          which = machine.succeed("readlink -f \"$(command -v docker)\"").strip()
          assert which == guard, f"root's docker is {which}, expected the guard {guard}"
          # ... and root is not restricted: import (refused for the agent) works.
          machine.succeed("tar cv --files-from /dev/null | docker import - scratchimg")
          machine.succeed(
              "docker run -d --name=sleeping -v /nix/store:/nix/store"
              " -v /run/current-system/sw/bin:/bin scratchimg /bin/sleep 600"
          )
          machine.succeed("docker exec sleeping /bin/true")

      with subtest("the agent's account"):
          machine.succeed("id -nG ai-worker | tr ' ' '\\n' | grep -qx docker")
          shadow = machine.succeed("getent shadow ai-worker | cut -d: -f2").strip()
          assert shadow == "!", f"ai-worker's password field is {shadow!r}, expected '!'"

      with subtest("ai-worker in a login shell gets the guard"):
          found = machine.succeed("su - ai-worker -c 'command -v docker'").strip()
          assert found == "/etc/profiles/per-user/ai-worker/bin/docker", f"command -v docker: {found}"
          which = machine.succeed("su - ai-worker -c 'readlink -f \"$(command -v docker)\"'").strip()
          assert which == guard, f"ai-worker's docker is {which}, expected {guard}"
          machine.succeed("su - ai-worker -c 'docker ps' | grep -q sleeping")
          refused("su - ai-worker -c 'docker exec sleeping /bin/true'")
          refused("su - ai-worker -c 'docker run --rm -v /:/host scratchimg /bin/true'")
          refused("su - ai-worker -c 'docker import - other </dev/null'")

      with subtest("ai-worker as a systemd service gets the guard"):
          machine.succeed("systemctl start agent-probe.service")
          d = "/var/lib/agent-probe"
          which = machine.succeed(f"cat {d}/which").strip()
          assert which.startswith("${nodes.machine.services.docker-guard.finalPackage}/bin/docker"), f"service's docker: {which}"
          assert machine.succeed(f"cat {d}/ps.rc").strip() == "0", machine.succeed(f"cat {d}/ps.err")
          machine.succeed(f"grep -q sleeping {d}/ps.out")
          for name in ["exec", "run-host"]:
              rc = machine.succeed(f"cat {d}/{name}.rc").strip()
              assert rc == "77", f"service {name}: exit {rc}, expected 77"
              machine.succeed(f"grep -q 'docker-guard: refused' {d}/{name}.err")

      with subtest("the policy file is the rendered, validated one"):
          machine.succeed("docker-guard validate /etc/docker-guard/policy.json")
          machine.succeed("su - ai-worker -c 'docker-guard policy' | grep -q ai-worker")

      with subtest("sudo: only the whitelisted command, logged"):
          machine.succeed("su - ai-worker -c 'sudo -n /run/current-system/sw/bin/ss -tlnp'")
          machine.fail("su - ai-worker -c 'sudo -n /run/current-system/sw/bin/ss -tlnpa'")
          machine.fail("su - ai-worker -c 'sudo -n id'")
          machine.succeed("sudoreplay -d /var/log/sudo-io -l | grep -q 'ss -tlnp'")

      with subtest("audit watches the real docker and the socket"):
          # (the unit that loads the rules has changed names across NixOS releases: wait on them)
          machine.wait_until_succeeds("auditctl -l | grep -q docker-guard-real-docker", timeout=60)
          machine.succeed("auditctl -l | grep -q docker-guard-socket")
    '';
}
