/* test-cli.c: the built isobar-cli against its private isobar-sim, a
 * simulator that fails on purpose, and a server that is not there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test-util.h"

#include "isobar-core.h"

/* Generous: a run starts a simulator and makes two requests. */
#define CLI_TIMEOUT_SECONDS 60
/* What the log keeps of a command's output: a --json record of a slow run
 * holds a trace line over 64 KiB, which meson's TAP reader splits, and then
 * reads the rest as unknown TAP lines. */
#define LOGGED_BYTES 4000

typedef struct
{
  gboolean  exited;      /* FALSE when killed by a signal or the timeout */
  int       exit_status;
  char     *out;
  char     *err;
} CliRun;

static void
cli_run_free (CliRun *run)
{
  g_free (run->out);
  g_free (run->err);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliRun, cli_run_free)

/* Bounded wait for an async result on the default main context. */
typedef struct
{
  GAsyncResult *result;
  gboolean      timed_out;
} Waiter;

static void
waiter_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->result = g_object_ref (result);
}

static gboolean
waiter_timeout (gpointer user_data)
{
  Waiter *waiter = user_data;

  waiter->timed_out = TRUE;

  return G_SOURCE_REMOVE;
}

static GAsyncResult *
waiter_wait (Waiter *waiter)
{
  guint timeout_id = g_timeout_add_seconds (CLI_TIMEOUT_SECONDS, waiter_timeout, waiter);

  while (waiter->result == NULL && !waiter->timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (waiter->result != NULL)
    g_source_remove (timeout_id);

  return g_steal_pointer (&waiter->result);
}

/* The processes whose parent is @parent_pid. */
static GArray *
list_children_of (pid_t parent_pid)
{
  GArray *children = g_array_new (FALSE, FALSE, sizeof (GPid));

  test_find_children_of (parent_pid, children, NULL);
  return children;
}

/* The processes whose parent is this test. As a child subreaper, the test
 * inherits whatever a finished isobar-cli left running (or unreaped). */
static GArray *
list_children (void)
{
  return list_children_of (getpid ());
}

static gboolean
pid_array_contains (GArray *pids,
                    GPid    pid)
{
  for (guint i = 0; i < pids->len; i++)
    if (g_array_index (pids, GPid, i) == pid)
      return TRUE;

  return FALSE;
}

static char *
describe_process (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/cmdline", (int) pid);
  g_autofree char *cmdline = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &cmdline, &length, NULL) || length == 0)
    {
      /* A zombie has no command line left, but still its name. */
      g_autofree char *name = test_process_name (pid);

      if (name != NULL)
        return g_strdup_printf ("%s (exited, not reaped)", name);
      return g_strdup ("(exited, not reaped)");
    }
  for (gsize i = 0; i + 1 < length; i++)
    if (cmdline[i] == '\0')
      cmdline[i] = ' ';

  return g_steal_pointer (&cmdline);
}

/* Fails when a child appeared that was not there before; kills and reaps
 * it first, so that one failure does not leak into the next test. */
static void
assert_no_new_children (GArray *before)
{
  g_autoptr(GArray) after = list_children ();
  g_autoptr(GString) left_behind = g_string_new (NULL);

  for (guint i = 0; i < after->len; i++)
    {
      GPid pid = g_array_index (after, GPid, i);
      g_autofree char *description = NULL;

      if (pid_array_contains (before, pid))
        continue;

      description = describe_process (pid);
      g_string_append_printf (left_behind, "[%d %s]", (int) pid, description);
      kill (pid, SIGKILL);
      waitpid (pid, NULL, 0);
    }

  if (left_behind->len > 0)
    g_test_message ("isobar-cli left processes behind: %s", left_behind->str);
  g_assert_cmpstr (left_behind->str, ==, "");
}

/* A running isobar-cli, and the children the test had before starting it. */
typedef struct
{
  GSubprocess *subprocess;   /* (owned) */
  GArray      *before;       /* (owned) (element-type GPid) */
  char        *command_line; /* (owned) */
} CliProcess;

static CliProcess *
cli_spawn (const char * const *arguments)
{
  const char *program = g_getenv ("ISOBAR_CLI");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = NULL;
  CliProcess *process = g_new0 (CliProcess, 1);

  g_assert_nonnull (program);
  g_strv_builder_add (builder, program);
  g_strv_builder_addv (builder, (const char **) arguments);
  argv = g_strv_builder_end (builder);
  process->command_line = g_strjoinv (" ", argv);
  g_test_message ("Running %s", process->command_line);

  process->before = list_children ();
  process->subprocess = g_subprocess_newv ((const char * const *) argv,
                                           G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                           &error);
  g_assert_no_error (error);

  return process;
}

