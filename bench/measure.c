// Runs several commands side by side, interleaved, and prints the wall time and peak RSS of each run.
//
//   measure ROUNDS WARMUP SEED ::: PATH ARGV0 ARG... ::: PATH ARGV0 ARG... [::: ...]
//
// Each round runs every command once, in an order shuffled per round (so no variant always runs
// right after the same other one), after WARMUP unrecorded rounds. For each recorded run it prints
//   VARIANT_INDEX ROUND WALL_NS MAXRSS_KIB EXIT_STATUS
// on stdout. The children inherit the environment; their stdout and stderr go to /dev/null.
//
// fork(), not posix_spawn()/vfork(): with CLONE_VM the child's ru_maxrss starts from the parent's
// high-water mark (Linux keeps it across execve), so a big parent (bun, node) would show up as
// the child's peak RSS. A forked copy of this small program starts at about 1 MiB, and since the
// high-water mark also survives the shim's own execve, ru_maxrss is max(shim, what it execs).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

typedef struct {
  char *path;
  char **argv;
} command;

static uint64_t rng_state;
static uint64_t next_random(void) {
  // splitmix64: enough to shuffle a handful of variants reproducibly
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

static int64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int run_once(const command *c, int devnull, int64_t *wall_ns, long *maxrss_kib, int *status_out) {
  int64_t start = now_ns();
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    dup2(devnull, 1);
    dup2(devnull, 2);
    execve(c->path, c->argv, environ);
    _exit(127);
  }
  int status;
  struct rusage ru;
  pid_t got;
  do got = wait4(pid, &status, 0, &ru);
  while (got < 0 && errno == EINTR);
  *wall_ns = now_ns() - start;
  if (got < 0) return -1;
  *maxrss_kib = ru.ru_maxrss;
  *status_out = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 6 || strcmp(argv[4], ":::") != 0) {
    fprintf(stderr, "usage: measure ROUNDS WARMUP SEED ::: PATH ARGV0 ARG... [::: PATH ARGV0 ARG...]...\n");
    return 64;
  }
  int rounds = atoi(argv[1]);
  int warmup = atoi(argv[2]);
  rng_state = strtoull(argv[3], NULL, 10);
  command cmds[64];
  int n = 0;
  for (int i = 4; i < argc;) {
    // argv[i] is ":::"; the command runs up to the next ":::" or the end
    int j = i + 1;
    while (j < argc && strcmp(argv[j], ":::") != 0) j++;
    if (j - i < 3 || n == 64) {
      fprintf(stderr, "measure: each command needs PATH and ARGV0 (at most 64 commands)\n");
      return 64;
    }
    argv[j < argc ? j : argc] = NULL;  // terminates this command's argv in place
    cmds[n].path = argv[i + 1];
    cmds[n].argv = &argv[i + 2];
    n++;
    i = j;
  }
  int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (devnull < 0) {
    perror("measure: /dev/null");
    return 1;
  }
  int order[64];
  for (int r = -warmup; r < rounds; r++) {
    for (int k = 0; k < n; k++) order[k] = k;
    for (int k = n - 1; k > 0; k--) {
      int m = (int)(next_random() % (uint64_t)(k + 1));
      int t = order[k];
      order[k] = order[m];
      order[m] = t;
    }
    for (int k = 0; k < n; k++) {
      int64_t wall;
      long rss;
      int status;
      if (run_once(&cmds[order[k]], devnull, &wall, &rss, &status) != 0) {
        perror("measure: fork/wait4");
        return 1;
      }
      if (r >= 0) printf("%d %d %lld %ld %d\n", order[k], r, (long long)wall, rss, status);
    }
  }
  return 0;
}
