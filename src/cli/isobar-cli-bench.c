/* isobar-cli-bench.c: `isobar-cli bench`: the same hybrid pipeline under
 * each requested combination of strategies, measured, as a Markdown table
 * or JSON lines.
 *
 * Over 600 lines because it is the command's whole surface: its options and
 * their checks, the runs, the CPython reference beside them and the three
 * outputs (table, JSON lines, trace); the measuring is the core's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <unistd.h>

#include "isobar-cli.h"
#include "isobar-cli-engine.h"
#include "isobar-cli-output.h"
#include "isobar-cli-session.h"
#include "isobar-climate-report.h"
#include "isobar-preset.h"
#include "isobar-sample-places.h"

#define COMMAND "bench"

#define BENCH_MAX_LOCATIONS 10000
#define BENCH_MAX_REPEAT 1000
#define BENCH_MAX_CONCURRENCY 256
#define BENCH_MAX_WORKERS 256
#define BENCH_MAX_LATENCY_MS 60000
#define BENCH_MAX_SWITCH_INTERVAL_MS 1000.0
/* Shown digits of the run digest. */
#define BENCH_DIGEST_CHARS 12

typedef struct
{
  char     *fetch;
  char     *compute;
  char     *presets;
  double    switch_interval_ms;
  gboolean  cpython;
  int       cpython_resamples;
  int       cpython_chunks;
  int       workers;
  int       concurrency;
  int       locations;
  int       years;
  int       resamples;
  int       latency_ms;
  int       repeat;
  gboolean  fetch_only;
  char     *trace;
} BenchOptions;

static void
bench_options_clear (BenchOptions *options)
{
  g_clear_pointer (&options->fetch, g_free);
  g_clear_pointer (&options->compute, g_free);
  g_clear_pointer (&options->presets, g_free);
  g_clear_pointer (&options->trace, g_free);
}

/* One run's strategies. */
typedef struct
{
  IsobarFetchStrategy   fetch;
  IsobarComputeStrategy compute;
} Combo;

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BenchOptions, bench_options_clear)

static int
check_range (const char *option,
             int         value,
             int         min,
             int         max)
{
  if (value >= min && value <= max)
    return ISOBAR_CLI_EXIT_OK;

  /* Translators: as in “--years must be between 1 and 200.” */
  return isobar_cli_usage_error (COMMAND, _("%s must be between %d and %d."), option, min, max);
}

/* Every combination of the --fetch and --compute lists. */
static int
parse_strategies (const BenchOptions  *options,
                  GArray             **combos)
{
  g_autoptr(GArray) fetch = NULL;
  g_autoptr(GArray) compute = NULL;
  int exit_code;

  exit_code = isobar_cli_parse_fetch_strategies (COMMAND, "--fetch",
                                                 options->fetch != NULL ? options->fetch : "thread-pool",
                                                 &fetch);
  if (exit_code != ISOBAR_CLI_EXIT_OK)
    return exit_code;
  exit_code = isobar_cli_parse_compute_strategies (COMMAND, "--compute",
                                                   options->compute != NULL ? options->compute : "process-pool",
                                                   &compute);
  if (exit_code != ISOBAR_CLI_EXIT_OK)
    return exit_code;

  *combos = g_array_new (FALSE, FALSE, sizeof (Combo));
  for (guint f = 0; f < fetch->len; f++)
    for (guint c = 0; c < (options->fetch_only ? 1 : compute->len); c++)
      {
        Combo combo = { g_array_index (fetch, int, f), g_array_index (compute, int, c) };

        g_array_append_val (*combos, combo);
      }

  return ISOBAR_CLI_EXIT_OK;
}

