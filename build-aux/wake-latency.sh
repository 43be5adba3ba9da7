#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Can this machine give a UI-like thread a core promptly while background
# work fills the others? A thread at nice 0 wakes at 60 Hz and works 3 ms
# a frame, beside N busy spinner threads at nice 0, nice 10 or SCHED_IDLE;
# it prints the wake latency (p50, p99, max). If the latency is small with
# nice-10 or SCHED_IDLE spinners, late frames of the app come from threads
# at the UI thread's own priority, not from the platform.
#
#   build-aux/wake-latency.sh [SECONDS]      default: 8 per configuration
set -euo pipefail

secs=${1:-8}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/wake.c" <<'C'
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static volatile int stop;
static int mode; /* 0: nice 0, 1: nice 10, 2: SCHED_IDLE */

static void *
spin (void *data)
{
  volatile unsigned long x = 0;
  struct sched_param param = { 0 };

  if (mode == 1)
    setpriority (PRIO_PROCESS, syscall (SYS_gettid), 10);
  if (mode == 2)
    sched_setscheduler (syscall (SYS_gettid), SCHED_IDLE, &param);
  while (!stop)
    x++;
  return NULL;
}

static long long
now_ns (void)
{
  struct timespec t;

  clock_gettime (CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int
compare (const void *a, const void *b)
{
  long long x = *(const long long *) a, y = *(const long long *) b;

  return x < y ? -1 : x > y;
}

int
main (int argc, char **argv)
{
  int n_spin = atoi (argv[1]), seconds = atoi (argv[3]), n = seconds * 60;
  long long period = 16666667, due, *late = calloc (n, sizeof *late);
  pthread_t threads[16];

  mode = atoi (argv[2]);
  for (int i = 0; i < n_spin; i++)
    pthread_create (&threads[i], NULL, spin, NULL);
  usleep (100000);
  due = now_ns () + period;
  for (int i = 0; i < n; i++, due += period)
    {
      struct timespec ts = { due / 1000000000LL, due % 1000000000LL };
      long long end;

      clock_nanosleep (CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
      late[i] = now_ns () - due;
      end = now_ns () + 3000000;  /* a frame's work */
      while (now_ns () < end)
        ;
    }
  stop = 1;
  for (int i = 0; i < n_spin; i++)
    pthread_join (threads[i], NULL);
  qsort (late, n, sizeof *late, compare);
  printf ("%d spinners at %-10s wake latency p50 %.2f  p99 %.2f  max %.2f ms (%d frames)\n", n_spin,
          mode == 0 ? "nice 0" : mode == 1 ? "nice 10" : "SCHED_IDLE",
          late[n / 2] / 1e6, late[n * 99 / 100] / 1e6, late[n - 1] / 1e6, n);
  return 0;
}
C
cc -O2 -o "$tmp/wake" "$tmp/wake.c" -lpthread
cores=$(nproc)
"$tmp/wake" 0 0 "$secs"
for mode in 0 1 2; do
  "$tmp/wake" "$cores" "$mode" "$secs"
done
