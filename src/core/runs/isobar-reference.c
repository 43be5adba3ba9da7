/* isobar-reference.c: runs the CPython reference program and reads its records.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * This file holds the class and its public calls: the trends, the object,
 * isobar_reference_check(), isobar_reference_run_async() with the checks of
 * its settings, and what the last run found. The rest is in
 * isobar-reference-command.c (the command line), isobar-reference-input.c
 * (the program's input), isobar-reference-process.c (the running program)
 * and isobar-reference-output.c (its records); isobar-reference-private.h
 * says how they call each other.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "isobar-error.h"
#include "isobar-kernels.h"
#include "isobar-reference-private.h"
#include "isobar-sigpipe.h"

#define MAX_WORKERS       1024u

static const char *const all_strategies[] = { "serial", "threads", "processes", NULL };

/* --- Trends ------------------------------------------------------------- */

G_DEFINE_BOXED_TYPE (IsobarReferenceTrend, isobar_reference_trend,
                     isobar_reference_trend_copy, isobar_reference_trend_free)

IsobarReferenceTrend *
isobar_reference_trend_copy (const IsobarReferenceTrend *trend)
{
  IsobarReferenceTrend *copy;

  g_return_val_if_fail (trend != NULL, NULL);

  copy = g_memdup2 (trend, sizeof *trend);
  copy->name = g_strdup (trend->name);
  return copy;
}

void
isobar_reference_trend_free (IsobarReferenceTrend *trend)
{
  if (trend == NULL)
    return;
  g_free (trend->name);
  g_free (trend);
}

/* --- The object --------------------------------------------------------- */

G_DEFINE_FINAL_TYPE (IsobarReference, isobar_reference, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INTERPRETER,
  PROP_SCRIPT,
  N_PROPS
};

enum {
  SIGNAL_PROGRESS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
isobar_reference_finalize (GObject *object)
{
  IsobarReference *self = ISOBAR_REFERENCE (object);

  g_clear_pointer (&self->interpreter, g_free);
  g_clear_pointer (&self->script, g_free);
  g_clear_pointer (&self->trends, g_hash_table_unref);

  G_OBJECT_CLASS (isobar_reference_parent_class)->finalize (object);
}

static void
isobar_reference_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  IsobarReference *self = ISOBAR_REFERENCE (object);

  switch (prop_id)
    {
    case PROP_INTERPRETER:
      g_value_set_string (value, self->interpreter);
      break;
    case PROP_SCRIPT:
      g_value_set_string (value, self->script);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isobar_reference_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  IsobarReference *self = ISOBAR_REFERENCE (object);

  switch (prop_id)
    {
    case PROP_INTERPRETER:
      self->interpreter = g_value_dup_string (value);
      break;
    case PROP_SCRIPT:
      self->script = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isobar_reference_class_init (IsobarReferenceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = isobar_reference_finalize;
  object_class->get_property = isobar_reference_get_property;
  object_class->set_property = isobar_reference_set_property;

  properties[PROP_INTERPRETER] =
    g_param_spec_string ("interpreter", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCRIPT] =
    g_param_spec_string ("script", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_STRING, G_TYPE_UINT, G_TYPE_UINT);

  /* Writing to a child that has just died must be an error, not the
   * death of the app. */
  isobar_sigpipe_ignore ();
}

static void
isobar_reference_init (IsobarReference *self)
{
  self->trends = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_ptr_array_unref);
}

IsobarReference *
isobar_reference_new (void)
{
  return g_object_new (ISOBAR_TYPE_REFERENCE, NULL);
}

IsobarReference *
isobar_reference_new_full (const char *interpreter,
                           const char *script)
{
  return g_object_new (ISOBAR_TYPE_REFERENCE,
                       "interpreter", interpreter,
                       "script", script,
                       NULL);
}

void
_isobar_reference_emit_progress (IsobarReference *self,
                                 const char      *preset,
                                 guint            done,
                                 guint            total)
{
  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, preset, done, total);
}

/* --- Checking and running ------------------------------------------------- */

gboolean
isobar_reference_check (IsobarReference  *self,
                        GError          **error)
{
  g_autofree char *interpreter = NULL;
  g_autofree char *script = NULL;

  g_return_val_if_fail (ISOBAR_IS_REFERENCE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  interpreter = _isobar_reference_find_interpreter (self, error);
  if (interpreter == NULL)
    return FALSE;
  script = _isobar_reference_find_script (self, error);
  return script != NULL;
}

static gboolean
settings_valid (const IsobarReferenceSettings *settings,
                GError                       **error)
{
  if (settings->strategies != NULL)
    {
      if (settings->strategies[0] == NULL)
        {
          g_set_error_literal (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                               _("Real Python was asked to run no strategy"));
          return FALSE;
        }
      for (guint i = 0; settings->strategies[i] != NULL; i++)
        if (!g_strv_contains (all_strategies, settings->strategies[i]))
          {
            g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                         _("“%s” is not a strategy of Real Python (serial, threads or processes)"),
                         settings->strategies[i]);
            return FALSE;
          }
    }
  if (settings->workers > MAX_WORKERS || settings->resamples > ISOBAR_MAX_RESAMPLES ||
      settings->chunks_per_place > ISOBAR_MAX_RESAMPLES ||
      !(settings->switch_interval_ms >= 0 && settings->switch_interval_ms <= 10000) ||
      !(settings->target_seconds >= 0 && settings->target_seconds <= 3600))
    {
      g_set_error_literal (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                           _("Real Python was asked for settings out of range"));
      return FALSE;
    }
  return TRUE;
}

void
isobar_reference_run_async (IsobarReference               *self,
                            GPtrArray                     *series,
                            GPtrArray                     *names,
                            const IsobarReferenceSettings *settings,
                            GCancellable                  *cancellable,
                            GAsyncReadyCallback            callback,
                            gpointer                       user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) input_task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *interpreter = NULL;
  g_autofree char *script = NULL;
  const IsobarReferenceSettings defaults = { 0 };
  RunData *data;

