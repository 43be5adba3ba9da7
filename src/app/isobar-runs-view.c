/* isobar-runs-view.c: the "Runs" page: the recent runs compared.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "isobar-model-follow.h"
#include "isobar-core.h"
#include "isobar-python-card.h"
#include "isobar-run-metric.h"
#include "isobar-runs-view-private.h"

G_DEFINE_FINAL_TYPE (IsobarRunsView, isobar_runs_view, GTK_TYPE_WIDGET)

/* The table, one column description per column */

typedef char *(*CellText) (IsobarRunRecord *record,
                           guint            position);

typedef struct
{
  const char *title;     /* untranslated */
  int         metric;    /* an IsobarRunMetric, or -1 for @text */
  CellText    text;
  gboolean    numeric;   /* right-aligned tabular figures */
} Column;

static char *
cell_number (IsobarRunRecord *record,
             guint            position)
{
  return g_strdup_printf ("#%u", position + 1);
}

static char *
cell_started (IsobarRunRecord *record,
              guint            position)
{
  GDateTime *started = isobar_run_record_get_started (record);
  g_autoptr(GDateTime) local = NULL;

  if (started == NULL)
    return g_strdup ("—");

  local = g_date_time_to_local (started);
  return g_date_time_format (local, "%H:%M:%S");
}

static char *
cell_preset (IsobarRunRecord *record,
             guint            position)
{
  return isobar_run_metric_dup_preset_label (record);
}

static char *
cell_fetch (IsobarRunRecord *record,
            guint            position)
{
  const char *id = isobar_run_record_get_fetch_strategy (record);
  IsobarFetchStrategy strategy;

  if (isobar_fetch_strategy_from_string (id, &strategy))
    return g_strdup (isobar_fetch_strategy_get_label (strategy));

  /* Real Python analyses what was fetched already. */
  return g_strdup (id != NULL && g_strcmp0 (id, "none") != 0 ? id : "—");
}

static char *
cell_compute (IsobarRunRecord *record,
              guint            position)
{
  const char *id = isobar_run_record_get_compute_strategy (record);
  IsobarComputeStrategy strategy;

  if (isobar_compute_strategy_from_string (id, &strategy))
    return g_strdup (isobar_compute_strategy_get_label (strategy));

  /* Real Python's, as a Python programmer writes them */
  if (g_strcmp0 (id, "serial") == 0)
    /* Translators: how real Python ran the analysis: in one thread */
    return g_strdup (_("One Python thread"));
  if (g_strcmp0 (id, "threading") == 0)
    return g_strdup ("threading.Thread");
  if (g_strcmp0 (id, "process-pool-executor") == 0)
    return g_strdup ("ProcessPoolExecutor");

  return g_strdup (id != NULL ? id : "—");
}

static char *
cell_size (IsobarRunRecord *record,
           guint            position)
{
  const IsobarRunSettings *settings = isobar_run_record_get_settings (record);

  /* Translators: places × years of history, "8 × 30" */
  return g_strdup_printf (_("%u × %u"), settings->locations, settings->years);
}

static char *
cell_workers (IsobarRunRecord *record,
              guint            position)
{
  return g_strdup_printf ("%u", isobar_run_record_get_settings (record)->workers);
}

static char *
cell_switch_interval (IsobarRunRecord *record,
                      guint            position)
{
  char *interval = isobar_run_metric_dup_switch_interval (record);

  return interval != NULL ? interval : g_strdup ("—");
}

static char *
cell_depth (IsobarRunRecord *record,
            guint            position)
{
  return g_strdup_printf ("%u", isobar_run_record_get_settings (record)->resamples);
}

static char *
cell_fps (IsobarRunRecord *record,
          guint            position)
{
  const IsobarRunFrames *frames = isobar_run_record_get_frames (record);

  if (!frames->has_frames)
    return g_strdup ("—");

  return g_strdup_printf ("%.0f", frames->fps);
}

static char *
cell_input_delay (IsobarRunRecord *record,
                  guint            position)
{
  const IsobarRunFrames *frames = isobar_run_record_get_frames (record);

  if (!frames->has_input_delay)
    return g_strdup ("—");

  return isobar_run_metric_format_ms (frames->input_delay_ms);
}

static char *
cell_renderer (IsobarRunRecord *record,
               guint            position)
{
  const char *renderer = isobar_run_record_get_renderer (record);

  return g_strdup (renderer != NULL ? renderer : "—");
}

static char *
cell_verdict (IsobarRunRecord *record,
              guint            position)
{
  return g_strdup (isobar_verdict_level_label (isobar_verdict_level (record)));
}

/* What is compared first (the figures, beside the switch interval that
 * Python Threads runs are compared at), then how each run ran. */
