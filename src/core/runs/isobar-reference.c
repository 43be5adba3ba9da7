/* isobar-reference.c: runs the CPython reference program and reads its records.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gunixoutputstream.h>
#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <signal.h>
#include <string.h>

#include "isobar-error.h"
#include "isobar-executor.h"
#include "isobar-install.h"
#include "isobar-json.h"
#include "isobar-kernels.h"
#include "isobar-reference.h"
#include "isobar-sigpipe.h"

#define SCRIPT_NAME       "isobar-reference.py"
#define INPUT_SCHEMA      "isobar-reference-input"
#define PROGRESS_SCHEMA   "isobar-reference-progress"
#define DEPTH_SCHEMA      "isobar-reference-depth"
#define RECORD_SCHEMA     "isobar-run-record"
/* After SIGTERM, how long the program has to stop its pool and exit. */
#define KILL_GRACE_MS     500
/* After the program exits, how long its pipes may stay open (a pool
 * process that outlived it) before we stop reading them. */
#define PIPES_GRACE_MS    2000
/* The most of its stderr kept for an error message. */
#define STDERR_KEEP_BYTES 8192
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

struct _IsobarReference
{
  GObject     parent_instance;

  char       *interpreter; /* (owned) (nullable) construct-only; NULL: look it up */
  char       *script;      /* (owned) (nullable) construct-only; NULL: look it up */
  GHashTable *trends;      /* (owned) preset → GPtrArray of IsobarReferenceTrend */
  guint       resamples;
  gboolean    calibrated;
  gboolean    running;
};

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

/* --- Finding the interpreter and the program ----------------------------- */

static char *
find_interpreter (IsobarReference  *self,
                  GError          **error)
{
  const char *override = g_getenv ("ISOBAR_PYTHON");
  char *path;

  /* An explicit choice is never second-guessed with another program. */
  if (self->interpreter != NULL)
    {
      path = g_find_program_in_path (self->interpreter);
      if (path == NULL)
        g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_NOT_FOUND,
                     _("Real Python could not be run: “%s” is not a program"), self->interpreter);
      return path;
    }
  if (override != NULL && *override != '\0')
    {
      path = g_find_program_in_path (override);
      if (path == NULL)
        g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_NOT_FOUND,
                     _("Real Python could not be run: ISOBAR_PYTHON is set to “%s”, which is not a program"),
                     override);
      return path;
    }

  path = g_find_program_in_path ("python3");
  if (path == NULL)
    g_set_error_literal (error, ISOBAR_ERROR, ISOBAR_ERROR_NOT_FOUND,
                         _("Real Python could not be run: no python3 was found on PATH (set ISOBAR_PYTHON to use another)"));
  return path;
}

static char *
find_script (IsobarReference  *self,
             GError          **error)
{
  const char *override = g_getenv ("ISOBAR_REFERENCE_SCRIPT");
  g_autofree char *path = NULL;

  if (self->script != NULL)
    path = g_strdup (self->script);
  else if (override != NULL && *override != '\0')
    path = g_strdup (override);
  else
    path = isobar_install_locate (ISOBAR_INSTALL_PKGDATADIR, SCRIPT_NAME);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_NOT_FOUND,
                   _("Real Python could not be run: its program %s is missing"), path);
      return NULL;
    }
  return g_steal_pointer (&path);
}

gboolean
isobar_reference_check (IsobarReference  *self,
                        GError          **error)
{
  g_autofree char *interpreter = NULL;
  g_autofree char *script = NULL;

  g_return_val_if_fail (ISOBAR_IS_REFERENCE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  interpreter = find_interpreter (self, error);
  if (interpreter == NULL)
    return FALSE;
  script = find_script (self, error);
  return script != NULL;
}

/* --- The input ------------------------------------------------------------ */

typedef struct
{
  GPtrArray *series;   /* (owned) IsobarClimateSeries */
  GPtrArray *names;    /* (owned) char * */
} InputJob;

static void
input_job_free (InputJob *job)
{
  g_clear_pointer (&job->series, g_ptr_array_unref);
  g_clear_pointer (&job->names, g_ptr_array_unref);
  g_free (job);
}

/* One line of JSON: the program's documented input. */
static GBytes *
build_input (InputJob *job)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "schema");
  json_builder_add_string_value (builder, INPUT_SCHEMA);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "places");
  json_builder_begin_array (builder);
  for (guint i = 0; i < job->series->len; i++)
    {
      IsobarClimateSeries *series = g_ptr_array_index (job->series, i);
      const double *tmean = isobar_climate_series_get_tmean (series);
      guint n_days = isobar_climate_series_get_n_days (series);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, g_ptr_array_index (job->names, i));
      json_builder_set_member_name (builder, "first_julian");
      json_builder_add_int_value (builder, isobar_climate_series_get_first_julian (series));
      json_builder_set_member_name (builder, "tmean");
      json_builder_begin_array (builder);
      for (guint d = 0; d < n_days; d++)
        {
          if (isnan (tmean[d]))
            json_builder_add_null_value (builder);
          else
            json_builder_add_double_value (builder, tmean[d]);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = isobar_json_node_to_string (root, FALSE);
  return g_bytes_new_take (g_strconcat (text, "\n", NULL), strlen (text) + 1);
}