/* The strategies of each preset of the --preset list. */
static int
parse_presets (const char  *list,
               GArray     **combos)
{
  g_autoptr(GPtrArray) valid = g_ptr_array_new ();
  g_autoptr(GArray) indexes = NULL;
  int exit_code;

  for (const char * const *id = isobar_preset_list (); *id != NULL; id++)
    if (!g_str_equal (*id, ISOBAR_PRESET_CUSTOM))
      g_ptr_array_add (valid, (gpointer) *id);
  g_ptr_array_add (valid, NULL);

  exit_code = isobar_cli_parse_id_list (COMMAND, "--preset", list, (const char * const *) valid->pdata,
                                        valid->len - 1, TRUE, &indexes);
  if (exit_code != ISOBAR_CLI_EXIT_OK)
    return exit_code;

  *combos = g_array_new (FALSE, FALSE, sizeof (Combo));
  for (guint i = 0; i < indexes->len; i++)
    {
      Combo combo;

      isobar_preset_get_strategies (g_ptr_array_index (valid, g_array_index (indexes, int, i)),
                                    &combo.fetch, &combo.compute);
      g_array_append_val (*combos, combo);
    }

  return ISOBAR_CLI_EXIT_OK;
}

static int
check_options (const BenchOptions  *options,
               GArray             **combos)
{
  const struct
  {
    const char *option;
    int         value;
    int         min;
    int         max;
  } ranges[] = {
    { "--workers", options->workers, 0, BENCH_MAX_WORKERS },
    { "--concurrency", options->concurrency, 1, BENCH_MAX_CONCURRENCY },
    { "--locations", options->locations, 1, BENCH_MAX_LOCATIONS },
    { "--years", options->years, 1, ISOBAR_PIPELINE_MAX_YEARS },
    { "--resamples", options->resamples, 0, ISOBAR_MAX_RESAMPLES },
    { "--latency-ms", options->latency_ms, 0, BENCH_MAX_LATENCY_MS },
    { "--repeat", options->repeat, 1, BENCH_MAX_REPEAT },
    { "--cpython-resamples", options->cpython_resamples, 0, ISOBAR_MAX_RESAMPLES },
    { "--cpython-chunks", options->cpython_chunks, -1, ISOBAR_MAX_RESAMPLES },
  };
  int exit_code;

  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    {
      exit_code = check_range (ranges[i].option, ranges[i].value, ranges[i].min, ranges[i].max);
      if (exit_code != ISOBAR_CLI_EXIT_OK)
        return exit_code;
    }
  /* (written so that NaN fails too) */
  if (!(options->switch_interval_ms >= 0.001 && options->switch_interval_ms <= BENCH_MAX_SWITCH_INTERVAL_MS))
    return isobar_cli_usage_error (COMMAND, _("%s must be between %g and %g."), "--switch-interval-ms",
                                   0.001, BENCH_MAX_SWITCH_INTERVAL_MS);

  if (options->cpython && options->fetch_only)
    return isobar_cli_usage_error (COMMAND, _("--cpython analyses the archives: leave out --fetch-only."));
  /* Said now, not after the runs. */
  if (options->trace != NULL)
    {
      g_autofree char *folder = g_path_get_dirname (options->trace);

      if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
        /* Translators: %s is a folder */
        return isobar_cli_usage_error (COMMAND, _("--trace: there is no folder “%s” to write the trace in."),
                                       folder);
    }

  if (options->presets != NULL)
    {
      if (options->fetch != NULL || options->compute != NULL || options->fetch_only)
        return isobar_cli_usage_error (COMMAND, _("--preset chooses the strategies: leave out --fetch, "
                                                  "--compute and --fetch-only."));
      return parse_presets (options->presets, combos);
    }

  return parse_strategies (options, combos);
}

static void
print_json_line (IsobarRunRecord *record)
{
  g_autofree char *text = isobar_run_record_to_json (record, FALSE);

  g_print ("%s\n", text);
}

