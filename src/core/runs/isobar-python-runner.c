/* isobar-python-runner.c: "Real Python (CPython)" as a run of the app.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "isobar-error.h"
#include "isobar-kernels.h"
#include "isobar-python-check.h"
#include "isobar-python-runner.h"

/* The strategies, in the order the program runs them. */
static const char * const presets[] = {
  ISOBAR_PRESET_CPYTHON_SERIAL,
  ISOBAR_PRESET_CPYTHON_THREADS,
  ISOBAR_PRESET_CPYTHON_PROCESSES,
};

struct _IsobarPythonRunner
{
  GObject          parent_instance;

  GSettings       *settings;    /* (owned) */
  GPtrArray       *names;       /* (owned) (nullable) char *, one per place */
  GPtrArray       *series;      /* (owned) (nullable) IsobarClimateSeries */
  IsobarReference *reference;   /* (owned) (nullable) while a run goes on */
  gint64           started_us;
};

G_DEFINE_FINAL_TYPE (IsobarPythonRunner, isobar_python_runner, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_READY,
  N_PROPS
};

enum {
  PROGRESS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
set_progress (IsobarPythonRunner *self,
              double              fraction,
              const char         *status)
{
  g_signal_emit (self, signals[PROGRESS], 0, CLAMP (fraction, 0.0, 1.0), status);
}

/* What the program does now, in words, and how far the whole run is. */
static void
on_progress (IsobarPythonRunner *self,
             const char         *preset,
             guint               done,
             guint               total,
             IsobarReference    *reference)
{
  g_autofree char *status = NULL;
  double share = total > 0 ? (double) MIN (done, total) / total : 0.0;
  guint index = G_N_ELEMENTS (presets);

  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    if (g_strcmp0 (presets[i], preset) == 0)
      index = i;

  if (index == G_N_ELEMENTS (presets))
    {
      /* ISOBAR_REFERENCE_PRESET_CALIBRATION */
      set_progress (self, 0.0, _("Real Python: timing its analysis to choose a depth…"));
      return;
    }

  if (index == 0)
    /* Translators: progress of a real Python run: “3 of 16 jobs done” */
    status = g_strdup_printf (_("Real Python, one thread: %u of %u jobs done"), done, total);
  else if (index == 1)
    status = g_strdup_printf (_("Real Python threads: %u of %u jobs done"), done, total);
  else
    status = g_strdup_printf (_("Real Python processes: %u of %u jobs done"), done, total);

  set_progress (self, (index + share) / G_N_ELEMENTS (presets), status);
}

/* The depth for tests and scripts, or 0: the program chooses. */
static guint
resamples_override (void)
{
  const char *text = g_getenv (ISOBAR_PYTHON_RUNNER_RESAMPLES_ENV);
  guint64 value = 0;

  if (text == NULL || *text == '\0')
    return 0;
  if (!g_ascii_string_to_unsigned (text, 10, 1, ISOBAR_MAX_RESAMPLES, &value, NULL))
    {
      g_warning ("%s=%s is not a number of resamples (1 to %u): ignored",
                 ISOBAR_PYTHON_RUNNER_RESAMPLES_ENV, text, ISOBAR_MAX_RESAMPLES);
      return 0;
    }
  return (guint) value;
}

static void
on_run_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IsobarPythonRunner *self = g_task_get_source_object (task);
  IsobarReference *reference = ISOBAR_REFERENCE (source);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  gboolean calibrated = FALSE;
  guint resamples;
  const char *version = NULL;
  double seconds = (g_get_monotonic_time () - self->started_us) / (double) G_USEC_PER_SEC;

  records = isobar_reference_run_finish (reference, result, &error);
  resamples = isobar_reference_get_resamples (reference, &calibrated);
  g_signal_handlers_disconnect_by_data (reference, self);
  if (self->reference == reference)
    g_clear_object (&self->reference);