/* @text, cut to about LOGGED_BYTES at a character's start. */
static char *
abbreviate (const char *text)
{
  const char *end;

  if (strlen (text) <= LOGGED_BYTES)
    return g_strdup (text);
  end = g_utf8_find_prev_char (text, text + LOGGED_BYTES + 1);
  return g_strdup_printf ("%.*s […]", (int) (end - text), text);
}

/* Collects the output and exit status of @process (freed) and checks that
 * it left no process behind. */
static CliRun *
cli_finish (CliProcess *process)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  CliRun *run = g_new0 (CliRun, 1);
  Waiter waiter = { 0 };

  g_subprocess_communicate_utf8_async (process->subprocess, NULL, NULL, waiter_done, &waiter);
  result = waiter_wait (&waiter);
  if (result == NULL)
    {
      g_test_fail_printf ("%s did not finish within %d s", process->command_line, CLI_TIMEOUT_SECONDS);
      g_subprocess_force_exit (process->subprocess);
      /* Its pipes close now: collect what it wrote. */
      waiter.timed_out = FALSE;
      result = waiter_wait (&waiter);
      g_assert_nonnull (result);
    }
  g_subprocess_communicate_utf8_finish (process->subprocess, result, &run->out, &run->err, &error);
  g_assert_no_error (error);

  /* Reaps isobar-cli itself: only what it left behind remains a child. */
  g_subprocess_wait (process->subprocess, NULL, &error);
  g_assert_no_error (error);
  run->exited = g_subprocess_get_if_exited (process->subprocess);
  run->exit_status = run->exited ? g_subprocess_get_exit_status (process->subprocess) : -1;
  if (run->out == NULL)
    run->out = g_strdup ("");
  if (run->err == NULL)
    run->err = g_strdup ("");
  {
    g_autofree char *out = abbreviate (run->out);
    g_autofree char *err = abbreviate (run->err);

    g_test_message ("exit status %d\nstdout:\n%s\nstderr:\n%s", run->exit_status, out, err);
  }

  assert_no_new_children (process->before);

  g_clear_object (&process->subprocess);
  g_clear_pointer (&process->before, g_array_unref);
  g_clear_pointer (&process->command_line, g_free);
  g_free (process);

  return run;
}

static CliRun *
run_cliv (const char * const *arguments)
{
  return cli_finish (cli_spawn (arguments));
}

static CliRun *
run_cli (const char *first_argument,
         ...) G_GNUC_NULL_TERMINATED;

static CliRun *
run_cli (const char *first_argument,
         ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) arguments = NULL;
  va_list args;

  va_start (args, first_argument);
  for (const char *a = first_argument; a != NULL; a = va_arg (args, const char *))
    g_strv_builder_add (builder, a);
  va_end (args);
  arguments = g_strv_builder_end (builder);

  return run_cliv ((const char * const *) arguments);
}

static void
assert_success (CliRun *run)
{
  if (!run->exited || run->exit_status != 0)
    g_test_fail_printf ("isobar-cli failed (status %d): %s", run->exit_status, run->err);
}

static void
assert_failure (CliRun     *run,
                int         expected_status,
                const char *expected_message)
{
  g_assert_true (run->exited);
  if (expected_status > 0)
    g_assert_cmpint (run->exit_status, ==, expected_status);
  else
    g_assert_cmpint (run->exit_status, !=, 0);
  g_assert_true (g_str_has_prefix (run->err, "isobar-cli: "));
  if (strstr (run->err, expected_message) == NULL)
    g_test_fail_printf ("stderr lacks “%s”: %s", expected_message, run->err);
}

static void
test_version_and_help (void)
{
  g_autoptr(CliRun) version = run_cli ("--version", NULL);
  g_autoptr(CliRun) help = run_cli ("--help", NULL);
  g_autoptr(CliRun) forecast_help = run_cli ("forecast", "--help", NULL);

  assert_success (version);
  g_assert_cmpstr (version->out, ==, "isobar-cli " PACKAGE_VERSION "\n");

  assert_success (help);
  g_assert_nonnull (strstr (help->out, "search"));
  g_assert_nonnull (strstr (help->out, "forecast"));

  assert_success (forecast_help);
  g_assert_nonnull (strstr (forecast_help->out, "isobar-cli forecast"));
  g_assert_nonnull (strstr (forecast_help->out, "--lat"));
  g_assert_nonnull (strstr (forecast_help->out, "--server"));
}