static void
build_input_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  g_task_return_pointer (task, build_input (task_data), (GDestroyNotify) g_bytes_unref);
}

/* --- A run ------------------------------------------------------------------ */

typedef struct
{
  char            **argv;              /* (owned) */
  char            **strategies;        /* (owned) the ones asked for */
  InputJob         *input_job;         /* (owned) (nullable) until handed to its thread */
  GBytes           *input;             /* (owned) (nullable) */

  GSubprocess      *process;           /* (owned) (nullable) */
  GDataInputStream *stdout_lines;      /* (owned) (nullable) */
  GInputStream     *stderr_pipe;       /* (owned) (nullable) */
  GCancellable     *io_cancellable;    /* (owned) stdin and stdout */
  GCancellable     *stderr_cancellable; /* (owned) */
  GCancellable     *user_cancellable;  /* (owned) (nullable) */
  gulong            user_cancelled_id;
  GMainContext     *context;           /* (owned) the caller's, where it all runs */
  GSource          *kill_timer;        /* (owned) (nullable) */
  GSource          *pipes_timer;       /* (owned) (nullable) */

  gboolean          stdout_done;
  gboolean          stderr_done;
  gboolean          exited;
  gboolean          stopping;
  gboolean          completed;
  GString          *stderr_text;       /* (owned) */

  GPtrArray        *records;           /* (owned) IsobarRunRecord */
  GHashTable       *trends;            /* (owned) preset → GPtrArray */
  guint             resamples;
  gboolean          calibrated;
  GError           *error;             /* (owned) (nullable) the first failure */
} RunData;

static void
run_data_free (RunData *data)
{
  g_assert (data->kill_timer == NULL && data->pipes_timer == NULL);
  g_assert (data->user_cancelled_id == 0);

  g_clear_pointer (&data->argv, g_strfreev);
  g_clear_pointer (&data->strategies, g_strfreev);
  g_clear_pointer (&data->input_job, input_job_free);
  g_clear_pointer (&data->input, g_bytes_unref);
  g_clear_object (&data->process);
  g_clear_object (&data->stdout_lines);
  g_clear_object (&data->stderr_pipe);
  g_clear_object (&data->io_cancellable);
  g_clear_object (&data->stderr_cancellable);
  g_clear_object (&data->user_cancellable);
  g_clear_pointer (&data->context, g_main_context_unref);
  if (data->stderr_text != NULL)
    g_string_free (data->stderr_text, TRUE);
  g_clear_pointer (&data->records, g_ptr_array_unref);
  g_clear_pointer (&data->trends, g_hash_table_unref);
  g_clear_error (&data->error);
  g_free (data);
}

static char *
describe_exit (GSubprocess *process)
{
  if (g_subprocess_get_if_exited (process))
    return g_strdup_printf (_("exit status %d"), g_subprocess_get_exit_status (process));
  if (g_subprocess_get_if_signaled (process))
    {
      int signum = g_subprocess_get_term_sig (process);

      return g_strdup_printf (_("killed by signal %d, %s"), signum, g_strsignal (signum));
    }
  return g_strdup (_("stopped"));
}

/* Its last words, on one line: the last lines of stderr that fit. */
static char *
fold_stderr (RunData *data)
{
  g_auto(GStrv) lines = g_strsplit (data->stderr_text->str, "\n", -1);
  g_autoptr(GString) folded = g_string_new (NULL);
  guint n = g_strv_length (lines);

  for (guint i = n; i > 0; i--)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i - 1]));

      if (*line == '\0')
        continue;
      if (folded->len > 0 && folded->len + strlen (line) > 400)
        break;
      if (folded->len > 0)
        g_string_prepend (folded, " ");
      g_string_prepend (folded, line);
    }
  return g_string_free (g_steal_pointer (&folded), FALSE);
}

