/* test-runs-widgets.c: the latency graph, the runs chart and the runs page,
 * fed real samples and run records, on a display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "display-util.h"
#include "isobar-core.h"
#include "isobar-heat-map.h"
#include "isobar-hourly-chart.h"
#include "isobar-latency-graph.h"
#include "isobar-normals-chart.h"
#include "isobar-pulse.h"
#include "isobar-run-metric.h"
#include "isobar-runs-chart.h"
#include "isobar-runs-view.h"

#define MS 1000    /* µs */
#define S  G_USEC_PER_SEC

/* Helpers */

static gboolean
widget_mapped (gpointer user_data)
{
  return gtk_widget_get_mapped (user_data);
}

/* A window showing @child at @width × @height, mapped. (transfer none) */
static GtkWidget *
show_in_window (GtkWidget *child,
                int        width,
                int        height)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (display_wait_for (widget_mapped, window, DISPLAY_WAIT_SECONDS, "the window to be mapped"));

  return window;
}

/* Saves @window as NAME-light.png and NAME-dark.png. */
static void
save_light_and_dark (GtkWidget  *window,
                     const char *name)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  g_autofree char *light_name = g_strdup_printf ("%s-light.png", name);
  g_autofree char *dark_name = g_strdup_printf ("%s-dark.png", name);
  g_autofree char *light = NULL;
  g_autofree char *dark = NULL;

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  display_settle (400);
  light = display_save_screenshot (window, light_name);

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (style_manager));
  display_settle (400);
  dark = display_save_screenshot (window, dark_name);

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_DEFAULT);
}

static gboolean
contains (const char *haystack,
          const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    {
      g_test_message ("“%s” not in “%s”", needle, haystack);
      return FALSE;
    }

  return TRUE;
}

/* Every GtkLabel under @widget, depth first */
static void
collect_labels (GtkWidget *widget,
                GPtrArray *labels)
{
  if (GTK_IS_LABEL (widget))
    g_ptr_array_add (labels, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, labels);
}

static gboolean
has_label (GtkWidget  *widget,
           const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect_labels (widget, labels);
  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_text (g_ptr_array_index (labels, i)), text) == 0)
      return TRUE;

  return FALSE;
}

/* Records */

typedef struct
{
  const char         *fetch;
  const char         *compute;
  IsobarRunSettings   settings;
  IsobarRunFigures    figures;
  IsobarRunFrames     frames;
} RunSpec;

/* Four runs as the panel would record them: everything on the UI thread
 * (froze), threads under an interpreter lock (janky), the recommended
 * strategies (smooth), and custom ones measured without a window (no
 * frames). */
static const RunSpec run_specs[] = {
  { "ui-thread", "ui-thread",
    { 1, 1, 8, 30, 200, 50 },
    { 12300, 4000, 8300, { 900, 0.3, 900, 2300, 2300, 14, 9800 }, 11200, 0, 92774, 0 },
    { TRUE, 12, 150, 40, 6, 139, 2300, TRUE, 3, 2100 } },
  { "thread-pool", "gil-threads",
    { 6, 4, 8, 30, 200, 50 },
    { 6100, 2100, 5900, { 3200, 0.4, 22, 38, 120, 9, 740 }, 9400, 0, 70100, 0 },
    { TRUE, 48, 290, 30, 0, 41, 120, TRUE, 2, 95 } },
  { "thread-pool", "process-pool",
    { 6, 4, 8, 30, 200, 50 },
    { 3400, 2100, 3100, { 6100, 0.2, 1.9, 4.1, 9.5, 0, 0 }, 900, 9800, 61000, 52000000 },
    { TRUE, 60, 204, 0, 0, 0, 17, FALSE, 0, 0 } },
  { "async", "thread-pool",
    { 6, 4, 8, 30, 200, 0 },
    { 3100, 1900, 2800, { 5800, 0.2, 1.2, 2.2, 6, 0, 0 }, 10100, 0, 64000, 0 },
    { FALSE, 0, 0, 0, 0, 0, 0, FALSE, 0, 0 } },
};

