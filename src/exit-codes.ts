// docker itself exits 1, 64, 125, 126, 127 and 128+N for its own failures (and a container or
// plugin can return anything). The guard's own outcomes use sysexits codes docker does not emit.
export const EXIT_REFUSED = 77; // EX_NOPERM: the policy refuses the command
export const EXIT_BAD_POLICY = 78; // EX_CONFIG: the policy file exists but cannot be read or is invalid
export const EXIT_INTERNAL = 70; // EX_SOFTWARE: a bug in the guard; nothing was forwarded
export const EXIT_USAGE = 64; // EX_USAGE: only for `docker-guard` (the admin CLI), never for the shim
export const EXIT_NEEDS_DAEMON = 75; // EX_TEMPFAIL: `docker-guard check` without --ask-docker: the decision needs the daemon's answer
export const EXIT_NO_DOCKER = 127; // like a shell's "command not found": the real docker is missing