static GError *
failure_error (RunData *data)
{
  g_autofree char *how = describe_exit (data->process);
  g_autofree char *said = fold_stderr (data);

  if (*said != '\0')
    return g_error_new (ISOBAR_ERROR, ISOBAR_ERROR_HELPER,
                        _("Real Python failed (%s): %s"), how, said);
  return g_error_new (ISOBAR_ERROR, ISOBAR_ERROR_HELPER, _("Real Python failed: %s"), how);
}

static void try_complete (GTask *task);

/* A timer on the run's context; @data outlives it (completion stops it). */
static GSource *
start_timer (RunData     *data,
             guint        ms,
             GSourceFunc  callback)
{
  GSource *timer = g_timeout_source_new (ms);

  g_source_set_callback (timer, callback, data, NULL);
  g_source_set_static_name (timer, "[isobar] reference timer");
  g_source_attach (timer, data->context);
  return timer;
}

static void
stop_timer (GSource **timer)
{
  if (*timer == NULL)
    return;
  g_source_destroy (*timer);
  g_clear_pointer (timer, g_source_unref);
}

static gboolean
kill_cb (gpointer user_data)
{
  RunData *data = user_data;

  g_clear_pointer (&data->kill_timer, g_source_unref);
  if (data->process != NULL && !data->exited)
    g_subprocess_force_exit (data->process);
  return G_SOURCE_REMOVE;
}

static gboolean
pipes_grace_cb (gpointer user_data)
{
  RunData *data = user_data;

  g_clear_pointer (&data->pipes_timer, g_source_unref);
  g_cancellable_cancel (data->io_cancellable);
  g_cancellable_cancel (data->stderr_cancellable);
  return G_SOURCE_REMOVE;
}

/* Stops the program: SIGTERM (it kills its pool and exits), SIGKILL if it
 * has not within KILL_GRACE_MS. Always reaped: the wait started at spawn
 * completes the run. */
static void
stop_process (RunData *data)
{
  g_cancellable_cancel (data->io_cancellable);
  if (data->stopping || data->process == NULL || data->exited)
    return;

  data->stopping = TRUE;
  g_subprocess_send_signal (data->process, SIGTERM);
  data->kill_timer = start_timer (data, KILL_GRACE_MS, kill_cb);
}

/* Records the first failure and stops the program. Takes @error. */
static void
run_fail (GTask  *task,
          GError *error)
{
  RunData *data = g_task_get_task_data (task);

  if (data->error == NULL)
    data->error = error;
  else
    g_error_free (error);

  stop_process (data);
  try_complete (task);
}

static void
forward_cancel (GCancellable *cancellable,
                gpointer      user_data)
{
  /* Any thread: cancelling the reads brings the news to the run's context. */
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static void
try_complete (GTask *task)
{
  IsobarReference *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  GHashTableIter iter;
  gpointer preset, trends;
  guint expected;

  if (data->completed)
    return;
  if (data->process != NULL && !(data->exited && data->stdout_done && data->stderr_done))
    return;

  data->completed = TRUE;
  stop_timer (&data->kill_timer);
  stop_timer (&data->pipes_timer);
  if (data->user_cancelled_id != 0)
    {
      g_cancellable_disconnect (data->user_cancellable, data->user_cancelled_id);
      data->user_cancelled_id = 0;
    }
  self->running = FALSE;

  if (g_cancellable_is_cancelled (data->user_cancellable))
    {
      g_clear_error (&data->error);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The real Python run was cancelled"));
      return;
    }
  if (data->error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&data->error));
      return;
    }
  if (!g_subprocess_get_successful (data->process))
    {
      g_task_return_error (task, failure_error (data));
      return;
    }
  expected = g_strv_length (data->strategies);
  if (data->records->len != expected)
    {
      g_task_return_new_error (task, ISOBAR_ERROR, ISOBAR_ERROR_HELPER,
                               _("Real Python ended after %u of its %u runs"),
                               data->records->len, expected);
      return;
    }

  /* Each strategy's trends replace those of its last run only. */
  g_hash_table_iter_init (&iter, data->trends);
  while (g_hash_table_iter_next (&iter, &preset, &trends))
    {
      g_hash_table_replace (self->trends, g_strdup (preset), g_ptr_array_ref (trends));
    }
  self->resamples = data->resamples;
  self->calibrated = data->calibrated;
  g_task_return_pointer (task, g_steal_pointer (&data->records),
                         (GDestroyNotify) g_ptr_array_unref);
}