static IsobarRunRecord *
record_new (const RunSpec *spec,
            int            minutes_ago)
{
  IsobarRunRecord *record = isobar_run_record_new (spec->fetch, spec->compute);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) started = g_date_time_add_minutes (now, -minutes_ago);

  isobar_run_record_set_started (record, started);
  isobar_run_record_set_settings (record, &spec->settings);
  isobar_run_record_set_figures (record, &spec->figures);
  isobar_run_record_set_frames (record, &spec->frames);

  return record;
}

static GListStore *
store_with_runs (guint n)
{
  GListStore *store = g_list_store_new (ISOBAR_TYPE_RUN_RECORD);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IsobarRunRecord) record = record_new (&run_specs[i % G_N_ELEMENTS (run_specs)], 10 - i);

      g_list_store_append (store, record);
    }

  return store;
}

static char *
preset_label (const RunSpec *spec)
{
  IsobarFetchStrategy fetch;
  IsobarComputeStrategy compute;

  g_assert_true (isobar_fetch_strategy_from_string (spec->fetch, &fetch));
  g_assert_true (isobar_compute_strategy_from_string (spec->compute, &compute));

  return g_strdup (isobar_preset_get_label (isobar_preset_match (fetch, compute)));
}

/* The metrics */

static void
test_run_metric (void)
{
  g_autoptr(IsobarRunRecord) froze = record_new (&run_specs[0], 1);
  g_autoptr(IsobarRunRecord) windowless = record_new (&run_specs[3], 1);
  g_autoptr(IsobarRunRecord) empty = isobar_run_record_new ("async", "process-pool");
  struct { IsobarRunMetric metric; double value; const char *text; } formats[] = {
    { ISOBAR_RUN_METRIC_WALL_TIME, 2300, "2.3 s" },
    { ISOBAR_RUN_METRIC_WALL_TIME, 75000, "75 s" },
    { ISOBAR_RUN_METRIC_LONGEST_STALL, 4.1, "4.1 ms" },
    { ISOBAR_RUN_METRIC_P99, 0.24, "0.2 ms" },
    { ISOBAR_RUN_METRIC_P99, 0.04, "< 0.1 ms" },
    { ISOBAR_RUN_METRIC_P99, 0, "0.0 ms" },
    { ISOBAR_RUN_METRIC_P99, 350, "350 ms" },
    { ISOBAR_RUN_METRIC_DROPPED_FRAMES, 139, "139" },
    { ISOBAR_RUN_METRIC_CPU, 11200, "11 s" },
    { ISOBAR_RUN_METRIC_PEAK_MEMORY, 95e6, "95 MB" },
    { ISOBAR_RUN_METRIC_PEAK_MEMORY, 4.2e6, "4.2 MB" },
    { ISOBAR_RUN_METRIC_PEAK_MEMORY, 1.5e9, "1.5 GB" },
    { ISOBAR_RUN_METRIC_DROPPED_FRAMES, NAN, "—" },
  };
  double value;

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *text = isobar_run_metric_format (formats[i].metric, formats[i].value);

      g_assert_cmpstr (text, ==, formats[i].text);
    }

  for (IsobarRunMetric m = 0; m < ISOBAR_N_RUN_METRICS; m++)
    {
      g_assert_nonnull (isobar_run_metric_get_label (m));
      g_assert_true (isobar_run_metric_get_value (m, froze, &value));
    }

  g_assert_true (isobar_run_metric_get_value (ISOBAR_RUN_METRIC_WALL_TIME, froze, &value));
  g_assert_cmpfloat (value, ==, 12300);
  g_assert_true (isobar_run_metric_get_value (ISOBAR_RUN_METRIC_LONGEST_STALL, froze, &value));
  g_assert_cmpfloat (value, ==, 2300);
  g_assert_true (isobar_run_metric_get_value (ISOBAR_RUN_METRIC_DROPPED_FRAMES, froze, &value));
  g_assert_cmpfloat (value, ==, 139);
  g_assert_true (isobar_run_metric_get_value (ISOBAR_RUN_METRIC_CPU, froze, &value));
  g_assert_cmpfloat (value, ==, 11200);
  g_assert_true (isobar_run_metric_get_value (ISOBAR_RUN_METRIC_PEAK_MEMORY, froze, &value));
  g_assert_cmpfloat (value, ==, 92774.0 * 1024);

  /* Without a window there are no frames; a zero RSS was not measured. */
  g_assert_false (isobar_run_metric_get_value (ISOBAR_RUN_METRIC_DROPPED_FRAMES, windowless, &value));
  g_assert_true (isnan (value));
  g_assert_false (isobar_run_metric_get_value (ISOBAR_RUN_METRIC_PEAK_MEMORY, empty, &value));
  g_assert_true (isobar_run_metric_get_value (ISOBAR_RUN_METRIC_WALL_TIME, empty, &value));
  g_assert_cmpfloat (value, ==, 0);
}