/* A Markdown table: a header, its rule, and rows, with aligned columns. */
static void
print_markdown (GPtrArray      *rows,
                const gboolean *align_right,
                guint           n_columns)
{
  g_autofree glong *widths = g_new0 (glong, n_columns);
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint r = 0; r < rows->len; r++)
    {
      char **cells = g_ptr_array_index (rows, r);

      for (guint c = 0; c < n_columns; c++)
        widths[c] = MAX (widths[c], MAX (3, g_utf8_strlen (cells[c], -1)));
    }

  for (guint r = 0; r < rows->len; r++)
    {
      char **cells = g_ptr_array_index (rows, r);

      g_string_assign (line, "|");
      for (guint c = 0; c < n_columns; c++)
        {
          glong padding = widths[c] - g_utf8_strlen (cells[c], -1);

          g_string_append_c (line, ' ');
          if (align_right[c])
            g_string_append_printf (line, "%*s%s", (int) padding, "", cells[c]);
          else
            g_string_append_printf (line, "%s%*s", cells[c], (int) padding, "");
          g_string_append (line, " |");
        }
      g_print ("%s\n", line->str);

      if (r == 0)
        {
          g_string_assign (line, "|");
          for (guint c = 0; c < n_columns; c++)
            {
              g_string_append_c (line, ' ');
              for (glong i = 0; i < widths[c] - 1; i++)
                g_string_append_c (line, '-');
              g_string_append (line, align_right[c] ? ": |" : "- |");
            }
          g_print ("%s\n", line->str);
        }
    }
}

static char *
format_lateness (const IsobarLatencyStats *lateness)
{
  return g_strdup_printf ("%.1f / %.1f / %.1f / %.1f",
                          lateness->p50, lateness->p95, lateness->p99, lateness->max);
}

static char **
full_row (IsobarRunRecord *record)
{
  const IsobarRunFigures *figures = isobar_run_record_get_figures (record);
  const IsobarRunSettings *settings = isobar_run_record_get_settings (record);
  const char *digest = isobar_run_record_get_digest (record);
  char **row = g_new0 (char *, 14);

  row[0] = g_strdup (isobar_run_record_get_preset (record));
  row[1] = g_strdup (isobar_run_record_get_fetch_strategy (record));
  row[2] = g_strdup (isobar_run_record_get_compute_strategy (record));
  row[3] = g_strdup_printf ("%u", settings->workers);
  row[4] = g_strdup_printf ("%.0f", figures->wall_ms);
  row[5] = g_strdup_printf ("%.0f", figures->fetch_ms);
  row[6] = g_strdup_printf ("%.0f", figures->compute_ms);
  row[7] = format_lateness (&figures->lateness);
  row[8] = g_strdup_printf ("%u", figures->lateness.long_tasks);
  row[9] = g_strdup_printf ("%.0f + %.0f", figures->cpu_ms_app, figures->cpu_ms_helpers);
  row[10] = g_strdup_printf ("%.1f", figures->peak_rss_kb / 1024.0);
  row[11] = g_strdup_printf ("%.2f", figures->pipe_bytes / (1024.0 * 1024.0));
  row[12] = digest != NULL ? g_strndup (digest, BENCH_DIGEST_CHARS) : g_strdup ("—");

  return row;
}

static char **
fetch_only_row (IsobarRunRecord *record)
{
  const IsobarRunFigures *figures = isobar_run_record_get_figures (record);
  const IsobarRunSettings *settings = isobar_run_record_get_settings (record);
  char **row = g_new0 (char *, 8);

  row[0] = g_strdup (isobar_run_record_get_fetch_strategy (record));
  row[1] = g_strdup_printf ("%u", settings->concurrency);
  row[2] = g_strdup_printf ("%u", settings->locations);
  row[3] = g_strdup_printf ("%u", settings->latency_ms);
  row[4] = g_strdup_printf ("%.0f", figures->wall_ms);
  row[5] = format_lateness (&figures->lateness);
  row[6] = g_strdup_printf ("%u", figures->lateness.long_tasks);

  return row;
}