/* --- Reading its output --------------------------------------------------- */

static gboolean
read_uint_member (JsonObject *object,
                  const char *name,
                  guint      *value)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 0 || json_node_get_int (node) > G_MAXUINT)
    return FALSE;
  *value = (guint) json_node_get_int (node);
  return TRUE;
}

static double
read_number_or_nan (JsonObject *object,
                    const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NAN;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
    case G_TYPE_DOUBLE:
      return json_node_get_double (node);
    default:
      return NAN;
    }
}

/* The "trends" of a record, or NULL if it has none that make sense. */
static GPtrArray *
read_trends (JsonObject *root)
{
  JsonNode *node = json_object_get_member (root, "trends");
  g_autoptr(GPtrArray) trends = NULL;
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  array = json_node_get_array (node);
  trends = g_ptr_array_new_with_free_func ((GDestroyNotify) isobar_reference_trend_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object;
      IsobarReferenceTrend *trend;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return NULL;
      object = json_node_get_object (element);
      trend = g_new0 (IsobarReferenceTrend, 1);
      trend->name = g_strdup (json_object_get_string_member_with_default (object, "name", ""));
      trend->trend = read_number_or_nan (object, "trend_per_decade");
      trend->ci_low = read_number_or_nan (object, "ci_low");
      trend->ci_high = read_number_or_nan (object, "ci_high");
      g_ptr_array_add (trends, trend);
    }
  return g_steal_pointer (&trends);
}

static gboolean
handle_record (RunData     *data,
               JsonNode    *node,
               GError     **error)
{
  JsonObject *root = json_node_get_object (node);
  g_autoptr(IsobarRunRecord) record = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *preset;
  GPtrArray *trends;

  record = isobar_run_record_new_from_json_node (node, &local_error);
  if (record == NULL)
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_HELPER,
                   _("Real Python wrote a run record Isobar cannot read: %s"), local_error->message);
      return FALSE;
    }

  preset = json_object_get_string_member_with_default (root, "preset", NULL);
  trends = read_trends (root);
  if (preset != NULL && trends != NULL)
    g_hash_table_replace (data->trends, g_strdup (preset), trends);
  else if (trends != NULL)
    g_ptr_array_unref (trends);

  g_ptr_array_add (data->records, g_steal_pointer (&record));
  return TRUE;
}

/* One line of its stdout. FALSE and @error when it is not its output. */
static gboolean
handle_line (GTask       *task,
             const char  *line,
             GError     **error)
{
  IsobarReference *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *root;
  const char *schema;
  guint done = 0, total = 0;

  if (!json_parser_load_from_data (parser, line, -1, NULL) ||
      json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return FALSE;

  root = json_node_get_object (json_parser_get_root (parser));
  schema = json_object_get_string_member_with_default (root, "schema", NULL);
  if (schema == NULL)
    return FALSE;

  if (g_str_equal (schema, RECORD_SCHEMA))
    return handle_record (data, json_parser_get_root (parser), error);

  if (g_str_equal (schema, PROGRESS_SCHEMA))
    {
      const char *preset = json_object_get_string_member_with_default (root, "preset", NULL);

      if (preset == NULL || !read_uint_member (root, "done", &done) ||
          !read_uint_member (root, "total", &total))
        return FALSE;
      g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, preset, done, total);
      return TRUE;
    }

  if (g_str_equal (schema, DEPTH_SCHEMA))
    {
      if (!read_uint_member (root, "resamples", &data->resamples))
        return FALSE;
      data->calibrated = g_strcmp0 (json_object_get_string_member_with_default (root, "chosen", NULL),
                                    "calibrated") == 0;
      return TRUE;
    }

  /* A line of a later version of the program: not ours to understand. */
  g_debug ("isobar-reference: ignoring a “%s” line", schema);
  return TRUE;
}

static void read_next_line (GTask *task);

