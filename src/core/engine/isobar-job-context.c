/* isobar-job-context.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "isobar-job-context.h"

struct _IsobarJobContext
{
  IsobarJobContextFuncs funcs;
  gpointer              user_data;      /* (owned) when user_data_free is set */
  GDestroyNotify        user_data_free;
  guint64               n_checkpoints;
  double                fraction;
  const gint           *breaker;        /* (nullable) (unowned) */
};

IsobarJobContext *
isobar_job_context_new (const IsobarJobContextFuncs *funcs,
                        gpointer                     user_data,
                        GDestroyNotify               user_data_free)
{
  IsobarJobContext *self;

  g_return_val_if_fail (funcs != NULL, NULL);
  g_return_val_if_fail (funcs->checkpoint != NULL, NULL);

  self = g_new0 (IsobarJobContext, 1);
  self->funcs = *funcs;
  self->user_data = user_data;
  self->user_data_free = user_data_free;
  return self;
}

static gboolean
simple_checkpoint (gpointer   user_data,
                   double     fraction_done,
                   GError   **error)
{
  GCancellable *cancellable = user_data;

  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

IsobarJobContext *
isobar_job_context_new_simple (GCancellable *cancellable)
{
  static const IsobarJobContextFuncs funcs = { simple_checkpoint };

  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  return isobar_job_context_new (&funcs,
                                 cancellable != NULL ? g_object_ref (cancellable) : NULL,
                                 cancellable != NULL ? g_object_unref : NULL);
}

void
isobar_job_context_free (IsobarJobContext *self)
{
  if (self == NULL)
    return;

  if (self->user_data_free != NULL)
    g_clear_pointer (&self->user_data, self->user_data_free);
  g_free (self);
}

gboolean
isobar_job_context_checkpoint (IsobarJobContext  *self,
                               double             fraction_done,
                               GError           **error)
{
  GError *local_error = NULL;

  if (self == NULL)
    return TRUE;

  fraction_done = isnan (fraction_done) ? self->fraction : CLAMP (fraction_done, 0.0, 1.0);
  self->fraction = fraction_done;
  self->n_checkpoints++;

  if (self->funcs.checkpoint (self->user_data, fraction_done, &local_error))
    {
      g_warn_if_fail (local_error == NULL);
      g_clear_error (&local_error);
      return TRUE;
    }

  /* A checkpoint that stops the job without saying why: call it cancelled. */
  if (local_error == NULL)
    local_error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                       _("The job was cancelled"));
  g_propagate_error (error, local_error);
  return FALSE;
}

guint64
isobar_job_context_get_n_checkpoints (IsobarJobContext *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_checkpoints;
}

double
isobar_job_context_get_fraction (IsobarJobContext *self)
{
  g_return_val_if_fail (self != NULL, 0.0);
  return self->fraction;
}

void
isobar_job_context_set_breaker (IsobarJobContext *self,
                                const gint       *breaker)
{
  g_return_if_fail (self != NULL);

  self->breaker = breaker;
}

const gint *
isobar_job_context_get_breaker (IsobarJobContext *self)
{
  return self != NULL ? self->breaker : NULL;
}