  if (records == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (records->len > 0)
    version = isobar_run_record_get_python_version (g_ptr_array_index (records, 0));
  if (calibrated)
    /* Translators: the first %s is a Python version (“3.11.2”), %.1f a number
     * of seconds, %u the bootstrap resamples per place */
    status = g_strdup_printf (_("Real Python %s finished in %.1f s at %u resamples per place, a depth it chose "
                                "to take a few seconds: compare its lateness and speed-up, not its times"),
                              version != NULL ? version : "3", seconds, resamples);
  else
    /* Translators: the first %s is a Python version (“3.11.2”), %.1f a number
     * of seconds, %u the bootstrap resamples per place */
    status = g_strdup_printf (_("Real Python %s finished in %.1f s at %u resamples per place"),
                              version != NULL ? version : "3", seconds, resamples);
  set_progress (self, 1.0, status);

  g_task_return_pointer (task, g_steal_pointer (&records), (GDestroyNotify) g_ptr_array_unref);
}

void
isobar_python_runner_run_async (IsobarPythonRunner  *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(IsobarReference) reference = NULL;
  g_autoptr(GError) error = NULL;
  IsobarReferenceSettings settings = { 0 };

  g_return_if_fail (ISOBAR_IS_PYTHON_RUNNER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, isobar_python_runner_run_async);
  g_task_set_name (task, "[isobar] real Python run");

  if (self->series == NULL || self->reference != NULL)
    {
      g_task_return_new_error (task, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                               self->series == NULL ? _("Run all places first: real Python analyses the archives "
                                                        "of the last run")
                                                    : _("Real Python is already running"));
      return;
    }

  /* No python3: say so before anything starts. */
  reference = isobar_reference_new ();
  if (!isobar_reference_check (reference, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  settings.workers = g_settings_get_uint (self->settings, "compute-workers");
  settings.switch_interval_ms = g_settings_get_double (self->settings, "switch-interval-ms");
  settings.resamples = resamples_override ();

  self->reference = g_object_ref (reference);
  self->started_us = g_get_monotonic_time ();
  set_progress (self, 0.0, _("Starting real Python…"));
  g_signal_connect_object (reference, "progress", G_CALLBACK (on_progress), self, G_CONNECT_SWAPPED);
  isobar_reference_run_async (reference, self->series, self->names, &settings, cancellable,
                              on_run_done, g_steal_pointer (&task));
}

GPtrArray *
isobar_python_runner_run_finish (IsobarPythonRunner  *self,
                                 GAsyncResult        *result,
                                 GError             **error)
{
  g_return_val_if_fail (ISOBAR_IS_PYTHON_RUNNER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == isobar_python_runner_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
isobar_python_runner_set_series (IsobarPythonRunner *self,
                                 GPtrArray          *locations,
                                 GPtrArray          *series)
{
  gboolean was_ready;

  g_return_if_fail (ISOBAR_IS_PYTHON_RUNNER (self));
  g_return_if_fail ((locations == NULL) == (series == NULL));
  g_return_if_fail (series == NULL || (series->len > 0 && series->len == locations->len));

  was_ready = self->series != NULL;
  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_pointer (&self->names, g_ptr_array_unref);

  if (series != NULL)
    {
      self->series = g_ptr_array_ref (series);
      self->names = g_ptr_array_new_full (locations->len, g_free);
      for (guint i = 0; i < locations->len; i++)
        g_ptr_array_add (self->names, g_strdup (isobar_location_get_name (g_ptr_array_index (locations, i))));
    }

  if (was_ready != (self->series != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

gboolean
isobar_python_runner_get_ready (IsobarPythonRunner *self)
{
  g_return_val_if_fail (ISOBAR_IS_PYTHON_RUNNER (self), FALSE);

  return self->series != NULL;
}

static void
isobar_python_runner_dispose (GObject *object)
{
  IsobarPythonRunner *self = ISOBAR_PYTHON_RUNNER (object);

  /* A run in progress holds its task, and the task holds us: only the
   * settings and the data can go here. */
  if (self->reference != NULL)
    g_signal_handlers_disconnect_by_data (self->reference, self);
  g_clear_object (&self->reference);
  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_pointer (&self->names, g_ptr_array_unref);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (isobar_python_runner_parent_class)->dispose (object);
}

static void
isobar_python_runner_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  IsobarPythonRunner *self = ISOBAR_PYTHON_RUNNER (object);

  switch (prop_id)
    {
    case PROP_READY:
      g_value_set_boolean (value, self->series != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isobar_python_runner_class_init (IsobarPythonRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = isobar_python_runner_dispose;
  object_class->get_property = isobar_python_runner_get_property;

  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_STRING);
}

static void
isobar_python_runner_init (IsobarPythonRunner *self)
{
}

IsobarPythonRunner *
isobar_python_runner_new (GSettings *settings)
{
  IsobarPythonRunner *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (ISOBAR_TYPE_PYTHON_RUNNER, NULL);
  self->settings = g_object_ref (settings);

  return self;
}