static void
test_usage_errors (void)
{
  const char * const no_arguments[] = { NULL };
  g_autoptr(CliRun) none = run_cliv (no_arguments);
  g_autoptr(CliRun) unknown = run_cli ("frobnicate", NULL);
  g_autoptr(CliRun) no_place = run_cli ("forecast", NULL);
  g_autoptr(CliRun) bad_units = run_cli ("forecast", "--units", "kelvin", "Berlin", NULL);
  g_autoptr(CliRun) both = run_cli ("forecast", "Berlin", "--lat", "1", "--lon", "2", NULL);
  g_autoptr(CliRun) half = run_cli ("forecast", "--lat", "52.5", NULL);
  g_autoptr(CliRun) far = run_cli ("forecast", "--lat", "95", "--lon", "0", NULL);
  g_autoptr(CliRun) days = run_cli ("forecast", "--days", "17", "Berlin", NULL);
  g_autoptr(CliRun) bad_option = run_cli ("search", "--bogus", "Berlin", NULL);

  assert_failure (none, 2, "Missing command");
  assert_failure (unknown, 2, "Unknown command “frobnicate”");
  assert_failure (no_place, 2, "Name a place");
  assert_failure (bad_units, 2, "kelvin");
  assert_failure (both, 2, "not both");
  assert_failure (half, 2, "--lat and --lon go together");
  assert_failure (far, 2, "--lat must be between");
  assert_failure (days, 2, "--days must be between 1 and 16");
  assert_failure (bad_option, 2, "--bogus");
}

static void
test_search (void)
{
  g_autoptr(CliRun) text = run_cli ("search", "Berlin", NULL);
  g_autoptr(CliRun) json = run_cli ("search", "--json", "--count", "3", "Berlin", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *results;

  assert_success (text);
  g_assert_nonnull (strstr (text->out, "Berlin"));

  assert_success (json);
  json_parser_load_from_data (parser, json->out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "query"), ==, "Berlin");
  results = json_object_get_array_member (root, "results");
  g_assert_cmpuint (json_array_get_length (results), >=, 1);
  g_assert_cmpuint (json_array_get_length (results), <=, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, 0), "name"),
                   ==, "Berlin");
}

/* Every member of a block object is an array of @expected_length. */
static void
assert_block_columns (JsonObject *root,
                      const char *name,
                      guint       expected_length)
{
  JsonObject *block = json_object_get_object_member (root, name);
  g_autoptr(GList) members = NULL;

  g_assert_nonnull (block);
  g_assert_true (json_object_has_member (block, "time"));
  members = json_object_get_members (block);
  g_assert_cmpuint (g_list_length (members), >, 1);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *column = json_object_get_member (block, l->data);

      g_assert_true (JSON_NODE_HOLDS_ARRAY (column));
      if (json_array_get_length (json_node_get_array (column)) != expected_length)
        g_test_fail_printf ("%s.%s has %u values, not %u", name, (const char *) l->data,
                            json_array_get_length (json_node_get_array (column)), expected_length);
    }
}

static JsonObject *
parse_object (JsonParser *parser,
              const char *text)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_forecast_json (void)
{
  g_autoptr(CliRun) run = run_cli ("forecast", "Berlin", "--json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *location, *current, *units;

  assert_success (run);
  root = parse_object (parser, run->out);

  location = json_object_get_object_member (root, "location");
  g_assert_cmpstr (json_object_get_string_member (location, "name"), ==, "Berlin");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (location, "latitude"), 52.52, 0.1);

  current = json_object_get_object_member (root, "current");
  g_assert_nonnull (current);
  g_assert_true (json_object_has_member (current, "time"));
  g_assert_true (json_object_has_member (current, "temperature_2m"));
  g_assert_true (json_object_has_member (current, "weather_description"));

  assert_block_columns (root, "hourly", 48);
  assert_block_columns (root, "daily", 7);

  units = json_object_get_object_member (root, "units");
  g_assert_cmpstr (json_object_get_string_member (units, "system"), ==, "metric");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (units, "hourly"),
                                                  "temperature_2m"), ==, "°C");
}

static void
test_forecast_options (void)
{
  g_autoptr(CliRun) run = run_cli ("forecast", "--json", "--days", "3", "--units", "imperial",
                                   "--lat", "52.52", "--lon", "13.41", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *units;

  assert_success (run);
  root = parse_object (parser, run->out);
  assert_block_columns (root, "daily", 3);
  units = json_object_get_object_member (root, "units");
  g_assert_cmpstr (json_object_get_string_member (units, "system"), ==, "imperial");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (units, "daily"),
                                                  "temperature_2m_max"), ==, "°F");
}