/* The latency graph */

typedef struct
{
  guint  n;
  double max;
  guint  long_tasks;
} Fed;

/* Probes every 5 ms from @from_us to @to_us, as the watchdog would send
 * them: mostly under 3 ms, a few slow frames and long tasks, and a 2 s
 * freeze at @freeze_us. A probe is only asked once the previous one ran. */
static void
feed (IsobarLatencyGraph *graph,
      gint64              from_us,
      gint64              to_us,
      gint64              freeze_us,
      Fed                *fed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  gint64 t = from_us;
  gboolean frozen = FALSE;
  guint i = 0;

  while (t < to_us)
    {
      double lateness = g_rand_double_range (rand, 0.1, 2.5);

      if (t >= freeze_us && !frozen)
        lateness = 2000, frozen = TRUE;
      else if (i % 997 == 500)
        lateness = 60 + i % 40;
      else if (i % 211 == 100)
        lateness = 20 + i % 20;

      isobar_latency_graph_add_sample (graph, t, lateness);
      fed->n++;
      fed->max = MAX (fed->max, lateness);
      if (lateness >= ISOBAR_LONG_TASK_MS)
        fed->long_tasks++;

      t += (gint64) (lateness * MS) + 5 * MS;
      i++;
    }
}

static void
test_latency_graph (void)
{
  GtkWidget *widget;
  IsobarLatencyGraph *graph;
  GtkWidget *window;
  g_autofree char *worst = NULL;
  g_autofree char *stalls = NULL;
  gint64 now;
  Fed fed = { 0 };

  if (display_skip_without ())
    return;

  widget = isobar_latency_graph_new ();
  graph = ISOBAR_LATENCY_GRAPH (widget);
  gtk_widget_set_margin_top (widget, 12);
  gtk_widget_set_margin_bottom (widget, 12);
  gtk_widget_set_margin_start (widget, 12);
  gtk_widget_set_margin_end (widget, 12);
  window = show_in_window (widget, 760, 240);

  g_assert_cmpuint (isobar_latency_graph_get_n_samples (graph), ==, 0);
  g_assert_cmpfloat (isobar_latency_graph_get_max_ms (graph), ==, 0);
  g_assert_cmpstr (isobar_latency_graph_get_summary (graph), ==, "No measurements yet");

  /* A stall that ended 39 s ago is out of the window... */
  now = g_get_monotonic_time ();
  isobar_latency_graph_add_sample (graph, now - 40 * S, 900);
  g_assert_cmpuint (isobar_latency_graph_get_n_samples (graph), ==, 0);
  g_assert_cmpfloat (isobar_latency_graph_get_max_ms (graph), ==, 0);

  /* ...and 28 s of probes with a 2 s freeze are in it. */
  feed (graph, now - 28 * S, now, now - 17 * S, &fed);
  g_test_message ("Fed %u samples, worst %.1f ms, %u long tasks", fed.n, fed.max, fed.long_tasks);
  g_assert_cmpuint (fed.long_tasks, >=, 3);
  g_assert_cmpuint (isobar_latency_graph_get_n_samples (graph), ==, fed.n);
  g_assert_cmpfloat (isobar_latency_graph_get_max_ms (graph), ==, 2000);
  g_assert_cmpfloat (fed.max, ==, 2000);

  worst = isobar_run_metric_format_ms (2000);
  g_assert_cmpstr (worst, ==, "2.0 s");
  stalls = g_strdup_printf ("; %u stalls over 50 ms; median ", fed.long_tasks);
  g_test_message ("Summary: %s", isobar_latency_graph_get_summary (graph));
  g_assert_true (g_str_has_prefix (isobar_latency_graph_get_summary (graph), "Worst 2.0 s; "));
  g_assert_true (contains (isobar_latency_graph_get_summary (graph), stalls));
  g_assert_true (g_str_has_suffix (isobar_latency_graph_get_summary (graph), " ms"));

  save_light_and_dark (window, "screenshot-latency-graph");

  /* Samples age out as time passes: one that ends 29.46 s ago is gone a
   * little later. */
  isobar_latency_graph_clear (graph);
  g_assert_cmpuint (isobar_latency_graph_get_n_samples (graph), ==, 0);
  now = g_get_monotonic_time ();
  isobar_latency_graph_add_sample (graph, now - 29500 * MS, 40);
  isobar_latency_graph_add_sample (graph, now - 1 * S, 3);
  g_assert_cmpuint (isobar_latency_graph_get_n_samples (graph), ==, 2);
  g_assert_cmpfloat (isobar_latency_graph_get_max_ms (graph), ==, 40);
  display_settle (700);
  g_assert_cmpuint (isobar_latency_graph_get_n_samples (graph), ==, 1);
  g_assert_cmpfloat (isobar_latency_graph_get_max_ms (graph), ==, 3);
  g_assert_true (g_str_has_prefix (isobar_latency_graph_get_summary (graph), "Worst 3.0 ms; 0 stalls over 50 ms"));

  /* An 8 s freeze that began 35 s ago ended in the window: it counts. */
  now = g_get_monotonic_time ();
  isobar_latency_graph_clear (graph);
  isobar_latency_graph_add_sample (graph, now - 35 * S, 8000);
  g_assert_cmpuint (isobar_latency_graph_get_n_samples (graph), ==, 1);
  g_assert_cmpfloat (isobar_latency_graph_get_max_ms (graph), ==, 8000);

  /* The history holds 30 s of probes every 5 ms, no more. */
  isobar_latency_graph_clear (graph);
  now = g_get_monotonic_time ();
  for (guint i = 0; i < 7000; i++)
    isobar_latency_graph_add_sample (graph, now - 28 * S + i * 4 * MS, 1);
  g_assert_cmpuint (isobar_latency_graph_get_n_samples (graph), ==, ISOBAR_LATENCY_GRAPH_SECONDS * 200);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
has_samples (gpointer user_data)
{
  return isobar_latency_graph_get_n_samples (user_data) >= 20;
}

static void
test_latency_graph_watchdog (void)
{
  g_autoptr(IsobarLatencyWatchdog) watchdog = isobar_latency_watchdog_new (NULL);
  g_autoptr(GArray) trace = NULL;
  GtkWidget *widget;
  IsobarLatencyGraph *graph;
  GtkWidget *window;
  guint seeded, later, n;

  if (display_skip_without ())
    return;

  widget = isobar_latency_graph_new ();
  graph = ISOBAR_LATENCY_GRAPH (widget);
  window = show_in_window (widget, 600, 200);

  isobar_latency_watchdog_start (watchdog);
  display_settle (200);
  trace = isobar_latency_watchdog_get_trace (watchdog);
  g_assert_cmpuint (trace->len, >, 0);

  /* The history starts with what the watchdog already measured... */
  isobar_latency_graph_set_watchdog (graph, watchdog);
  g_assert_true (isobar_latency_graph_get_watchdog (graph) == watchdog);
  seeded = isobar_latency_graph_get_n_samples (graph);
  g_assert_cmpuint (seeded, >, 0);

  /* ...and follows its "sample" signal. */
  display_settle (200);
  later = isobar_latency_graph_get_n_samples (graph);
  g_assert_cmpuint (later, >, seeded);
  g_assert_true (display_wait_for (has_samples, graph, DISPLAY_WAIT_SECONDS, "samples from the watchdog"));
  g_test_message ("%u samples seeded, %u later; %s",
                  seeded, later, isobar_latency_graph_get_summary (graph));

  /* Unset: it stops following and keeps its history. */
  isobar_latency_graph_set_watchdog (graph, NULL);
  n = isobar_latency_graph_get_n_samples (graph);
  display_settle (100);
  g_assert_cmpuint (isobar_latency_graph_get_n_samples (graph), ==, n);

  /* Destroyed while following: the watchdog's signal must not reach it. */
  isobar_latency_graph_set_watchdog (graph, watchdog);
  gtk_window_destroy (GTK_WINDOW (window));
  display_settle (100);

  isobar_latency_watchdog_stop (watchdog);
}

/* The runs chart */

static int
height_for_width (GtkWidget *widget,
                  int        width)
{
  int minimum, natural;

  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, width, &minimum, &natural, NULL, NULL);

  return minimum;
}