static void
read_line_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RunData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, &error);
  if (line == NULL)
    {
      data->stdout_done = TRUE;
      /* The end of its output (it is exiting), or we stopped reading a
       * program that has exited and left its pipe to a pool process. */
      if (error == NULL || (data->exited && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
        try_complete (task);
      /* A cancel, ours or the caller's: stop it. */
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        run_fail (task, g_steal_pointer (&error));
      else
        run_fail (task, g_error_new (ISOBAR_ERROR, ISOBAR_ERROR_HELPER,
                                     _("Could not read what real Python printed: %s"), error->message));
      return;
    }

  if (data->stopping)
    {
      read_next_line (task);
      return;
    }

  if (!handle_line (task, line, &error))
    {
      g_autofree char *said = NULL;
      g_autofree char *excerpt = NULL;

      if (error != NULL)
        {
          run_fail (task, g_steal_pointer (&error));
          read_next_line (task);
          return;
        }

      said = fold_stderr (data);
      excerpt = g_utf8_substring (line, 0, MIN (g_utf8_strlen (line, -1), 80));
      if (*said != '\0')
        error = g_error_new (ISOBAR_ERROR, ISOBAR_ERROR_HELPER,
                             _("Real Python printed something that is not its output (“%s”): %s"),
                             excerpt, said);
      else
        error = g_error_new (ISOBAR_ERROR, ISOBAR_ERROR_HELPER,
                             _("Real Python printed something that is not its output (“%s”)"),
                             excerpt);
      run_fail (task, g_steal_pointer (&error));
    }

  read_next_line (task);
}

static void
read_next_line (GTask *task)
{
  RunData *data = g_task_get_task_data (task);

  g_data_input_stream_read_line_async (data->stdout_lines, G_PRIORITY_DEFAULT,
                                       data->io_cancellable, read_line_cb, g_object_ref (task));
}

static void
read_stderr_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RunData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  gsize size = 0;
  const char *chunk;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, NULL);
  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      data->stderr_done = TRUE;
      try_complete (task);
      return;
    }

  chunk = g_bytes_get_data (bytes, &size);
  if (data->stderr_text->len < STDERR_KEEP_BYTES)
    g_string_append_len (data->stderr_text, chunk, MIN (size, STDERR_KEEP_BYTES - data->stderr_text->len));
  g_input_stream_read_bytes_async (data->stderr_pipe, 4096, G_PRIORITY_DEFAULT,
                                   data->stderr_cancellable, read_stderr_cb, g_object_ref (task));
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RunData *data = g_task_get_task_data (task);

  /* Without a cancellable this only returns once it is reaped. */
  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  data->exited = TRUE;
  stop_timer (&data->kill_timer);

  if (!(data->stdout_done && data->stderr_done) && !data->completed)
    data->pipes_timer = start_timer (data, PIPES_GRACE_MS, pipes_grace_cb);
  try_complete (task);
}

static void
write_input_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RunData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* stdin stays open: its end is the program's signal to stop. */
  if (g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    return;
  if (data->stopping || data->exited || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* It died before reading its input: its exit status and stderr say why. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
    return;
  run_fail (task, g_error_new (ISOBAR_ERROR, ISOBAR_ERROR_HELPER,
                               _("Could not send the series to Real Python: %s"), error->message));
}

static void
spawn (GTask *task)
{
  RunData *data = g_task_get_task_data (task);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  GOutputStream *stdin_pipe;
  gconstpointer bytes;
  gsize size;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* Its own output is plain ASCII JSON; its errors should be too. */
  g_subprocess_launcher_setenv (launcher, "PYTHONIOENCODING", "utf-8", TRUE);
  data->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) data->argv, &error);
  if (data->process == NULL)
    {
      run_fail (task, g_error_new (ISOBAR_ERROR, ISOBAR_ERROR_HELPER,
                                   _("Real Python could not be run: %s"), error->message));
      return;
    }
  g_debug ("isobar-reference: started %s (%s)", data->argv[0],
           g_subprocess_get_identifier (data->process));

  data->stdout_lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (data->process));
  g_data_input_stream_set_newline_type (data->stdout_lines, G_DATA_STREAM_NEWLINE_TYPE_LF);
  data->stderr_pipe = g_object_ref (g_subprocess_get_stderr_pipe (data->process));

  g_subprocess_wait_async (data->process, NULL, wait_cb, g_object_ref (task));
  read_next_line (task);
  g_input_stream_read_bytes_async (data->stderr_pipe, 4096, G_PRIORITY_DEFAULT,
                                   data->stderr_cancellable, read_stderr_cb, g_object_ref (task));
  /* A megabyte into a pipe: without O_NONBLOCK an "async" write of it
   * blocks this thread until the program has read it all. */
  stdin_pipe = g_subprocess_get_stdin_pipe (data->process);
  if (!g_unix_set_fd_nonblocking (g_unix_output_stream_get_fd (G_UNIX_OUTPUT_STREAM (stdin_pipe)), TRUE, &error))
    {
      run_fail (task, g_error_new (ISOBAR_ERROR, ISOBAR_ERROR_HELPER,
                                   _("Could not send the series to Real Python: %s"), error->message));
      return;
    }
  bytes = g_bytes_get_data (data->input, &size);
  g_output_stream_write_all_async (stdin_pipe, bytes, size,
                                   G_PRIORITY_DEFAULT, data->io_cancellable,
                                   write_input_cb, g_object_ref (task));
}

