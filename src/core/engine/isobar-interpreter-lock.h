/* isobar-interpreter-lock.h: a Python-style global interpreter lock.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "isobar-run-timeline.h"

G_BEGIN_DECLS

#define ISOBAR_TYPE_INTERPRETER_LOCK (isobar_interpreter_lock_get_type ())

G_DECLARE_FINAL_TYPE (IsobarInterpreterLock, isobar_interpreter_lock, ISOBAR, INTERPRETER_LOCK, GObject)

/* CPython's default, sys.getswitchinterval() = 0.005 */
#define ISOBAR_INTERPRETER_LOCK_DEFAULT_SWITCH_INTERVAL_US 5000

/**
 * IsobarInterpreterLockRole:
 * @ISOBAR_INTERPRETER_LOCK_ROLE_MAIN_LOOP: the thread of an attached main
 *   context, which takes the lock around dispatch
 * @ISOBAR_INTERPRETER_LOCK_ROLE_WORKER: a thread running kernel code
 */
typedef enum
{
  ISOBAR_INTERPRETER_LOCK_ROLE_MAIN_LOOP,
  ISOBAR_INTERPRETER_LOCK_ROLE_WORKER,
  ISOBAR_INTERPRETER_LOCK_N_ROLES,
} IsobarInterpreterLockRole;

/**
 * IsobarInterpreterLockStats:
 * @switches: times the lock passed from one thread to a different one
 * @drop_requests: times a waiter waited a whole switch interval with no
 *   switch and asked the holder to drop it (CPython's gil_drop_request)
 * @forced_drops: times a holder dropped it at a checkpoint because of such
 *   a request
 * @acquisitions: times each role took the lock
 * @wait_us: total time each role spent waiting for the lock, µs
 * @max_wait_us: the longest single wait of each role, µs
 */
typedef struct
{
  guint64 switches;
  guint64 drop_requests;
  guint64 forced_drops;
  guint64 acquisitions[ISOBAR_INTERPRETER_LOCK_N_ROLES];
  gint64  wait_us[ISOBAR_INTERPRETER_LOCK_N_ROLES];
  gint64  max_wait_us[ISOBAR_INTERPRETER_LOCK_N_ROLES];
} IsobarInterpreterLockStats;

/* One lock, as CPython ≥ 3.2 has one GIL: kernel code runs only while its
 * thread holds it. A thread that wants it waits one switch interval; if no
 * other thread took the lock meanwhile, it sets a drop request; the holder,
 * at its next checkpoint (isobar_interpreter_lock_yield_if_requested()),
 * drops it and waits until another thread has taken it before asking again
 * (FORCE_SWITCHING), so a waiter really gets its turn — but which waiter is
 * up to the condition variable, as in CPython. Any release while a drop is
 * requested waits the same way. Not recursive. */
IsobarInterpreterLock *isobar_interpreter_lock_new          (void);

void     isobar_interpreter_lock_set_switch_interval (IsobarInterpreterLock *self,
                                                      guint                  interval_us);
guint    isobar_interpreter_lock_get_switch_interval (IsobarInterpreterLock *self);

/* Blocks until this (worker) thread holds the lock. */
void     isobar_interpreter_lock_acquire             (IsobarInterpreterLock *self);
/* Releases the lock this thread holds. */
void     isobar_interpreter_lock_release             (IsobarInterpreterLock *self);
/* A checkpoint, cheap when nobody asked (one atomic read): if a waiter has
 * asked for the lock, drops it, waits for another thread to take it, then
 * takes it back. Returns TRUE when it switched. Call only while holding. */
gboolean isobar_interpreter_lock_yield_if_requested  (IsobarInterpreterLock *self);
gboolean isobar_interpreter_lock_is_held_by_self     (IsobarInterpreterLock *self);
/* The drop request itself, for isobar_job_context_set_breaker(): nonzero
 * while a waiter asks the holder to drop the lock. Valid as long as the
 * lock is. */
const gint *isobar_interpreter_lock_get_drop_request (IsobarInterpreterLock *self);

/* Makes @context behave as a PyGObject main loop does: its thread releases
 * the lock while it polls and takes it back before it dispatches, so it has
 * to win the lock back from busy workers (waiting up to a switch interval
 * plus a checkpoint) before any callback runs. Implemented by wrapping the
 * context's poll function. One lock per context; a lock attaches to one
 * context at a time. Do not iterate an attached context from inside the
 * dispatch of another attached context. */
void     isobar_interpreter_lock_attach_to_main_context (IsobarInterpreterLock *self,
                                                         GMainContext          *context);
/* Restores the context's own poll function, and releases the lock if the
 * context's thread holds it (as it does after a dispatch), so workers run
 * freely. Safe from any thread. Also done by dispose. */
void     isobar_interpreter_lock_detach              (IsobarInterpreterLock *self);

/* Records into @timeline who holds the lock (a slice per holding on a track
 * "Interpreter lock", named after the holder's track) and every wait for it
 * that was not served at once (a slice on the waiting thread's track).
 * Set it once, before any thread uses the lock; without it the lock records
 * nothing. */
void     isobar_interpreter_lock_set_timeline        (IsobarInterpreterLock *self,
                                                      IsobarRunTimeline     *timeline);

void     isobar_interpreter_lock_get_stats           (IsobarInterpreterLock      *self,
                                                      IsobarInterpreterLockStats *stats);
void     isobar_interpreter_lock_reset_stats         (IsobarInterpreterLock *self);

G_END_DECLS