static const Column columns[] = {
  { N_("#"), -1, cell_number, TRUE },
  { N_("Started"), -1, cell_started, TRUE },
  { N_("Preset"), -1, cell_preset, FALSE },
  /* Translators: a column: Python's sys.setswitchinterval for the run */
  { N_("Switch interval"), -1, cell_switch_interval, TRUE },
  { N_("Wall time"), ISOBAR_RUN_METRIC_WALL_TIME, NULL, TRUE },
  { N_("Longest stall"), ISOBAR_RUN_METRIC_LONGEST_STALL, NULL, TRUE },
  /* Translators: a column: the 99th percentile of main-loop lateness */
  { N_("p99"), ISOBAR_RUN_METRIC_P99, NULL, TRUE },
  { N_("Dropped frames"), ISOBAR_RUN_METRIC_DROPPED_FRAMES, NULL, TRUE },
  /* Translators: a column: frames per second */
  { N_("FPS"), -1, cell_fps, TRUE },
  { N_("Input delay"), -1, cell_input_delay, TRUE },
  { N_("CPU"), ISOBAR_RUN_METRIC_CPU, NULL, TRUE },
  { N_("Peak memory"), ISOBAR_RUN_METRIC_PEAK_MEMORY, NULL, TRUE },
  { N_("Verdict"), -1, cell_verdict, FALSE },
  { N_("Fetch"), -1, cell_fetch, FALSE },
  { N_("Compute"), -1, cell_compute, FALSE },
  /* Translators: a column: the analysis threads or processes of a run */
  { N_("Workers"), -1, cell_workers, TRUE },
  { N_("Places × years"), -1, cell_size, TRUE },
  /* Translators: a column: bootstrap resamples per place */
  { N_("Depth"), -1, cell_depth, TRUE },
  /* Translators: a column: the GSK renderer that drew the window (cairo,
   * gl…) */
  { N_("Renderer"), -1, cell_renderer, FALSE },
};

static void
update_cell (GtkListItem  *list_item,
             const Column *column)
{
  IsobarRunRecord *record = gtk_list_item_get_item (list_item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (list_item));
  g_autofree char *text = NULL;

  if (record == NULL)
    {
      gtk_label_set_text (label, "");
      return;
    }

  if (column->metric >= 0)
    {
      double value;

      isobar_run_metric_get_value (column->metric, record, &value);
      text = isobar_run_metric_format (column->metric, value);
    }
  else
    text = column->text (record, gtk_list_item_get_position (list_item));

  gtk_label_set_text (label, text);
}

/* A run leaving the front of the model renumbers the rows after it: a row
 * may keep its item and only change position, without a new "bind". */
static void
on_position_changed (GtkListItem  *list_item,
                     GParamSpec   *pspec,
                     const Column *column)
{
  update_cell (list_item, column);
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            const Column             *column)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), column->numeric ? 1.0 : 0.0);
  if (column->numeric)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);

  g_signal_connect (list_item, "notify::position", G_CALLBACK (on_position_changed), (gpointer) column);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           const Column             *column)
{
  update_cell (list_item, column);
}

static void
add_columns (IsobarRunsView *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), (gpointer) &columns[i]);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), (gpointer) &columns[i]);

      /* The column takes the factory */
      column = gtk_column_view_column_new (_(columns[i].title), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (self->table, column);
    }
}

/* The verdict cards */

static const char *
level_style_class (IsobarVerdictLevel level)
{
  switch (level)
    {
    case ISOBAR_VERDICT_SMOOTH:
      return "success";
    case ISOBAR_VERDICT_JANKY:
      return "warning";
    case ISOBAR_VERDICT_FROZEN:
    default:
      return "error";
    }
}

static GtkWidget *
create_card (IsobarRunRecord *record,
             guint            position)
{
  IsobarVerdictLevel level = isobar_verdict_level (record);
  g_autofree char *preset = isobar_run_metric_dup_run_label (record);
  g_autofree char *title = NULL;
  g_autofree char *verdict = isobar_verdict_describe (record);
  GtkWidget *card, *header, *label;

  card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (card, "card");

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_set_margin_top (header, 12);
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_end (header, 12);
  gtk_box_append (GTK_BOX (card), header);

  /* Translators: a run's card: "#3 · Recommended · " then its verdict level */
  title = g_strdup_printf (_("#%u · %s · "), position + 1, preset);
  label = gtk_label_new (title);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (header), label);

  label = gtk_label_new (isobar_verdict_level_label (level));
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_add_css_class (label, level_style_class (level));
  gtk_box_append (GTK_BOX (header), label);

  label = gtk_label_new (verdict);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_box_append (GTK_BOX (card), label);

  return card;
}

static void
reload (IsobarRunsView *self)
{
  g_auto (IsobarLoopMark) mark = ISOBAR_LOOP_MARK (N_("runs page updated"));
  guint n = self->model != NULL ? g_list_model_get_n_items (self->model) : 0;
  g_autofree char *count = NULL;
  gboolean traced = FALSE;
  GtkWidget *child;

  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "runs" : "empty");

  count = g_strdup_printf (ngettext ("%u run, oldest first", "%u runs, oldest first", n), n);
  gtk_label_set_text (self->count_label, count);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->cards))) != NULL)
    gtk_box_remove (self->cards, child);

  for (guint i = n; i > 0; i--)
    {
      g_autoptr(IsobarRunRecord) record = g_list_model_get_item (self->model, i - 1);

      gtk_box_append (self->cards, create_card (record, i - 1));
      /* The newest, first: runs of real Python have no timeline to export. */
      if (i == n)
        traced = isobar_run_record_get_timeline (record) != NULL;
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "runs.export-trace", traced);
}