static void
test_runs_chart (void)
{
  g_autoptr(GListStore) store = store_with_runs (G_N_ELEMENTS (run_specs));
  g_autofree char *recommended = preset_label (&run_specs[2]);
  g_autofree char *ui_thread = preset_label (&run_specs[0]);
  g_autofree char *run1 = NULL;
  g_autoptr(IsobarRunRecord) froze = NULL;
  GtkWidget *widget;
  IsobarRunsChart *chart;
  GtkWidget *window;
  const char *summary;

  if (display_skip_without ())
    return;

  widget = isobar_runs_chart_new ();
  chart = ISOBAR_RUNS_CHART (widget);
  g_assert_cmpstr (isobar_runs_chart_get_summary (chart), ==, "No runs yet");

  isobar_runs_chart_set_model (chart, G_LIST_MODEL (store));
  g_assert_true (isobar_runs_chart_get_model (chart) == G_LIST_MODEL (store));
  summary = isobar_runs_chart_get_summary (chart);
  g_test_message ("Summary: %s", summary);

  froze = g_list_model_get_item (G_LIST_MODEL (store), 0);
  run1 = g_strdup_printf ("Run #1, %s, %s: Wall time 12 s; Longest stall 2.3 s; p99 lateness 2.3 s; "
                          "Dropped frames 139; CPU (app + helpers) 11 s; Peak memory 95 MB.",
                          ui_thread, isobar_verdict_level_label (isobar_verdict_level (froze)));
  g_assert_true (g_str_has_prefix (summary, run1));
  g_assert_true (contains (summary, "Run #2, "));
  g_assert_true (contains (summary, "p99 lateness 38 ms"));
  g_assert_true (contains (summary, recommended));
  g_assert_true (contains (summary, "Longest stall 9.5 ms"));
  g_assert_true (contains (summary, "Peak memory 62 MB"));
  /* The windowless run has no frame figures. */
  g_assert_true (contains (summary, "Run #4, "));
  g_assert_true (contains (summary, "Dropped frames unknown"));
  g_assert_null (strstr (summary, "Run #5"));

  /* It follows the model. */
  g_list_store_remove (store, 0);
  summary = isobar_runs_chart_get_summary (chart);
  g_assert_false (g_str_has_prefix (summary, run1));
  g_assert_true (contains (summary, "Run #1, "));
  g_assert_null (strstr (summary, "Run #4"));
  {
    g_autoptr(IsobarRunRecord) again = record_new (&run_specs[0], 0);

    g_list_store_insert (store, 0, again);
  }
  g_assert_true (g_str_has_prefix (isobar_runs_chart_get_summary (chart), run1));

  window = show_in_window (widget, 900, 460);
  save_light_and_dark (window, "screenshot-runs-chart");

  /* Narrower: fewer charts a row, so taller */
  g_assert_cmpint (height_for_width (widget, 900), <, height_for_width (widget, 480));
  g_assert_cmpint (height_for_width (widget, 480), <, height_for_width (widget, 300));
  gtk_window_destroy (GTK_WINDOW (window));

  widget = isobar_runs_chart_new ();
  isobar_runs_chart_set_model (ISOBAR_RUNS_CHART (widget), G_LIST_MODEL (store));
  window = show_in_window (widget, 480, 560);
  display_settle (300);
  display_save_screenshot (window, "screenshot-runs-chart-narrow.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The runs page */

typedef struct
{
  GtkColumnView *table;
  guint          n;
} TableWait;

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The "#N" cells of the table, sorted */
static char *
row_numbers (GtkColumnView *table)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GPtrArray) numbers = g_ptr_array_new ();
  g_autofree char **strv = NULL;

  collect_labels (GTK_WIDGET (table), labels);
  for (guint i = 0; i < labels->len; i++)
    {
      const char *text = gtk_label_get_text (g_ptr_array_index (labels, i));

      if (text[0] == '#' && g_ascii_isdigit (text[1]))
        g_ptr_array_add (numbers, (gpointer) text);
    }

  g_ptr_array_sort (numbers, compare_strings);
  g_ptr_array_add (numbers, NULL);
  strv = (char **) g_ptr_array_steal (numbers, NULL);

  return g_strjoinv (" ", strv);
}

