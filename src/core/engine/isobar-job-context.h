/* isobar-job-context.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What a kernel receives so that every compute strategy runs the same code.
 *
 * A kernel calls isobar_job_context_checkpoint() often (about every
 * ISOBAR_KERNEL_CHECKPOINT_WORK elementary steps, well under a millisecond)
 * with how much of its job is done. The executor's checkpoint decides what
 * that means: check a GCancellable and report progress (threads), drop and
 * retake an interpreter lock ("gil-threads"), poll for a cancel packet and
 * write progress packets (a helper process). When it returns FALSE (with
 * G_IO_ERROR_CANCELLED, or another error) the kernel stops at once and fails
 * with that error.
 *
 * A context is used by one job at a time, from the thread running it; an
 * executor may reuse it for the next job. */
typedef struct _IsobarJobContext IsobarJobContext;

typedef struct
{
  /* @fraction_done is in [0, 1] and never decreases within a job. Return
   * FALSE and set @error to stop the job. */
  gboolean (*checkpoint) (gpointer   user_data,
                          double     fraction_done,
                          GError   **error);
} IsobarJobContextFuncs;

/* @funcs is copied; @user_data_free (may be NULL) is called on free. */
IsobarJobContext *isobar_job_context_new            (const IsobarJobContextFuncs *funcs,
                                                     gpointer                     user_data,
                                                     GDestroyNotify               user_data_free);
/* The plain case: cancelled when @cancellable (may be NULL: never) is. */
IsobarJobContext *isobar_job_context_new_simple     (GCancellable                *cancellable);
void              isobar_job_context_free           (IsobarJobContext            *self);

/* Called by kernels. @self may be NULL (never cancelled). */
gboolean          isobar_job_context_checkpoint     (IsobarJobContext            *self,
                                                     double                       fraction_done,
                                                     GError                     **error);

/* The eval breaker, as CPython calls the flag its eval loop reads between
 * two bytecodes: while it is set (nonzero), the job should reach a
 * checkpoint at once rather than at its usual pace. gil-threads sets it to
 * its interpreter lock's drop request, so that a worker gives the lock up
 * within the time a Python thread would, not a few hundred microseconds
 * later (which changes who gets the lock: see isobar-interpreter-lock.h).
 * Kernels read it in their innermost loops, one relaxed atomic load; NULL
 * (the default) means nobody needs it. The flag must outlive the job. */
void              isobar_job_context_set_breaker    (IsobarJobContext            *self,
                                                     const gint                  *breaker);
const gint       *isobar_job_context_get_breaker    (IsobarJobContext            *self);

/* How many checkpoints ran, and the last fraction reported: instruments and
 * tests. */
guint64           isobar_job_context_get_n_checkpoints (IsobarJobContext         *self);
double            isobar_job_context_get_fraction   (IsobarJobContext            *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsobarJobContext, isobar_job_context_free)

G_END_DECLS