void
isobar_runs_view_set_model (IsobarRunsView *self,
                            GListModel     *runs)
{
  g_return_if_fail (ISOBAR_IS_RUNS_VIEW (self));
  g_return_if_fail (runs == NULL || G_IS_LIST_MODEL (runs));

  if (!isobar_model_follow (&self->model, &self->items_changed_handler, runs, G_CALLBACK (reload), self))
    return;

  gtk_no_selection_set_model (self->selection, runs);
  isobar_python_card_set_model (self->python_card, runs);
  isobar_runs_chart_set_model (self->chart, runs);
  reload (self);
}

void
isobar_runs_view_set_controller (IsobarRunsView      *self,
                                 IsobarRunController *controller)
{
  g_return_if_fail (ISOBAR_IS_RUNS_VIEW (self));
  g_return_if_fail (controller == NULL || ISOBAR_IS_RUN_CONTROLLER (controller));

  if (!g_set_object (&self->controller, controller))
    return;
  isobar_runs_view_set_model (self, controller != NULL ? isobar_run_controller_get_runs (controller) : NULL);
}

GListModel *
isobar_runs_view_get_model (IsobarRunsView *self)
{
  g_return_val_if_fail (ISOBAR_IS_RUNS_VIEW (self), NULL);

  return self->model;
}

const char *
isobar_runs_view_get_state (IsobarRunsView *self)
{
  g_return_val_if_fail (ISOBAR_IS_RUNS_VIEW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

GtkColumnView *
isobar_runs_view_get_table (IsobarRunsView *self)
{
  g_return_val_if_fail (ISOBAR_IS_RUNS_VIEW (self), NULL);

  return self->table;
}

IsobarRunsChart *
isobar_runs_view_get_chart (IsobarRunsView *self)
{
  g_return_val_if_fail (ISOBAR_IS_RUNS_VIEW (self), NULL);

  return self->chart;
}

IsobarPythonCard *
isobar_runs_view_get_python_card (IsobarRunsView *self)
{
  g_return_val_if_fail (ISOBAR_IS_RUNS_VIEW (self), NULL);

  return self->python_card;
}

void
isobar_runs_view_set_python_ready (IsobarRunsView *self,
                                   gboolean        ready)
{
  g_return_if_fail (ISOBAR_IS_RUNS_VIEW (self));

  isobar_python_card_set_ready (self->python_card, ready);
  gtk_widget_set_visible (self->empty_python_button, ready);
}

static void
isobar_runs_view_dispose (GObject *object)
{
  IsobarRunsView *self = ISOBAR_RUNS_VIEW (object);

  _isobar_runs_view_close_chooser (self);

  g_clear_signal_handler (&self->items_changed_handler, self->model);
  g_clear_object (&self->model);
  g_clear_object (&self->controller);

  gtk_widget_dispose_template (GTK_WIDGET (self), ISOBAR_TYPE_RUNS_VIEW);
  g_clear_object (&self->selection);

  G_OBJECT_CLASS (isobar_runs_view_parent_class)->dispose (object);
}

static void
isobar_runs_view_class_init (IsobarRunsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isobar_runs_view_dispose;

  g_type_ensure (ISOBAR_TYPE_PYTHON_CARD);
  g_type_ensure (ISOBAR_TYPE_RUNS_CHART);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/isobar-runs-view.ui");
  gtk_widget_class_bind_template_child (widget_class, IsobarRunsView, stack);
  gtk_widget_class_bind_template_child (widget_class, IsobarRunsView, count_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarRunsView, empty_python_button);
  gtk_widget_class_bind_template_child (widget_class, IsobarRunsView, python_card);
  gtk_widget_class_bind_template_child (widget_class, IsobarRunsView, chart);
  gtk_widget_class_bind_template_child (widget_class, IsobarRunsView, table);
  gtk_widget_class_bind_template_child (widget_class, IsobarRunsView, cards);

  /* "csv" or "json" */
  gtk_widget_class_install_action (widget_class, "runs.export", "s", _isobar_runs_view_export_activated);
  /* The last run, when it has a timeline */
  gtk_widget_class_install_action (widget_class, "runs.export-trace", NULL, _isobar_runs_view_export_trace_activated);
}

static void
isobar_runs_view_init (IsobarRunsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->selection = gtk_no_selection_new (NULL);
  gtk_column_view_set_model (self->table, GTK_SELECTION_MODEL (self->selection));
  add_columns (self);
  reload (self);
}

GtkWidget *
isobar_runs_view_new (void)
{
  return g_object_new (ISOBAR_TYPE_RUNS_VIEW, NULL);
}