static void
test_forecast_text (void)
{
  g_autoptr(CliRun) run = run_cli ("forecast", "--lat", "52.52", "--lon", "13.41", NULL);

  assert_success (run);
  g_assert_nonnull (strstr (run->out, "52.52° N, 13.41° E"));
  g_assert_nonnull (strstr (run->out, "Now: "));
  g_assert_nonnull (strstr (run->out, "Feels like"));
  g_assert_nonnull (strstr (run->out, "Next hours"));
  g_assert_nonnull (strstr (run->out, "Next days"));
  g_assert_nonnull (strstr (run->out, "°C"));
}

/* Nothing went wrong on the way: no GLib critical or warning. */
static void
assert_quiet (CliRun *run)
{
  if (strstr (run->err, "-CRITICAL") != NULL || strstr (run->err, "-WARNING") != NULL)
    g_test_fail_printf ("isobar-cli complained: %s", run->err);
}

static void
test_report_json (void)
{
  g_autoptr(CliRun) run = run_cli ("report", "Berlin", "--years", "10", "--resamples", "256", "--json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *trend, *interval;

  assert_success (run);
  assert_quiet (run);
  root = parse_object (parser, run->out);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "location"), "name"),
                   ==, "Berlin");
  g_assert_cmpint (json_object_get_int_member (root, "years"), ==, 10);
  g_assert_cmpint (json_object_get_int_member (root, "first_year"), ==, 2015);
  trend = json_object_get_object_member (root, "trend");
  g_assert_nonnull (trend);
  g_assert_true (JSON_NODE_HOLDS_VALUE (json_object_get_member (trend, "slope_per_decade")));
  interval = json_object_get_object_member (trend, "interval");
  g_assert_nonnull (interval);
  g_assert_cmpint (json_object_get_int_member (interval, "resamples"), ==, 256);
  g_assert_cmpfloat (json_object_get_double_member (interval, "low"), <=,
                     json_object_get_double_member (interval, "high"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "yearly")), ==, 10);
  g_assert_true (json_object_has_member (root, "records"));
  g_assert_true (json_object_has_member (root, "digest"));
}

static void
test_report_text (void)
{
  g_autoptr(CliRun) run = run_cli ("report", "--lat", "52.52", "--lon", "13.41", "--years", "5",
                                   "--resamples", "128", "--compute", "thread-pool", "--workers", "2", NULL);
  g_autoptr(CliRun) bad_compute = run_cli ("report", "Berlin", "--compute", "gpu", NULL);

  assert_success (run);
  assert_quiet (run);
  g_assert_nonnull (strstr (run->out, "2020–2024 (5 years)"));
  g_assert_nonnull (strstr (run->out, "Trend: "));
  g_assert_nonnull (strstr (run->out, "95 % interval: "));
  g_assert_nonnull (strstr (run->out, "Record high: "));
  g_assert_nonnull (strstr (run->out, "Heat map: 366 × 5 pixels"));
  assert_failure (bad_compute, 2, "process-per-job");
}

/* The data rows of a Markdown table (after the header and its rule). */
static GPtrArray *
markdown_rows (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  guint table_line = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (!g_str_has_prefix (lines[i], "|"))
        continue;
      if (table_line++ < 2)
        continue;
      g_ptr_array_add (rows, g_strsplit (lines[i], "|", -1));
    }

  return rows;
}

static void
test_bench (void)
{
  g_autoptr(CliRun) run = run_cli ("bench", "--locations", "2", "--years", "5", "--resamples", "128",
                                   "--fetch", "worker,async", "--compute", "thread-pool,process-pool", NULL);
  g_autoptr(CliRun) json = run_cli ("bench", "--locations", "2", "--years", "5", "--resamples", "128",
                                    "--fetch", "thread-pool", "--compute", "ui-thread", "--json", NULL);
  g_autoptr(CliRun) bad = run_cli ("bench", "--fetch", "worker,carrier-pigeon", NULL);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *digest = NULL;
  JsonObject *root;

  assert_success (run);
  assert_quiet (run);
  rows = markdown_rows (run->out);
  g_assert_cmpuint (rows->len, ==, 4);
  for (guint i = 0; i < rows->len; i++)
    {
      char **cells = g_ptr_array_index (rows, i);
      guint n = g_strv_length (cells);
      g_autofree char *cell = NULL;

      /* "| a | … | digest |" splits into an empty first and last field. */
      g_assert_cmpuint (n, ==, 15);
      cell = g_strstrip (g_strdup (cells[n - 2]));
      g_assert_cmpuint (strlen (cell), ==, 12);
      if (digest == NULL)
        digest = g_strdup (cell);
      g_assert_cmpstr (cell, ==, digest);
    }

  assert_success (json);
  assert_quiet (json);
  root = parse_object (parser, json->out);
  g_assert_cmpstr (json_object_get_string_member (root, "schema"), ==, "isobar-run-record");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (root, "digest"), digest));

  assert_failure (bad, 2, "carrier-pigeon");
  g_assert_nonnull (strstr (bad->err, "ui-thread, worker, thread-pool, async"));
}

