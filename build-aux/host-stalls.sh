#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# What the machine under the window takes away. One thread per CPU at
# SCHED_FIFO (it preempts every normal task at once) sleeps to an absolute
# deadline every millisecond and counts how late it wakes: a wake-up 3 ms
# late is 3 ms in which that CPU ran nothing the guest could schedule
# (interrupts, or a virtual CPU its hypervisor did not run). SPINNERS busy
# processes (default: one per CPU) run beside it at niceness 10, as the
# helpers do during a run; SPINNERS=0 measures an idle machine, whose CPUs
# sleep between wake-ups. Needs root (or CAP_SYS_NICE) for SCHED_FIFO:
# without it the figure would count the guest's own scheduling too, so it
# refuses. BENCHMARKS.md §5o.
#
#   sudo build-aux/host-stalls.sh [SECONDS]        default: 30
set -euo pipefail

seconds=${1:-30}
spinners=${SPINNERS:-$(nproc)}

tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$tmp"' EXIT
cat > "$tmp/stalls.c" <<'C'
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PERIOD_NS 1000000LL

static const double bounds_ms[] = { 0.5, 1, 2, 5, 10 };
#define N_BUCKETS 6

typedef struct
{
  int       cpu;
  long long wakeups, late[N_BUCKETS], worst_ns;
  int       error;
} Watch;

static double seconds;

static long long
ns (const struct timespec *t)
{
  return t->tv_sec * 1000000000LL + t->tv_nsec;
}

static void *
watch (void *data)
{
  Watch *w = data;
  struct sched_param param = { .sched_priority = 50 };
  struct timespec next, now;
  cpu_set_t set;
  long long end;

  CPU_ZERO (&set);
  CPU_SET (w->cpu, &set);
  if ((w->error = pthread_setaffinity_np (pthread_self (), sizeof set, &set)) != 0 ||
      (w->error = pthread_setschedparam (pthread_self (), SCHED_FIFO, &param)) != 0)
    return NULL;

  clock_gettime (CLOCK_MONOTONIC, &next);
  end = ns (&next) + (long long) (seconds * 1e9);
  while (ns (&next) < end)
    {
      long long late_ns;
      int b = 0;

      next.tv_nsec += PERIOD_NS;
      if (next.tv_nsec >= 1000000000)
        {
          next.tv_nsec -= 1000000000;
          next.tv_sec++;
        }
      clock_nanosleep (CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
      clock_gettime (CLOCK_MONOTONIC, &now);
      late_ns = ns (&now) - ns (&next);
      w->wakeups++;
      if (late_ns > w->worst_ns)
        w->worst_ns = late_ns;
      while (b < N_BUCKETS - 1 && late_ns >= bounds_ms[b] * 1e6)
        b++;
      w->late[b]++;
      /* A late wake-up does not make up its missed periods. */
      if (late_ns > PERIOD_NS)
        next = now;
    }
  return NULL;
}

int
main (int argc, char **argv)
{
  int n_cpus = sysconf (_SC_NPROCESSORS_ONLN);
  Watch *watches = calloc (n_cpus, sizeof *watches);
  pthread_t *threads = calloc (n_cpus, sizeof *threads);
  int status = 0;

  seconds = atof (argv[1]);
  for (int i = 0; i < n_cpus; i++)
    {
      watches[i].cpu = i;
      pthread_create (&threads[i], NULL, watch, &watches[i]);
    }
  for (int i = 0; i < n_cpus; i++)
    pthread_join (threads[i], NULL);

  for (int i = 0; i < n_cpus; i++)
    {
      Watch *w = &watches[i];

      if (w->error != 0)
        {
          fprintf (stderr, "host-stalls: cannot watch CPU %d at SCHED_FIFO: %s (run as root)\n",
                   w->cpu, strerror (w->error));
          status = 1;
          continue;
        }
      printf ("CPU %d: %lld wake-ups; late by 0.5–1 ms %lld, 1–2 ms %lld, 2–5 ms %lld, 5–10 ms %lld, "
              "10 ms or more %lld; the latest %.1f ms; 2 ms or more: %.1f a minute\n",
              w->cpu, w->wakeups, w->late[1], w->late[2], w->late[3], w->late[4], w->late[5],
              w->worst_ns / 1e6, (w->late[3] + w->late[4] + w->late[5]) * 60.0 / seconds);
    }
  return status;
}
C
cc -O2 -pthread -o "$tmp/stalls" "$tmp/stalls.c"
for _ in $(seq "$spinners"); do
  nice -n 10 sh -c 'while :; do :; done' &
done
echo "$seconds s, a watcher a CPU every 1 ms at SCHED_FIFO, beside $spinners spinner(s) at niceness 10"
"$tmp/stalls" "$seconds"