static void
input_ready_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RunData *data = g_task_get_task_data (task);

  data->input = g_task_propagate_pointer (G_TASK (result), NULL);
  g_assert (data->input != NULL);

  if (g_cancellable_is_cancelled (data->io_cancellable))
    try_complete (task);
  else
    spawn (task);
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
      !(settings->switch_interval_ms >= 0 && settings->switch_interval_ms <= 10000) ||
      !(settings->target_seconds >= 0 && settings->target_seconds <= 3600))
    {
      g_set_error_literal (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                           _("Real Python was asked for settings out of range"));
      return FALSE;
    }
  return TRUE;
}

static char **
build_argv (const char                    *interpreter,
            const char                    *script,
            const IsobarReferenceSettings *settings,
            char * const                  *strategies)
{
  GPtrArray *argv = g_ptr_array_new ();
  char number[G_ASCII_DTOSTR_BUF_SIZE];
  guint workers = isobar_executor_resolve_workers (settings->workers);
  double interval_ms = settings->switch_interval_ms > 0 ? settings->switch_interval_ms : 5.0;
  double target_seconds = settings->target_seconds > 0 ? settings->target_seconds : 3.0;

  g_ptr_array_add (argv, g_strdup (interpreter));
  g_ptr_array_add (argv, g_strdup (script));
  g_ptr_array_add (argv, g_strdup ("--watch-stdin"));
  g_ptr_array_add (argv, g_strdup ("--strategies"));
  g_ptr_array_add (argv, g_strjoinv (",", (char **) strategies));
  g_ptr_array_add (argv, g_strdup ("--workers"));
  g_ptr_array_add (argv, g_strdup_printf ("%u", workers));
  g_ptr_array_add (argv, g_strdup ("--switch-interval-ms"));
  g_ptr_array_add (argv, g_strdup (g_ascii_dtostr (number, sizeof number, interval_ms)));
  g_ptr_array_add (argv, g_strdup ("--resamples"));
  g_ptr_array_add (argv, g_strdup_printf ("%u", settings->resamples));
  g_ptr_array_add (argv, g_strdup ("--target-seconds"));
  g_ptr_array_add (argv, g_strdup (g_ascii_dtostr (number, sizeof number, target_seconds)));
  g_ptr_array_add (argv, g_strdup ("--seed"));
  g_ptr_array_add (argv, g_strdup_printf ("%" G_GUINT64_FORMAT, settings->seed));
  g_ptr_array_add (argv, NULL);
  return (char **) g_ptr_array_free (argv, FALSE);
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
      (interpreter = find_interpreter (self, &error)) == NULL ||
      (script = find_script (self, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  data = g_new0 (RunData, 1);
  data->strategies = g_strdupv ((char **) (settings->strategies != NULL ? settings->strategies
                                                                         : all_strategies));
  data->argv = build_argv (interpreter, script, settings, data->strategies);
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
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);

  if (cancellable != NULL)
    {
      data->user_cancellable = g_object_ref (cancellable);
      data->user_cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (forward_cancel),
                                                       g_object_ref (data->io_cancellable),
                                                       g_object_unref);
    }
  self->running = TRUE;

  /* Megabytes of numbers to text: not on the caller's main loop. */
  input_task = g_task_new (NULL, NULL, input_ready_cb, g_object_ref (task));
  g_task_set_source_tag (input_task, build_input_thread);
  g_task_set_name (input_task, "[isobar] reference input");
  g_task_set_task_data (input_task, g_steal_pointer (&data->input_job), (GDestroyNotify) input_job_free);
  g_task_run_in_thread (input_task, build_input_thread);
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
