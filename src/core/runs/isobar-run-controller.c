/* isobar-run-controller.c: the run controller's class: its properties,
 * signals and getters, the start and end of a run of either kind (and its
 * failure or cancelling in words), the preset kept in step with the
 * strategies chosen, the latency watchdog and the shutdown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starting a pipeline run is in isobar-run-controller-pipeline.c, real
 * Python's run in isobar-run-controller-python.c, and the runs and reports
 * kept in isobar-run-controller-results.c.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "isobar-background.h"
#include "isobar-run-controller-private.h"

G_DEFINE_FINAL_TYPE (IsobarRunController, isobar_run_controller, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_FRACTION,
  PROP_STATUS,
  PROP_ERROR,
  PROP_LATEST,
  PROP_PYTHON_RUN,
  PROP_PYTHON_READY,
  N_PROPS
};

enum {
  REPORTS_CHANGED,
  MESSAGE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
report_entry_clear (ReportEntry *entry)
{
  g_clear_object (&entry->location);
  g_clear_object (&entry->report);
  g_clear_pointer (&entry->finished, g_date_time_unref);
}

/* ------------------------------------------------------------- state */

void
_isobar_run_controller_set_status (IsobarRunController *self,
                                   const char          *status)
{
  if (g_strcmp0 (self->status, status) == 0)
    return;
  g_free (self->status);
  self->status = g_strdup (status);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

void
_isobar_run_controller_set_fraction (IsobarRunController *self,
                                     double               fraction)
{
  fraction = CLAMP (fraction, 0.0, 1.0);
  if (self->fraction == fraction)
    return;
  self->fraction = fraction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}

void
_isobar_run_controller_set_error (IsobarRunController *self,
                                  const char          *error)
{
  if (g_strcmp0 (self->error, error) == 0)
    return;
  g_free (self->error);
  self->error = g_strdup (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
set_running (IsobarRunController *self,
             gboolean             running)
{
  if (self->running == running)
    return;
  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

void
_isobar_run_controller_set_latest (IsobarRunController *self,
                                   IsobarRunRecord     *record)
{
  if (g_set_object (&self->latest, record))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LATEST]);
}

void
_isobar_run_controller_emit_reports_changed (IsobarRunController *self)
{
  g_signal_emit (self, signals[REPORTS_CHANGED], 0);
}

/* ------------------------------------------------------------ the run */

void
_isobar_run_controller_begin_run (IsobarRunController *self,
                                  gboolean             python)
{
  self->cancellable = g_cancellable_new ();
  self->started_us = g_get_monotonic_time ();
  if (self->python_run != python)
    {
      self->python_run = python;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PYTHON_RUN]);
    }
  _isobar_run_controller_set_error (self, NULL);
  _isobar_run_controller_set_fraction (self, 0.0);
  set_running (self, TRUE);
}

void
_isobar_run_controller_end_run (IsobarRunController *self)
{
  g_clear_handle_id (&self->progress_id, g_source_remove);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->pipeline);
  g_clear_pointer (&self->locations, g_ptr_array_unref);
  isobar_foreground_thread_pause (FALSE);
  set_running (self, FALSE);
  /* What the run's threads freed goes back to the system, not kept for the
   * next run: without this the window grows by ~25 MB a run. */
  isobar_memory_trim_async (NULL, NULL, NULL);
  /* A failed run may have shut its helpers down: the next one finds new ones. */
  if (self->warm != NULL)
    isobar_warm_executor_warm (self->warm);
}

void
_isobar_run_controller_fail_run (IsobarRunController *self,
                                 const GError        *error)
{
  double seconds = (g_get_monotonic_time () - self->started_us) / (double) G_USEC_PER_SEC;
  g_autofree char *status = NULL;

  if (self->frame_recorder != NULL)
    {
      IsobarRunFrames unused;

      isobar_frame_recorder_end_run (self->frame_recorder, &unused);
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Translators: %.1f is a number of seconds */
      status = g_strdup_printf (_("Cancelled after %.1f s"), seconds);
      _isobar_run_controller_set_error (self, NULL);
    }
  else
    {
      /* Translators: %s is an error message */
      status = g_strdup_printf (_("Failed: %s"), error->message);
      _isobar_run_controller_set_error (self, error->message);
    }

  _isobar_run_controller_set_fraction (self, 0.0);
  _isobar_run_controller_set_status (self, status);
  _isobar_run_controller_end_run (self);
}