  g_return_if_fail (ISOBAR_IS_REFERENCE (self));
  g_return_if_fail (series != NULL && series->len > 0);
  g_return_if_fail (names == NULL || names->len == series->len);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (settings == NULL)
    settings = &defaults;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, isobar_reference_run_async);
  g_task_set_name (task, "[isobar] reference run");

  if (self->running)
    {
      g_task_return_new_error (task, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                               _("Real Python is already running"));
      return;
    }
  if (!settings_valid (settings, &error) ||
      (interpreter = _isobar_reference_find_interpreter (self, &error)) == NULL ||
      (script = _isobar_reference_find_script (self, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  data = g_new0 (RunData, 1);
  data->strategies = g_strdupv ((char **) (settings->strategies != NULL ? settings->strategies
                                                                         : all_strategies));
  data->argv = _isobar_reference_build_argv (interpreter, script, settings, data->strategies);
  data->context = g_main_context_ref_thread_default ();
  data->io_cancellable = g_cancellable_new ();
  data->stderr_cancellable = g_cancellable_new ();
  data->stderr_text = g_string_new (NULL);
  data->records = g_ptr_array_new_with_free_func (g_object_unref);
  data->trends = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_ptr_array_unref);
  data->input_job = g_new0 (InputJob, 1);
  data->input_job->series = g_ptr_array_new_with_free_func ((GDestroyNotify) isobar_climate_series_unref);
  data->input_job->names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < series->len; i++)
    {
      g_ptr_array_add (data->input_job->series, isobar_climate_series_ref (g_ptr_array_index (series, i)));
      g_ptr_array_add (data->input_job->names,
                       names != NULL && g_ptr_array_index (names, i) != NULL
                         ? g_strdup (g_ptr_array_index (names, i))
                         : g_strdup_printf (_("Place %u"), i + 1));
    }
  g_task_set_task_data (task, data, (GDestroyNotify) _isobar_reference_run_data_free);

  if (cancellable != NULL)
    {
      data->user_cancellable = g_object_ref (cancellable);
      data->user_cancelled_id = g_cancellable_connect (cancellable,
                                                       G_CALLBACK (_isobar_reference_forward_cancel),
                                                       g_object_ref (data->io_cancellable),
                                                       g_object_unref);
    }
  self->running = TRUE;

  /* Megabytes of numbers to text: not on the caller's main loop. */
  input_task = g_task_new (NULL, NULL, _isobar_reference_input_ready_cb, g_object_ref (task));
  g_task_set_source_tag (input_task, _isobar_reference_build_input_thread);
  g_task_set_name (input_task, "[isobar] reference input");
  g_task_set_task_data (input_task, g_steal_pointer (&data->input_job),
                        (GDestroyNotify) _isobar_reference_input_job_free);
  g_task_run_in_thread (input_task, _isobar_reference_build_input_thread);
}

GPtrArray *
isobar_reference_run_finish (IsobarReference  *self,
                             GAsyncResult     *result,
                             GError          **error)
{
  g_return_val_if_fail (ISOBAR_IS_REFERENCE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == isobar_reference_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

GPtrArray *
isobar_reference_get_trends (IsobarReference *self,
                             const char      *strategy_preset)
{
  GPtrArray *trends;

  g_return_val_if_fail (ISOBAR_IS_REFERENCE (self), NULL);
  g_return_val_if_fail (strategy_preset != NULL, NULL);

  trends = g_hash_table_lookup (self->trends, strategy_preset);
  return trends != NULL ? g_ptr_array_ref (trends) : NULL;
}

guint
isobar_reference_get_resamples (IsobarReference *self,
                                gboolean        *calibrated)
{
  g_return_val_if_fail (ISOBAR_IS_REFERENCE (self), 0);

  if (calibrated != NULL)
    *calibrated = self->calibrated;
  return self->resamples;
}