/* --preset runs the presets' strategies; each record says which it ran. */
static void
test_bench_presets (void)
{
  g_autoptr(CliRun) run = run_cli ("bench", "--locations", "2", "--years", "5", "--resamples", "128",
                                   "--preset", "python-threads,python-multiprocessing",
                                   "--switch-interval-ms", "1", "--json", NULL);
  g_autoptr(CliRun) bad = run_cli ("bench", "--preset", "recommended,custom", NULL);
  g_autoptr(CliRun) both = run_cli ("bench", "--preset", "recommended", "--compute", "thread-pool", NULL);
  g_auto(GStrv) lines = NULL;
  g_autoptr(JsonParser) threads_parser = json_parser_new ();
  g_autoptr(JsonParser) processes_parser = json_parser_new ();
  JsonObject *threads, *processes, *lock;

  assert_success (run);
  lines = g_strsplit (g_strstrip (run->out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  threads = parse_object (threads_parser, lines[0]);
  processes = parse_object (processes_parser, lines[1]);

  g_assert_cmpstr (json_object_get_string_member (threads, "preset"), ==, "python-threads");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (threads, "strategies"), "compute"),
                   ==, "gil-threads");
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (threads, "settings"),
                                                    "switch_interval_ms"), ==, 1.0);
  lock = json_object_get_object_member (threads, "interpreter_lock");
  g_assert_nonnull (lock);
  g_assert_cmpint (json_object_get_int_member (lock, "worker_acquisitions"), >, 0);

  g_assert_cmpstr (json_object_get_string_member (processes, "preset"), ==, "python-multiprocessing");
  g_assert_true (json_object_get_null_member (processes, "interpreter_lock"));
  g_assert_cmpstr (json_object_get_string_member (threads, "digest"), ==,
                   json_object_get_string_member (processes, "digest"));

  assert_failure (bad, 2, "Unknown preset “custom”");
  assert_failure (both, 2, "--preset");
}

/* --cpython runs real Python beside the emulation, on the same archives;
 * without a Python it says so and still prints the other rows. */