void
isobar_run_controller_cancel (IsobarRunController *self)
{
  g_return_if_fail (ISOBAR_IS_RUN_CONTROLLER (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

/* ----------------------------------------------------- real Python */

gboolean
isobar_run_controller_get_python_run (IsobarRunController *self)
{
  g_return_val_if_fail (ISOBAR_IS_RUN_CONTROLLER (self), FALSE);

  return self->python_run;
}

gboolean
isobar_run_controller_get_python_ready (IsobarRunController *self)
{
  g_return_val_if_fail (ISOBAR_IS_RUN_CONTROLLER (self), FALSE);

  return isobar_python_runner_get_ready (self->python);
}

static void
on_python_ready (IsobarRunController *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PYTHON_READY]);
}

/* ------------------------------------------------------- the rest */

gboolean
isobar_run_controller_apply_preset (IsobarRunController  *self,
                                    const char           *id,
                                    GError              **error)
{
  g_return_val_if_fail (ISOBAR_IS_RUN_CONTROLLER (self), FALSE);

  return isobar_preset_apply (self->settings, id, error);
}

/* A strategy chosen by hand makes the preset the one it matches, or
 * "custom". */
static void
on_strategy_changed (IsobarRunController *self,
                     const char          *key,
                     GSettings           *settings)
{
  g_autofree char *fetch_id = g_settings_get_string (settings, "fetch-strategy");
  g_autofree char *compute_id = g_settings_get_string (settings, "compute-strategy");
  g_autofree char *current = g_settings_get_string (settings, "preset");
  IsobarFetchStrategy fetch;
  IsobarComputeStrategy compute;
  const char *preset;

  if (!isobar_fetch_strategy_from_string (fetch_id, &fetch) ||
      !isobar_compute_strategy_from_string (compute_id, &compute))
    return;

  preset = isobar_preset_match (fetch, compute);
  if (g_strcmp0 (preset, current) != 0)
    g_settings_set_string (settings, "preset", preset);
}

gboolean
isobar_run_controller_get_running (IsobarRunController *self)
{
  g_return_val_if_fail (ISOBAR_IS_RUN_CONTROLLER (self), FALSE);

  return self->running;
}

double
isobar_run_controller_get_fraction (IsobarRunController *self)
{
  g_return_val_if_fail (ISOBAR_IS_RUN_CONTROLLER (self), 0.0);

  return self->fraction;
}

const char *
isobar_run_controller_get_status (IsobarRunController *self)
{
  g_return_val_if_fail (ISOBAR_IS_RUN_CONTROLLER (self), NULL);

  return self->status;
}

const char *
isobar_run_controller_get_error (IsobarRunController *self)
{
  g_return_val_if_fail (ISOBAR_IS_RUN_CONTROLLER (self), NULL);

  return self->error;
}

IsobarRunRecord *
isobar_run_controller_get_latest (IsobarRunController *self)
{
  g_return_val_if_fail (ISOBAR_IS_RUN_CONTROLLER (self), NULL);

  return self->latest;
}

IsobarLatencyWatchdog *
isobar_run_controller_get_watchdog (IsobarRunController *self)
{
  g_return_val_if_fail (ISOBAR_IS_RUN_CONTROLLER (self), NULL);

  return self->watchdog;
}

void
isobar_run_controller_set_frame_recorder (IsobarRunController *self,
                                          IsobarFrameRecorder *recorder)
{
  g_return_if_fail (ISOBAR_IS_RUN_CONTROLLER (self));
  g_return_if_fail (recorder == NULL || ISOBAR_IS_FRAME_RECORDER (recorder));

  g_set_object (&self->frame_recorder, recorder);
}

IsobarFrameRecorder *
isobar_run_controller_get_frame_recorder (IsobarRunController *self)
{
  g_return_val_if_fail (ISOBAR_IS_RUN_CONTROLLER (self), NULL);

  return self->frame_recorder;
}

static gboolean
start_watchdog_cb (gpointer user_data)
{
  IsobarRunController *self = user_data;

  self->watchdog_start_id = 0;
  isobar_latency_watchdog_start (self->watchdog);
  /* The helpers start with the window, not with the first run. */
  if (self->warm != NULL)
    isobar_warm_executor_warm (self->warm);

  return G_SOURCE_REMOVE;
}

IsobarRunController *
isobar_run_controller_new (GSettings        *settings,
                           IsobarDataSource *data_source)
{
  IsobarRunController *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (ISOBAR_IS_DATA_SOURCE (data_source), NULL);

  self = g_object_new (ISOBAR_TYPE_RUN_CONTROLLER, NULL);
  self->settings = g_object_ref (settings);
  self->data_source = g_object_ref (data_source);
  self->python = isobar_python_runner_new (settings);
  self->warm = isobar_warm_executor_new (settings);
  g_signal_connect_object (self->python, "progress",
                           G_CALLBACK (_isobar_run_controller_on_python_progress),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->python, "notify::ready", G_CALLBACK (on_python_ready),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::fetch-strategy", G_CALLBACK (on_strategy_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::compute-strategy", G_CALLBACK (on_strategy_changed),
                           self, G_CONNECT_SWAPPED);

  return self;
}

static void
isobar_run_controller_dispose (GObject *object)
{
  IsobarRunController *self = ISOBAR_RUN_CONTROLLER (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->watchdog_start_id, g_source_remove);
  g_clear_handle_id (&self->progress_id, g_source_remove);
  if (self->watchdog != NULL)
    isobar_latency_watchdog_stop (self->watchdog);
  _isobar_run_controller_stop_processes (self);

  g_clear_object (&self->python);
  g_clear_object (&self->frame_recorder);
  g_clear_object (&self->watchdog);
  g_clear_object (&self->settings);
  g_clear_object (&self->data_source);
  g_clear_object (&self->latest);
  if (self->runs != NULL)
    g_list_store_remove_all (self->runs);
  if (self->reports != NULL)
    g_array_set_size (self->reports, 0);

  G_OBJECT_CLASS (isobar_run_controller_parent_class)->dispose (object);
}

static void
isobar_run_controller_finalize (GObject *object)
{
  IsobarRunController *self = ISOBAR_RUN_CONTROLLER (object);

  g_clear_object (&self->runs);
  g_clear_pointer (&self->reports, g_array_unref);
  g_clear_pointer (&self->locations, g_ptr_array_unref);
  g_clear_object (&self->pipeline);
  g_clear_object (&self->cancellable);
  g_free (self->status);
  g_free (self->error);

  G_OBJECT_CLASS (isobar_run_controller_parent_class)->finalize (object);
}

static void
isobar_run_controller_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  IsobarRunController *self = ISOBAR_RUN_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    case PROP_LATEST:
      g_value_set_object (value, self->latest);
      break;
    case PROP_PYTHON_RUN:
      g_value_set_boolean (value, self->python_run);
      break;
    case PROP_PYTHON_READY:
      g_value_set_boolean (value, self->python != NULL && isobar_python_runner_get_ready (self->python));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isobar_run_controller_class_init (IsobarRunControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = isobar_run_controller_dispose;
  object_class->finalize = isobar_run_controller_finalize;
  object_class->get_property = isobar_run_controller_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LATEST] =
    g_param_spec_object ("latest", NULL, NULL, ISOBAR_TYPE_RUN_RECORD,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PYTHON_RUN] =
    g_param_spec_boolean ("python-run", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PYTHON_READY] =
    g_param_spec_boolean ("python-ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[REPORTS_CHANGED] =
    g_signal_new ("reports-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

void
isobar_run_controller_tell (IsobarRunController *self,
                            const char          *text)
{
  g_return_if_fail (ISOBAR_IS_RUN_CONTROLLER (self));
  g_return_if_fail (text != NULL);

  g_signal_emit (self, signals[MESSAGE], 0, text);
}

static void
isobar_run_controller_init (IsobarRunController *self)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();

  self->status = g_strdup ("");
  self->runs = g_list_store_new (ISOBAR_TYPE_RUN_RECORD);
  self->reports = g_array_new (FALSE, TRUE, sizeof (ReportEntry));
  g_array_set_clear_func (self->reports, (GDestroyNotify) report_entry_clear);
  self->watchdog = isobar_latency_watchdog_new (context);
  self->watchdog_start_id = g_idle_add (start_watchdog_cb, self);
}