static gboolean
table_shows (gpointer user_data)
{
  TableWait *wait = user_data;
  g_autofree char *numbers = row_numbers (wait->table);
  g_autoptr(GString) expected = g_string_new (NULL);

  for (guint i = 1; i <= wait->n; i++)
    g_string_append_printf (expected, i > 1 ? " #%u" : "#%u", i);

  return g_strcmp0 (numbers, expected->str) == 0;
}

static void
test_runs_view (void)
{
  g_autoptr(GListStore) store = g_list_store_new (ISOBAR_TYPE_RUN_RECORD);
  GtkWidget *widget;
  IsobarRunsView *view;
  GtkColumnView *table;
  GtkWidget *window;
  TableWait wait;
  g_autofree char *numbers = NULL;

  if (display_skip_without ())
    return;

  widget = isobar_runs_view_new ();
  view = ISOBAR_RUNS_VIEW (widget);
  table = isobar_runs_view_get_table (view);
  g_assert_true (GTK_IS_COLUMN_VIEW (table));
  g_assert_true (ISOBAR_IS_RUNS_CHART (isobar_runs_view_get_chart (view)));
  g_assert_cmpstr (isobar_runs_view_get_state (view), ==, "empty");

  /* No runs: the status page */
  isobar_runs_view_set_model (view, G_LIST_MODEL (store));
  g_assert_true (isobar_runs_view_get_model (view) == G_LIST_MODEL (store));
  g_assert_cmpstr (isobar_runs_view_get_state (view), ==, "empty");
  window = show_in_window (widget, 1100, 900);
  g_assert_true (has_label (widget, "No Runs Yet"));
  display_settle (300);
  display_save_screenshot (window, "screenshot-runs-view-empty.png");

  /* Runs: a row per run, numbered as in the chart, and their verdicts */
  for (guint i = 0; i < G_N_ELEMENTS (run_specs); i++)
    {
      g_autoptr(IsobarRunRecord) record = record_new (&run_specs[i], 10 - i);

      g_list_store_append (store, record);
    }
  g_assert_cmpstr (isobar_runs_view_get_state (view), ==, "runs");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (table))), ==,
                    G_N_ELEMENTS (run_specs));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (table)), ==, 19);
  g_assert_true (g_str_has_prefix (isobar_runs_chart_get_summary (isobar_runs_view_get_chart (view)), "Run #1, "));

  wait = (TableWait) { table, G_N_ELEMENTS (run_specs) };
  g_assert_true (display_wait_for (table_shows, &wait, DISPLAY_WAIT_SECONDS, "a row per run"));

  for (guint i = 0; i < G_N_ELEMENTS (run_specs); i++)
    {
      g_autoptr(IsobarRunRecord) record = g_list_model_get_item (G_LIST_MODEL (store), i);
      g_autofree char *verdict = isobar_verdict_describe (record);
      g_autofree char *preset = preset_label (&run_specs[i]);
      g_autoptr(GDateTime) local = g_date_time_to_local (isobar_run_record_get_started (record));
      g_autofree char *started = g_date_time_format (local, "%H:%M:%S");
      double wall;
      g_autofree char *wall_text = NULL;

      isobar_run_metric_get_value (ISOBAR_RUN_METRIC_WALL_TIME, record, &wall);
      wall_text = isobar_run_metric_format (ISOBAR_RUN_METRIC_WALL_TIME, wall);
      g_assert_true (has_label (GTK_WIDGET (table), wall_text));
      g_assert_true (has_label (GTK_WIDGET (table), preset));
      g_assert_true (has_label (GTK_WIDGET (table), started));
      g_assert_true (has_label (widget, verdict));
    }
  g_assert_true (has_label (GTK_WIDGET (table), "8 × 30"));
  g_assert_true (has_label (GTK_WIDGET (table), "139"));
  g_assert_true (has_label (GTK_WIDGET (table), "2.1 s"));   /* input delay of #1 */
  g_assert_true (has_label (GTK_WIDGET (table), "—"));       /* FPS of #4 */

  save_light_and_dark (window, "screenshot-runs-view");

  /* The table scrolls sideways: its last columns */
  {
    GtkScrollable *scrollable = GTK_SCROLLABLE (table);
    GtkAdjustment *adjustment = gtk_scrollable_get_hadjustment (scrollable);

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    display_settle (300);
    display_save_screenshot (window, "screenshot-runs-view-table-end.png");
  }

  /* The oldest run leaves: the others are renumbered. */
  g_list_store_remove (store, 0);
  wait.n = G_N_ELEMENTS (run_specs) - 1;
  g_assert_true (display_wait_for (table_shows, &wait, DISPLAY_WAIT_SECONDS, "the rows renumbered"));
  numbers = row_numbers (table);
  g_assert_cmpstr (numbers, ==, "#1 #2 #3");

  /* Cleared: the status page again */
  g_list_store_remove_all (store);
  g_assert_cmpstr (isobar_runs_view_get_state (view), ==, "empty");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (table))), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Every chart is an IsobarChart: an image to assistive technologies, with
 * tooltips exactly where it describes points. */