static void
test_bench_cpython (void)
{
  g_autoptr(CliRun) run = NULL;
  g_autoptr(CliRun) missing = NULL;
  g_autoptr(CliRun) bad_chunks = run_cli ("bench", "--cpython", "--cpython-chunks", "-2", NULL);
  g_auto(GStrv) lines = NULL;
  g_autofree char *python = g_find_program_in_path ("python3");
  const char *presets[] = { "python-threads", "cpython-serial", "cpython-threads", "cpython-processes" };

  g_setenv ("ISOBAR_PYTHON", "/nonexistent/python3", TRUE);
  missing = run_cli ("bench", "--locations", "1", "--years", "5", "--resamples", "128",
                     "--preset", "python-threads", "--cpython", "--json", NULL);
  g_unsetenv ("ISOBAR_PYTHON");
  assert_success (missing);
  g_assert_nonnull (strstr (missing->err, "/nonexistent/python3"));
  g_assert_nonnull (strstr (missing->err, "The real-Python rows are left out."));
  g_clear_pointer (&lines, g_strfreev);
  lines = g_strsplit (g_strstrip (missing->out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1);
  assert_failure (bad_chunks, 2, "--cpython-chunks must be between -1 and");

  if (python == NULL)
    {
      g_test_skip ("no python3 on PATH: the real-Python rows cannot run here");
      return;
    }

  run = run_cli ("bench", "--locations", "2", "--years", "5", "--resamples", "128",
                 "--preset", "python-threads", "--workers", "2", "--cpython", "--cpython-resamples", "64",
                 "--cpython-chunks", "4", "--json", NULL);
  assert_success (run);
  g_clear_pointer (&lines, g_strfreev);
  lines = g_strsplit (g_strstrip (run->out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, G_N_ELEMENTS (presets));
  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(IsobarRunRecord) record = isobar_run_record_new_from_json (lines[i], -1, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (isobar_run_record_get_preset (record), ==, presets[i]);
      g_assert_cmpuint (isobar_run_record_get_settings (record)->locations, ==, 2);
      if (i == 0)
        continue;
      g_assert_nonnull (isobar_run_record_get_python_version (record));
      g_assert_cmpuint (isobar_run_record_get_settings (record)->resamples, ==, 64);
      g_assert_cmpuint (isobar_run_record_get_figures (record)->lateness.n_samples, >, 0);
    }
}

/* --trace writes every run as a trace in Chrome's trace-event format and
 * says where; a folder that is not there is refused before any run. */
static void
test_bench_trace (void)
{
  g_autofree char *folder = g_dir_make_tmp ("isobar-cli-trace-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (folder, "runs.json", NULL);
  g_autoptr(CliRun) run = run_cli ("bench", "--locations", "2", "--years", "5", "--resamples", "128",
                                   "--preset", "python-threads,recommended", "--workers", "2", "--json",
                                   "--trace", path, NULL);
  g_autoptr(CliRun) bad = run_cli ("bench", "--trace", "/nonexistent-isobar-folder/runs.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  JsonObject *root, *other;
  JsonArray *events;
  guint jobs = 0, runs = 0;
  gboolean lock = FALSE, helper = FALSE;

  assert_success (run);
  /* stdout stays the records. */
  lines = g_strsplit (g_strstrip (run->out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  g_assert_nonnull (strstr (run->err, "wrote the trace of 2 runs to"));
  g_assert_nonnull (strstr (run->err, path));

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  other = json_object_get_object_member (root, "otherData");
  g_assert_nonnull (strstr (json_object_get_string_member (other, "run 1"), "python-threads"));
  g_assert_nonnull (strstr (json_object_get_string_member (other, "run 2"), "recommended"));
  events = json_object_get_array_member (root, "traceEvents");
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);
      const char *phase = json_object_get_string_member (event, "ph");
      const char *category = json_object_get_string_member_with_default (event, "cat", "");

      if (g_str_equal (phase, "X") && g_str_equal (category, "job"))
        jobs++;
      else if (g_str_equal (phase, "X") && g_str_equal (category, "run"))
        runs++;
      else if (g_str_equal (phase, "M"))
        {
          JsonObject *args = json_object_get_object_member (event, "args");

          lock |= g_strcmp0 (json_object_get_string_member_with_default (args, "name", NULL),
                             "Interpreter lock") == 0;
          helper |= g_strcmp0 (json_object_get_string_member_with_default (args, "name", NULL),
                               "isobar-helper") == 0;
        }
    }
  g_assert_cmpuint (runs, ==, 2);
  g_assert_cmpuint (jobs, >, 2 * 2 * 4);
  g_assert_true (lock);
  g_assert_true (helper);

  assert_failure (bad, 2, "--trace");
  g_assert_cmpstr (bad->out, ==, "");

  g_unlink (path);
  g_rmdir (folder);
}

/* In a Flatpak (told apart by its info file, here a stand-in), a trace
 * asked for where the host cannot see it goes to the app's exports folder,
 * and the command says so. */
static void
test_bench_trace_sandboxed (void)
{
  g_autofree char *folder = g_dir_make_tmp ("isobar-cli-sandbox-XXXXXX", NULL);
  g_autofree char *info = g_build_filename (folder, "flatpak-info", NULL);
  g_autofree char *asked = g_build_filename (folder, "trace.json", NULL);
  g_autofree char *exports = NULL;
  g_autofree char *landed = NULL;
  g_autofree char *said = NULL;
  g_autofree char *data_home = NULL;
  g_autoptr(CliRun) run = NULL;
  g_autoptr(GError) error = NULL;

  g_file_set_contents (info, "[Application]\nname=io.github.isobar.Isobar\n", -1, &error);
  g_assert_no_error (error);
  g_setenv ("ISOBAR_FLATPAK_INFO", info, TRUE);
  /* The isolated test's data folder, which GLib keeps out of the
   * environment children see. */
  data_home = g_strdup (g_getenv ("XDG_DATA_HOME"));
  g_setenv ("XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  exports = isobar_sandbox_get_exports_dir ();
  landed = g_build_filename (exports, "trace.json", NULL);
  run = run_cli ("bench", "--locations", "1", "--years", "3", "--resamples", "64", "--preset", "recommended",
                 "--trace", asked, NULL);
  g_unsetenv ("ISOBAR_FLATPAK_INFO");
  if (data_home != NULL)
    g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  else
    g_unsetenv ("XDG_DATA_HOME");

  assert_success (run);
  said = g_strdup_printf ("isobar-cli: the sandbox keeps “%s” to itself: the trace goes to “%s”.", asked, landed);
  g_assert_nonnull (strstr (run->err, said));
  g_assert_true (g_file_test (landed, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (asked, G_FILE_TEST_EXISTS));

  g_unlink (landed);
  g_unlink (info);
  g_rmdir (folder);
}

static void
test_not_found (void)
{
  g_autoptr(CliRun) forecast = run_cli ("forecast", "Qxzqxzqxz", NULL);
  g_autoptr(CliRun) search = run_cli ("search", "Qxzqxzqxz", NULL);

  assert_failure (forecast, 2, "No place called “Qxzqxzqxz” was found.");
  assert_failure (search, 2, "No place called “Qxzqxzqxz” was found.");
  g_assert_cmpstr (forecast->out, ==, "");
}

static void
test_unreachable_server (void)
{
  g_autoptr(CliRun) run = run_cli ("forecast", "--server", "http://127.0.0.1:1", "Berlin", NULL);

  assert_failure (run, 1, "Could not reach");
}

static void
test_overloaded_server (void)
{
  const char * const fault[] = { "--fault", "http-503", NULL };
  g_autoptr(IsobarSimulator) simulator = isobar_simulator_new (fault);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CliRun) run = NULL;
  Waiter waiter = { 0 };

  isobar_simulator_start_async (simulator, NULL, waiter_done, &waiter);
  result = waiter_wait (&waiter);
  g_assert_nonnull (result);
  isobar_simulator_start_finish (simulator, result, &error);
  g_assert_no_error (error);

  run = run_cli ("forecast", "--server", isobar_simulator_get_base_url (simulator), "Berlin", NULL);
  assert_failure (run, 1, "The service is overloaded");

  isobar_simulator_stop (simulator);
}

/* `run` is the app's Run button: the app's settings (here the memory
 * backend's defaults), its run controller, its record; a preset given on
 * the command line is for this run only. */
static void
test_run (void)
{
  g_autoptr(IsobarSimulator) simulator = isobar_simulator_new (NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CliRun) run = NULL;
  g_autoptr(CliRun) place = run_cli ("run", "Berlin", NULL);
  g_autoptr(CliRun) unknown = run_cli ("run", "--preset", "nope", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *record, *settings;
  Waiter waiter = { 0 };

  assert_failure (place, 2, "saved places");
  assert_failure (unknown, 2, "There is no strategy preset called “nope”");

  isobar_simulator_start_async (simulator, NULL, waiter_done, &waiter);
  result = waiter_wait (&waiter);
  g_assert_nonnull (result);
  isobar_simulator_start_finish (simulator, result, &error);
  g_assert_no_error (error);

  run = run_cli ("run", "--server", isobar_simulator_get_base_url (simulator), "--preset", "python-multiprocessing",
                 "--json", NULL);
  assert_success (run);
  record = parse_object (parser, g_strstrip (run->out));
  g_assert_cmpstr (json_object_get_string_member (record, "preset"), ==, "python-multiprocessing");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (record, "strategies"), "compute"),
                   ==, "pickle-pool");
  settings = json_object_get_object_member (record, "settings");
  g_assert_cmpint (json_object_get_int_member (settings, "locations"), >, 0);
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (record, "figures"), "wall_ms"),
                     >, 0.0);

  isobar_simulator_stop (simulator);
}

/* A server that accepts connections and never answers. */
static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  GPtrArray *connections = user_data;

  g_ptr_array_add (connections, g_object_ref (connection));

  return TRUE;
}

static gboolean
connections_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;

  return G_SOURCE_REMOVE;
}