static void
print_table (GPtrArray *records,
             gboolean   fetch_only)
{
  static const char * const full_header[] = {
    N_("preset"), N_("fetch"), N_("compute"), N_("workers"), N_("wall ms"), N_("fetch ms"), N_("compute ms"),
    N_("lateness p50 / p95 / p99 / max ms"), N_("long tasks"), N_("CPU ms app + helpers"),
    N_("peak RSS MB"), N_("pipe MB"), N_("digest"),
  };
  static const gboolean full_right[] = {
    FALSE, FALSE, FALSE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE, FALSE,
  };
  static const char * const fetch_header[] = {
    N_("fetch"), N_("concurrency"), N_("locations"), N_("latency ms"), N_("wall ms"),
    N_("lateness p50 / p95 / p99 / max ms"), N_("long tasks"),
  };
  static const gboolean fetch_right[] = { FALSE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE };
  const char * const *header = fetch_only ? fetch_header : full_header;
  guint n_columns = fetch_only ? G_N_ELEMENTS (fetch_header) : G_N_ELEMENTS (full_header);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  char **header_row = g_new0 (char *, n_columns + 1);

  for (guint c = 0; c < n_columns; c++)
    header_row[c] = g_strdup (_(header[c]));
  g_ptr_array_add (rows, header_row);

  for (guint i = 0; i < records->len; i++)
    {
      IsobarRunRecord *record = g_ptr_array_index (records, i);

      g_ptr_array_add (rows, fetch_only ? fetch_only_row (record) : full_row (record));
    }

  print_markdown (rows, fetch_only ? fetch_right : full_right, n_columns);
}

/* Runs every combination, @repeat times each; returns the records (one per
 * run) or NULL. The last pipeline run is kept in @last_pipeline. */
static GPtrArray *
run_all (IsobarCliSession        *session,
         IsobarPipelineSettings  *settings,
         GArray                  *combos,
         guint                    repeat,
         GPtrArray               *locations,
         gboolean                 json,
         IsobarPipeline         **last_pipeline,
         GError                 **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_runs = combos->len * repeat;

  for (guint c = 0; c < combos->len; c++)
    for (guint r = 0; r < repeat; r++)
      {
        g_autoptr(IsobarPipeline) pipeline = NULL;
        g_autoptr(IsobarRunRecord) record = NULL;
        g_autofree char *prefix = NULL;

        settings->fetch = g_array_index (combos, Combo, c).fetch;
        settings->compute = g_array_index (combos, Combo, c).compute;
        pipeline = isobar_pipeline_new (isobar_cli_session_get_client (session), settings);
        /* Translators: a progress line, as in “run 2/15”. */
        prefix = g_strdup_printf (_("run %u/%u"), records->len + 1, n_runs);

        record = isobar_cli_run_pipeline (session, pipeline, locations, prefix, error);
        if (record == NULL)
          return NULL;

        if (json)
          print_json_line (record);
        g_ptr_array_add (records, g_steal_pointer (&record));
        g_set_object (last_pipeline, pipeline);
        g_clear_object (&pipeline);
#ifdef __GLIBC__
        /* Give back what the run freed (the arenas of its threads keep
         * it otherwise), so that each run's peak RSS starts afresh. */
        malloc_trim (0);
#endif
      }

  return g_steal_pointer (&records);
}

static void
on_reference_progress (IsobarReference *reference,
                       const char      *preset,
                       guint            done,
                       guint            total,
                       gpointer         user_data)
{
  g_printerr ("\r");
  /* Translators: a progress line, as in “real Python: cpython-threads 3/28”;
   * %s is a preset id, not translated */
  g_printerr (_("real Python: %s %u/%u"), preset, done, total);
  g_printerr ("   ");
}

/* The CPython reference on the series of @pipeline's run: its records, an
 * empty array when there is no Python to run (said on stderr), or NULL on
 * error. */