static void
test_charts_share_base (void)
{
  const struct
  {
    GType    (*get_type) (void);
    gboolean   tooltips;
  } charts[] = {
    { isobar_heat_map_get_type, TRUE },
    { isobar_hourly_chart_get_type, TRUE },
    { isobar_latency_graph_get_type, TRUE },
    { isobar_normals_chart_get_type, TRUE },
    { isobar_runs_chart_get_type, TRUE },
    { isobar_pulse_get_type, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (charts); i++)
    {
      GtkWidget *chart = g_object_ref_sink (g_object_new (charts[i].get_type (), NULL));

      g_test_message ("%s", G_OBJECT_TYPE_NAME (chart));
      g_assert_true (ISOBAR_IS_CHART (chart));
      g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (chart)), ==, GTK_ACCESSIBLE_ROLE_IMG);
      g_assert_cmpint (gtk_widget_get_has_tooltip (chart), ==, charts[i].tooltips);
      g_assert_cmpint (ISOBAR_CHART_GET_CLASS (chart)->describe_at != NULL, ==, charts[i].tooltips);
      g_object_unref (chart);
    }
}

int
main (int   argc,
      char *argv[])
{
  display_remember_system_dirs ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  display_init ();

  g_test_add_func ("/runs-widgets/run-metric", test_run_metric);
  g_test_add_func ("/runs-widgets/charts-share-base", test_charts_share_base);
  g_test_add_func ("/runs-widgets/latency-graph", test_latency_graph);
  g_test_add_func ("/runs-widgets/latency-graph-watchdog", test_latency_graph_watchdog);
  g_test_add_func ("/runs-widgets/runs-chart", test_runs_chart);
  g_test_add_func ("/runs-widgets/runs-view", test_runs_view);

  return g_test_run ();
}