static void
test_interrupted (void)
{
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GPtrArray) connections = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CliRun) run = NULL;
  g_autofree char *url = NULL;
  const char *arguments[] = { "forecast", "--server", NULL, "Berlin", NULL };
  CliProcess *process;
  gboolean timed_out = FALSE;
  guint timeout_id;

  g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (on_incoming), connections);
  g_socket_service_start (service);
  url = g_strdup_printf ("http://127.0.0.1:%u",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  arguments[2] = url;
  process = cli_spawn (arguments);

  /* Once its request has arrived, isobar-cli is waiting in its main loop. */
  timeout_id = g_timeout_add_seconds (CLI_TIMEOUT_SECONDS, connections_timeout, &timed_out);
  while (connections->len == 0 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout_id);
  g_assert_cmpuint (connections->len, >, 0);

  g_subprocess_send_signal (process->subprocess, SIGINT);
  run = cli_finish (process);
  assert_failure (run, 130, "Interrupted");

  g_socket_service_stop (service);
}

/* isobar-cli SIGKILLed in the middle of a process-pool bench: its helpers
 * and its simulator see their pipes close and exit by themselves (the test,
 * a child subreaper, inherits and reaps them); none stays behind. */
static void
test_bench_killed (void)
{
  const char *arguments[] = { "bench", "--locations", "4", "--years", "40", "--resamples", "40000",
                              "--fetch", "thread-pool", "--compute", "process-pool", "--workers", "2", NULL };
  CliProcess *process = cli_spawn (arguments);
  GPid cli = (GPid) g_ascii_strtoll (g_subprocess_get_identifier (process->subprocess), NULL, 10);
  gint64 deadline = g_get_monotonic_time () + CLI_TIMEOUT_SECONDS * G_USEC_PER_SEC;
  g_autoptr(GArray) orphans = NULL;
  g_autoptr(CliRun) run = NULL;
  guint helpers = 0;

  /* Once both helpers run (they start with the compute), kill it. */
  while (helpers < 2 && g_get_monotonic_time () < deadline)
    {
      g_autoptr(GArray) children = list_children_of (cli);

      helpers = 0;
      for (guint i = 0; i < children->len; i++)
        {
          g_autofree char *name = test_process_name (g_array_index (children, GPid, i));

          if (g_strcmp0 (name, "isobar-helper") == 0)
            helpers++;
        }
      g_usleep (20 * 1000);
    }
  g_assert_cmpuint (helpers, ==, 2);
  g_subprocess_send_signal (process->subprocess, SIGKILL);
  /* Dead and its children ours: a zombie (or reaped already by GLib's child
   * watch) with no child left. The leader shows as a zombie before its
   * other threads are gone, and its children are handed over when the
   * last one is. */
  for (;;)
    {
      g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) cli);
      g_autofree char *stat = NULL;
      g_autoptr(GArray) left = list_children_of (cli);
      const char *end;

      if (!g_file_get_contents (path, &stat, NULL, NULL))
        break;
      end = strrchr (stat, ')');
      if (end != NULL && end[1] == ' ' && end[2] == 'Z' && left->len == 0)
        break;
      g_usleep (1000);
    }

  /* What it left must exit soon by itself, and is reaped. */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  do
    {
      g_autoptr(GArray) children = list_children ();

      g_clear_pointer (&orphans, g_array_unref);
      orphans = g_array_new (FALSE, FALSE, sizeof (GPid));
      for (guint i = 0; i < children->len; i++)
        {
          GPid pid = g_array_index (children, GPid, i);

          if (pid == cli || pid_array_contains (process->before, pid))
            continue;
          if (waitpid (pid, NULL, WNOHANG) != pid)
            g_array_append_val (orphans, pid);
        }
      if (orphans->len > 0)
        g_usleep (20 * 1000);
    }
  while (orphans->len > 0 && g_get_monotonic_time () < deadline);
  for (guint i = 0; i < orphans->len; i++)
    {
      g_autofree char *description = describe_process (g_array_index (orphans, GPid, i));

      g_test_message ("still running 10 s after isobar-cli was killed: %s", description);
    }
  g_assert_cmpuint (orphans->len, ==, 0);

  run = cli_finish (process);
  g_assert_false (run->exited);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (g_getenv ("ISOBAR_CLI") == NULL)
    {
      g_test_skip ("ISOBAR_CLI is not set: run this test with meson test");
      return g_test_run ();
    }

  /* Whatever a finished isobar-cli leaves behind becomes our child. */
  if (prctl (PR_SET_CHILD_SUBREAPER, 1) != 0)
    g_error ("PR_SET_CHILD_SUBREAPER: %s", g_strerror (errno));

  g_test_add_func ("/cli/version-and-help", test_version_and_help);
  g_test_add_func ("/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/cli/search", test_search);
  g_test_add_func ("/cli/forecast-json", test_forecast_json);
  g_test_add_func ("/cli/forecast-options", test_forecast_options);
  g_test_add_func ("/cli/forecast-text", test_forecast_text);
  g_test_add_func ("/cli/report-json", test_report_json);
  g_test_add_func ("/cli/report-text", test_report_text);
  g_test_add_func ("/cli/bench/presets", test_bench_presets);
  g_test_add_func ("/cli/bench/cpython", test_bench_cpython);
  g_test_add_func ("/cli/bench/trace", test_bench_trace);
  g_test_add_func ("/cli/bench/trace-sandboxed", test_bench_trace_sandboxed);
  g_test_add_func ("/cli/bench", test_bench);
  g_test_add_func ("/cli/bench/killed", test_bench_killed);
  g_test_add_func ("/cli/run", test_run);
  g_test_add_func ("/cli/not-found", test_not_found);
  g_test_add_func ("/cli/unreachable-server", test_unreachable_server);
  g_test_add_func ("/cli/overloaded-server", test_overloaded_server);
  g_test_add_func ("/cli/interrupted", test_interrupted);

  return g_test_run ();
}