static GPtrArray *
run_reference (IsobarCliSession    *session,
               IsobarPipeline      *pipeline,
               GPtrArray           *locations,
               const BenchOptions  *options,
               gboolean             json,
               GError             **error)
{
  g_autoptr(IsobarReference) reference = isobar_reference_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) local_error = NULL;
  GPtrArray *records;
  IsobarReferenceSettings settings = { 0 };
  gulong handler = 0;

  if (!isobar_reference_check (reference, &local_error))
    {
      /* Translators: %s says why (“Real Python could not be run: no python3
       * was found on PATH …”), a sentence without its full stop */
      g_printerr (_("isobar-cli: %s. The real-Python rows are left out.\n"), local_error->message);
      return g_ptr_array_new_with_free_func (g_object_unref);
    }

  for (guint i = 0; i < locations->len; i++)
    g_ptr_array_add (names, (gpointer) isobar_location_get_name (g_ptr_array_index (locations, i)));
  settings.workers = (guint) options->workers;
  settings.switch_interval_ms = options->switch_interval_ms;
  settings.resamples = (guint) options->cpython_resamples;
  /* -1: as many jobs a place as the engine ran at its depth, so as many
   * results reach each main loop (Python's smaller, at its lower depth). */
  settings.chunks_per_place = options->cpython_chunks >= 0
                              ? (guint) options->cpython_chunks
                              : isobar_climate_bootstrap_chunk_count ((guint) options->resamples);

  if (isatty (STDERR_FILENO))
    handler = g_signal_connect (reference, "progress", G_CALLBACK (on_reference_progress), NULL);
  isobar_reference_run_async (reference, isobar_pipeline_get_series (pipeline), names, &settings,
                              isobar_cli_session_get_cancellable (session),
                              isobar_cli_session_callback, session);
  result = isobar_cli_session_wait (session);
  if (handler != 0)
    {
      g_signal_handler_disconnect (reference, handler);
      g_printerr ("\r%*s\r", 40, "");
    }

  records = isobar_reference_run_finish (reference, result, error);
  if (records != NULL && !json)
    {
      gboolean calibrated = FALSE;
      guint resamples = isobar_reference_get_resamples (reference, &calibrated);

      if (calibrated)
        /* Translators: %u is a number of bootstrap resamples per place */
        g_printerr (_("Real Python ran %u resamples per place, a depth it chose to take a few seconds: "
                      "compare its lateness and speed-up, not its times, with Isobar’s.\n"), resamples);
    }

  return records;
}

/* The runs' timelines in the trace-event format, written atomically. */
static int
write_trace (const char *path,
             GPtrArray  *records)
{
  g_autofree char *text = isobar_run_export_to_string ((IsobarRunRecord * const *) records->pdata, records->len,
                                                       ISOBAR_RUN_EXPORT_TRACE_EVENTS);
  g_autoptr(GError) error = NULL;
  guint n_runs = 0;

  if (!g_file_set_contents (path, text, -1, &error))
    return isobar_cli_report_error (COMMAND, error);

  for (guint i = 0; i < records->len; i++)
    if (isobar_run_record_get_timeline (g_ptr_array_index (records, i)) != NULL)
      n_runs++;
  /* Translators: %s is a file name */
  g_printerr (ngettext ("isobar-cli: wrote the trace of %u run to %s: open it in Perfetto UI "
                        "(https://ui.perfetto.dev) or chrome://tracing.\n",
                        "isobar-cli: wrote the trace of %u runs to %s: open it in Perfetto UI "
                        "(https://ui.perfetto.dev) or chrome://tracing.\n", n_runs),
              n_runs, path);
  return ISOBAR_CLI_EXIT_OK;
}

static void
print_python_check (GPtrArray *records)
{
  g_auto(IsobarPythonCheck) check = { 0 };
  g_autofree char *text = NULL;

  isobar_python_check_compute ((IsobarRunRecord * const *) records->pdata, records->len, 0, &check);
  text = isobar_python_check_describe (&check);
  if (text != NULL)
    g_print ("\n%s\n", text);
}

int
isobar_cli_bench (int    argc,
                  char **argv)
{
  g_auto(IsobarCliCommonOptions) common = { 0 };
  g_auto(BenchOptions) options = {
    .switch_interval_ms = ISOBAR_INTERPRETER_LOCK_DEFAULT_SWITCH_INTERVAL_US / 1000.0,
    .concurrency = 16,
    .locations = 8,
    .years = 40,
    .resamples = ISOBAR_DEFAULT_RESAMPLES / 4,
    .repeat = 1,
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(IsobarCliSession) session = NULL;
  g_autoptr(GArray) combos = NULL;
  g_autoptr(GPtrArray) locations = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(IsobarPipeline) last_pipeline = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *latency_argument = NULL;
  IsobarPipelineSettings settings = { 0 };
  int exit_code;
  const GOptionEntry entries[] = {
    { "fetch", 'f', 0, G_OPTION_ARG_STRING, &options.fetch,
      N_("Fetch strategies, comma-separated: ui-thread, worker, thread-pool (default), async"), N_("IDS") },
    { "compute", 'c', 0, G_OPTION_ARG_STRING, &options.compute,
      N_("Compute strategies, comma-separated: ui-thread, thread-pool, gil-threads, "
         "process-pool (default), pickle-pool, process-per-job"), N_("IDS") },
    { "preset", 'p', 0, G_OPTION_ARG_STRING, &options.presets,
      N_("Presets to run instead of --fetch and --compute, comma-separated: recommended, ui-thread, "
         "python-threads, python-multiprocessing"), N_("IDS") },
    { "workers", 'w', 0, G_OPTION_ARG_INT, &options.workers,
      N_("Compute workers (default one per core)"), N_("N") },
    { "switch-interval-ms", 0, 0, G_OPTION_ARG_DOUBLE, &options.switch_interval_ms,
      N_("The interpreter lock's switch interval for gil-threads, as Python's "
         "sys.setswitchinterval() (default 5)"), N_("MS") },
    { "concurrency", 'n', 0, G_OPTION_ARG_INT, &options.concurrency,
      N_("Downloads at a time (default 16)"), N_("N") },
    { "locations", 'l', 0, G_OPTION_ARG_INT, &options.locations,
      N_("Places to analyse (default 8)"), N_("N") },
    { "years", 'y', 0, G_OPTION_ARG_INT, &options.years,
      N_("Years of history per place, ending with 2024 (default 40)"), N_("N") },
    { "resamples", 'r', 0, G_OPTION_ARG_INT, &options.resamples,
      N_("Bootstrap resamples per place (default 10000)"), N_("N") },
    { "latency-ms", 0, 0, G_OPTION_ARG_INT, &options.latency_ms,
      N_("Latency the private simulator adds to every response (default 0)"), N_("MS") },
    { "repeat", 0, 0, G_OPTION_ARG_INT, &options.repeat,
      N_("Runs of each combination (default 1)"), N_("N") },
    { "fetch-only", 0, 0, G_OPTION_ARG_NONE, &options.fetch_only,
      N_("Only download and parse the archives: compares the fetch strategies"), NULL },
    { "cpython", 0, 0, G_OPTION_ARG_NONE, &options.cpython,
      N_("Also run the same analysis in real CPython (threading and ProcessPoolExecutor) on the same "
         "archives, as a judge of the Python presets"), NULL },
    { "cpython-resamples", 0, 0, G_OPTION_ARG_INT, &options.cpython_resamples,
      N_("Resamples per place for real Python (default: what takes it about 3 s)"), N_("N") },
    { "cpython-chunks", 0, 0, G_OPTION_ARG_INT, &options.cpython_chunks,
      N_("Cut real Python's bootstrap into N jobs a place, or -1 for as many as the engine runs at "
         "--resamples (default: jobs of 512 resamples, as the engine cuts the same depth)"), N_("N") },
    { "trace", 0, 0, G_OPTION_ARG_FILENAME, &options.trace,
      N_("Also write every run as a trace in Chrome's trace-event format to FILE, for Perfetto UI or "
         "chrome://tracing: the jobs on the threads and helper processes that ran them, the downloads, "
         "main-loop stalls and lateness, the interpreter lock"), N_("FILE") },
    { NULL }
  };

  context = isobar_cli_option_context_new (NULL,
                                           _("Runs the climate pipeline — downloads streaming into the "
                                             "compute workers — under each combination of fetch and "
                                             "compute strategies, and prints what each cost: wall time, "
                                             "main-loop lateness, CPU, memory and the bytes through "
                                             "helper pipes. The digests are equal when the results are."),
                                           &common);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!isobar_cli_parse_options (context, COMMAND, &argc, &argv, &exit_code))
    return exit_code;
  if (argc > 1)
    return isobar_cli_usage_error (COMMAND, _("Unexpected argument “%s”."), argv[1]);

  /* In a Flatpak, the trace goes where the host will find it. */
  if (options.trace != NULL)
    {
      gboolean moved;
      char *reachable = isobar_sandbox_reachable_path (options.trace, &moved);

      if (moved)
        /* Translators: the first %s is the file asked for, the second where it goes */
        g_printerr (_("isobar-cli: the sandbox keeps “%s” to itself: the trace goes to “%s”.\n"),
                    options.trace, reachable);
      g_free (options.trace);
      options.trace = reachable;
    }

  exit_code = check_options (&options, &combos);
  if (exit_code != ISOBAR_CLI_EXIT_OK)
    return exit_code;
  if (common.server != NULL && options.latency_ms > 0)
    return isobar_cli_usage_error (COMMAND, _("--latency-ms applies to the private simulator, "
                                              "not to --server."));

  session = isobar_cli_session_new ();
  latency_argument = g_strdup_printf ("--latency-ms=%d", options.latency_ms);
  {
    const char * const simulator_arguments[] = { latency_argument, NULL };

    if (!isobar_cli_session_open_full (session, common.server, simulator_arguments, &error))
      return isobar_cli_report_error (COMMAND, error);
  }

  settings.fetch_concurrency = options.concurrency;
  settings.compute_workers = options.workers;
  settings.years = options.years;
  settings.resamples = options.resamples;
  /* The app's seed: a run in the window and this one compare by digest. */
  settings.seed = ISOBAR_PIPELINE_SEED;
  settings.latency_ms = options.latency_ms;
  settings.fetch_only = options.fetch_only;
  settings.switch_interval_us = (guint) (options.switch_interval_ms * 1000.0 + 0.5);
  settings.record_timeline = options.trace != NULL;
  locations = isobar_sample_places_new (options.locations);

  records = run_all (session, &settings, combos, options.repeat, locations,
                     common.json, &last_pipeline, &error);
  if (records == NULL)
    return isobar_cli_report_error (COMMAND, error);

  if (options.cpython)
    {
      g_autoptr(GPtrArray) python = run_reference (session, last_pipeline, locations, &options,
                                                            common.json, &error);

      if (python == NULL)
        return isobar_cli_report_error (COMMAND, error);
      for (guint i = 0; i < python->len; i++)
        {
          if (common.json)
            print_json_line (g_ptr_array_index (python, i));
          g_ptr_array_add (records, g_object_ref (g_ptr_array_index (python, i)));
        }
    }

  if (!common.json)
    {
      print_table (records, options.fetch_only);
      print_python_check (records);
    }

  if (options.trace != NULL)
    return write_trace (options.trace, records);

  return ISOBAR_CLI_EXIT_OK;
}
