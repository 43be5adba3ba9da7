/* isobar-responsiveness-panel.c: the side panel that runs the pipeline and
 * shows what it does to the window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "isobar-responsiveness-panel.h"
#include "isobar-run-metric.h"

/* The live figures, in the order of the grid (three to a line). */
enum {
  FIGURE_FPS,
  FIGURE_SLOW,
  FIGURE_FROZEN,
  FIGURE_LONGEST,
  FIGURE_INPUT,
  FIGURE_LATENESS,
  N_FIGURES
};

typedef struct
{
  const char *caption;   /* short, under the grid's narrow columns */
  const char *name;      /* in words, for the accessible text */
  const char *tooltip;
} Figure;

static const Figure figures[N_FIGURES] = {
  { N_("Frames/s"), N_("Frames per second"), N_("Frames the window drew in the last second") },
  { N_("Slow"), N_("Slow frames"), N_("Frames that missed a screen refresh (over 25 ms), in the last second") },
  { N_("Frozen"), N_("Frozen frames"), N_("Frames that took longer than 700 ms, in the last second") },
  { N_("Longest"), N_("Longest frame"), N_("The longest time between two frames, in the last second") },
  { N_("Input delay"), N_("Input delay"), N_("From the last key press, click or scroll to its handling") },
  { N_("Lateness"), N_("Main-loop lateness"), N_("How late the main loop answered, at worst, in the last second") },
};

/* The settings rows: a choice among strategies, or a number. */
typedef enum
{
  ROW_CHOICE,
  ROW_NUMBER,
} RowKind;

typedef enum
{
  GROUP_DETAILS,
  GROUP_WORKLOAD,
} RowGroup;

typedef struct
{
  const char  *key;
  RowKind      kind;
  RowGroup     group;
  const char  *title;
  const char  *subtitle;                  /* nullable */
  /* ROW_CHOICE: the ids (the setting's values) and labels of 0…n_choices − 1 */
  guint        n_choices;
  const char *(*choice_id)    (guint i);
  const char *(*choice_label) (guint i);
  /* ROW_NUMBER */
  double       lower;
  double       upper;
  double       step;
  double       page;
  guint        digits;
  /* A subtitle that depends on the value, instead of @subtitle (nullable). */
  char       *(*describe)     (guint value);
  /* Shown only while "compute-strategy" is this one (nullable: always). */
  const char  *only_for_compute;
} SettingRow;

static const char *
fetch_id (guint i)
{
  return isobar_fetch_strategy_to_string ((IsobarFetchStrategy) i);
}

static const char *
fetch_label (guint i)
{
  return isobar_fetch_strategy_get_label ((IsobarFetchStrategy) i);
}

static const char *
compute_id (guint i)
{
  return isobar_compute_strategy_to_string ((IsobarComputeStrategy) i);
}

static const char *
compute_label (guint i)
{
  return isobar_compute_strategy_get_label ((IsobarComputeStrategy) i);
}

static char *
describe_workers (guint value)
{
  guint cores = g_get_num_processors ();

  if (value == 0)
    /* Translators: 0 analysis workers: as many as processor cores */
    return g_strdup_printf (ngettext ("Auto (%u core)", "Auto (%u cores)", cores), cores);

  /* Translators: the processor cores, as a hint next to a chosen number */
  return g_strdup_printf (ngettext ("0 for one per core (%u core)", "0 for one per core (%u cores)", cores), cores);
}

static const SettingRow setting_rows[] = {
  { "fetch-strategy", ROW_CHOICE, GROUP_DETAILS, N_("Downloads"), NULL,
    ISOBAR_FETCH_ASYNC + 1, fetch_id, fetch_label },
  { "fetch-concurrency", ROW_NUMBER, GROUP_DETAILS, N_("Downloads at once"),
    N_("For the thread pool and asynchronous downloads"),
    .lower = 1, .upper = 64, .step = 1, .page = 4 },
  { "compute-strategy", ROW_CHOICE, GROUP_DETAILS, N_("Analysis"), NULL,
    ISOBAR_COMPUTE_PROCESS_PER_JOB + 1, compute_id, compute_label },
  { "compute-workers", ROW_NUMBER, GROUP_DETAILS, N_("Analysis workers"), NULL,
    .lower = 0, .upper = 64, .step = 1, .page = 4, .describe = describe_workers },
  /* Translators: sys.setswitchinterval is the name of a Python function */
  { "switch-interval-ms", ROW_NUMBER, GROUP_DETAILS, N_("Switch interval (ms)"),
    N_("Python’s sys.setswitchinterval: how long a thread keeps the interpreter lock while another "
       "waits (CPython: 5). Real Python runs use it too."),
    .lower = 0.5, .upper = 100, .step = 0.5, .page = 5, .digits = 1, .only_for_compute = "gil-threads" },
  { "run-places", ROW_NUMBER, GROUP_WORKLOAD, N_("Places"),
    N_("Saved places first, then well-known cities"),
    .lower = 1, .upper = 64, .step = 1, .page = 4 },
  { "analysis-years", ROW_NUMBER, GROUP_WORKLOAD, N_("Years of history"), NULL,
    .lower = 3, .upper = 80, .step = 1, .page = 10 },
  { "analysis-depth", ROW_NUMBER, GROUP_WORKLOAD, N_("Analysis depth"),
    N_("Bootstrap resamples per place"),
    .lower = 0, .upper = 2000000, .step = 5000, .page = 50000 },
  { "simulator-latency", ROW_NUMBER, GROUP_WORKLOAD, N_("Simulator latency (ms)"),
    N_("Only applies to the built-in simulator"),
    .lower = 0, .upper = 10000, .step = 50, .page = 500 },
};

struct _IsobarResponsivenessPanel
{
  AdwBin                 parent_instance;

  /* Template widgets */
  GtkButton             *run_button;
  GtkButton             *cancel_button;
  GtkProgressBar        *progress_bar;
  GtkLabel              *status_label;
  GtkLabel              *error_label;
  IsobarPulse           *pulse;
  GtkEntry              *entry;
  IsobarLatencyGraph    *latency_graph;
  GtkGrid               *figures_grid;
  AdwPreferencesGroup   *preset_group;
  AdwPreferencesGroup   *details_group;
  AdwPreferencesGroup   *workload_group;
  GtkLabel              *verdict_level_label;
  GtkLabel              *verdict_strategy_label;
  GtkLabel              *verdict_label;

  /* Built in code */
  GtkLabel              *figure_values[N_FIGURES];
  GObject               *setting_targets[G_N_ELEMENTS (setting_rows)];  /* adjustment or combo row */
  AdwActionRow          *setting_widgets[G_N_ELEMENTS (setting_rows)];

  /* Owned */
  GSettings             *settings;
  IsobarRunController   *controller;
  IsobarLatencyWatchdog *watchdog;
  IsobarFrameMeter      *frame_meter;
  guint                  second_id;      /* while mapped */
  double                 worst_lateness_ms;  /* since the last second */
  char                  *figures_text;
  char                  *verdict_text;
};

G_DEFINE_FINAL_TYPE (IsobarResponsivenessPanel, isobar_responsiveness_panel, ADW_TYPE_BIN)

/* Figures */

/* "0.4 ms", "17 ms", "2.3 s" */
static char *
format_ms (double ms)
{
  if (ms < 10)
    /* Translators: a short duration in milliseconds */
    return g_strdup_printf (_("%.1f ms"), ms);
  if (ms < 1000)
    return g_strdup_printf (_("%.0f ms"), ms);

  /* Translators: a duration in seconds */
  return g_strdup_printf (_("%.1f s"), ms / 1000);
}

static void
show_figures (IsobarResponsivenessPanel *self)
{
  IsobarRunFrames frames = { 0 };
  g_autoptr(GString) text = g_string_new (NULL);
  char *values[N_FIGURES] = { NULL };
  double input_ms = -1;

  if (self->frame_meter != NULL)
    {
      isobar_frame_meter_get_live (self->frame_meter, &frames);
      input_ms = isobar_frame_meter_get_last_input_delay (self->frame_meter);
    }

  if (frames.has_frames)
    {
      values[FIGURE_FPS] = g_strdup_printf ("%.0f", frames.fps);
      values[FIGURE_SLOW] = g_strdup_printf ("%u", frames.slow_frames);
      values[FIGURE_FROZEN] = g_strdup_printf ("%u", frames.frozen_frames);
      values[FIGURE_LONGEST] = format_ms (frames.longest_frame_ms);
    }
  if (input_ms >= 0)
    values[FIGURE_INPUT] = format_ms (input_ms);
  if (self->watchdog != NULL)
    values[FIGURE_LATENESS] = format_ms (self->worst_lateness_ms);

  for (guint i = 0; i < N_FIGURES; i++)
    {
      const char *value = values[i] != NULL ? values[i] : "—";

      gtk_label_set_text (self->figure_values[i], value);
      /* Translators: a live figure for screen readers, "Frames per second: 60" */
      g_string_append_printf (text, _("%s: %s"), gettext (figures[i].name), value);
      if (i + 1 < N_FIGURES)
        g_string_append_c (text, '\n');
      g_free (values[i]);
    }

  /* "updated" comes with every scroll event too: tell only changes. */
  if (g_strcmp0 (self->figures_text, text->str) == 0)
    return;

  g_free (self->figures_text);
  self->figures_text = g_string_free (g_steal_pointer (&text), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->figures_grid),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->figures_text,
                                  -1);
}

static void
build_figures (IsobarResponsivenessPanel *self)
{
  for (guint i = 0; i < N_FIGURES; i++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *caption = gtk_label_new (gettext (figures[i].caption));
      GtkWidget *value = gtk_label_new ("—");

      gtk_widget_add_css_class (caption, "caption");
      gtk_widget_add_css_class (caption, "dim-label");
      gtk_label_set_ellipsize (GTK_LABEL (caption), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (value, "figure-value");
      gtk_widget_add_css_class (value, "numeric");
      gtk_box_append (GTK_BOX (box), caption);
      gtk_box_append (GTK_BOX (box), value);
      gtk_widget_set_tooltip_text (box, gettext (figures[i].tooltip));
      gtk_grid_attach (self->figures_grid, box, i % 3, i / 3, 1, 1);

      self->figure_values[i] = GTK_LABEL (value);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->figures_grid),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Live figures"),
                                  -1);
  show_figures (self);
}

static void
on_sample (IsobarResponsivenessPanel *self,
           gint64                     time_us,
           double                     lateness_ms)
{
  g_auto (IsobarLoopMark) mark = ISOBAR_LOOP_MARK (N_("latency sample shown"));
  self->worst_lateness_ms = MAX (self->worst_lateness_ms, lateness_ms);
}

/* The frame meter may come and go with the window: follow the current one. */
static void
follow_frame_meter (IsobarResponsivenessPanel *self)
{
  IsobarFrameMeter *meter = NULL;

  if (self->controller != NULL)
    meter = isobar_run_controller_get_frame_meter (self->controller);
  if (meter == self->frame_meter)
    return;

  if (self->frame_meter != NULL)
    g_signal_handlers_disconnect_by_data (self->frame_meter, self);
  g_set_object (&self->frame_meter, meter);
  if (meter != NULL)
    g_signal_connect_object (meter, "updated", G_CALLBACK (show_figures), self, G_CONNECT_SWAPPED);

  show_figures (self);
}

static gboolean
on_second (gpointer user_data)
{
  g_auto (IsobarLoopMark) mark = ISOBAR_LOOP_MARK (N_("panel figures updated"));
  IsobarResponsivenessPanel *self = ISOBAR_RESPONSIVENESS_PANEL (user_data);

  follow_frame_meter (self);
  if (self->watchdog != NULL)
    self->worst_lateness_ms = MAX (self->worst_lateness_ms,
                                   isobar_latency_watchdog_get_current_stall_ms (self->watchdog));
  show_figures (self);
  self->worst_lateness_ms = 0;

  return G_SOURCE_CONTINUE;
}

/* Run */

static void
show_fraction (IsobarResponsivenessPanel *self)
{
  gtk_progress_bar_set_fraction (self->progress_bar,
                                 self->controller != NULL ? isobar_run_controller_get_fraction (self->controller) : 0);
}

static void
show_status (IsobarResponsivenessPanel *self)
{
  const char *status = NULL;

  if (self->controller != NULL)
    status = isobar_run_controller_get_status (self->controller);
  if (status == NULL || *status == '\0')
    status = _("Not run yet");

  gtk_label_set_text (self->status_label, status);
}

static void
show_error (IsobarResponsivenessPanel *self)
{
  const char *error = NULL;

  if (self->controller != NULL)
    error = isobar_run_controller_get_error (self->controller);

  gtk_label_set_text (self->error_label, error != NULL ? error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL && *error != '\0');
  /* The status of a failed run ("Failed: …") would say it twice. */
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), error == NULL || *error == '\0');
}

/* Last run */

static const char *
strategy_label (const char *id,
                gboolean    fetch)
{
  IsobarFetchStrategy fetch_strategy;
  IsobarComputeStrategy compute_strategy;

  if (fetch && id != NULL && isobar_fetch_strategy_from_string (id, &fetch_strategy))
    return isobar_fetch_strategy_get_label (fetch_strategy);
  if (!fetch && id != NULL && isobar_compute_strategy_from_string (id, &compute_strategy))
    return isobar_compute_strategy_get_label (compute_strategy);

  return id != NULL ? id : "";
}

static void
show_verdict (IsobarResponsivenessPanel *self)
{
  IsobarRunRecord *record = NULL;
  const char * const level_classes[] = { "success", "warning", "error" };
  g_autofree char *description = NULL;
  g_autofree char *wall = NULL;
  g_autofree char *strategies = NULL;
  IsobarVerdictLevel level;

  if (self->controller != NULL)
    record = isobar_run_controller_get_latest (self->controller);

  for (guint i = 0; i < G_N_ELEMENTS (level_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_level_label), level_classes[i]);

  if (record == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->verdict_level_label), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->verdict_strategy_label), FALSE);
      gtk_label_set_text (self->verdict_label,
                          _("No run yet. Run all places to see what the strategy does to this window."));
      g_clear_pointer (&self->verdict_text, g_free);
      return;
    }

  level = isobar_verdict_level (record);
  description = isobar_verdict_describe (record);
  wall = format_ms (isobar_run_record_get_figures (record)->wall_ms);
  if (isobar_run_record_get_python_version (record) != NULL)
    {
      g_autofree char *python = isobar_run_metric_dup_preset_label (record);

      /* Translators: a real Python run and its wall time:
       * "Real Python threads (CPython 3.11.2) · 4.2 s" */
      strategies = g_strdup_printf (_("%s · %s"), python, wall);
    }
  else
    /* Translators: the last run's strategies and wall time:
     * "Thread pool · Helper process pool · 4.2 s" */
    strategies = g_strdup_printf (_("%s · %s · %s"),
                                  strategy_label (isobar_run_record_get_fetch_strategy (record), TRUE),
                                  strategy_label (isobar_run_record_get_compute_strategy (record), FALSE),
                                  wall);

  gtk_label_set_text (self->verdict_level_label, isobar_verdict_level_label (level));
  if ((guint) level < G_N_ELEMENTS (level_classes))
    gtk_widget_add_css_class (GTK_WIDGET (self->verdict_level_label), level_classes[level]);
  gtk_widget_set_visible (GTK_WIDGET (self->verdict_level_label), TRUE);
  gtk_label_set_text (self->verdict_strategy_label, strategies);
  gtk_widget_set_visible (GTK_WIDGET (self->verdict_strategy_label), TRUE);
  gtk_label_set_text (self->verdict_label, description);

  g_free (self->verdict_text);
  self->verdict_text = g_strdup_printf ("%s\n%s\n%s", isobar_verdict_level_label (level), strategies, description);
}

/* Strategy */

static void
build_presets (IsobarResponsivenessPanel *self)
{
  const char * const *ids = isobar_preset_list ();

  for (guint i = 0; ids[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      const char *label = isobar_preset_get_label (ids[i]);

      /* Check buttons of one stateful string action are a radio group. */
      gtk_actionable_set_action_name (GTK_ACTIONABLE (check), "app.preset");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (check), g_variant_new_string (ids[i]));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), isobar_preset_get_description (ids[i]));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_preferences_group_add (self->preset_group, row);
    }
}

static const SettingRow *
row_of (IsobarResponsivenessPanel *self,
        GObject                   *target)
{
  for (guint i = 0; i < G_N_ELEMENTS (setting_rows); i++)
    if (self->setting_targets[i] == target)
      return &setting_rows[i];

  g_assert_not_reached ();
}

static void
describe_value (IsobarResponsivenessPanel *self,
                GtkAdjustment             *adjustment)
{
  const SettingRow *row = row_of (self, G_OBJECT (adjustment));
  g_autofree char *subtitle = row->describe ((guint) gtk_adjustment_get_value (adjustment));

  adw_action_row_set_subtitle (self->setting_widgets[row - setting_rows], subtitle);
}

static GtkWidget *
build_choice_row (const SettingRow *row)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  GtkWidget *widget = adw_combo_row_new ();

  for (guint i = 0; i < row->n_choices; i++)
    gtk_string_list_append (model, row->choice_label (i));

  adw_combo_row_set_model (ADW_COMBO_ROW (widget), G_LIST_MODEL (model));

  return widget;
}

static GtkWidget *
build_number_row (IsobarResponsivenessPanel *self,
                  const SettingRow          *row,
                  GtkAdjustment            **adjustment)
{
  GtkWidget *widget = adw_action_row_new ();
  GtkWidget *spin;

  *adjustment = gtk_adjustment_new (row->lower, row->lower, row->upper, row->step, row->page, 0);
  spin = gtk_spin_button_new (*adjustment, row->step, row->digits);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, gettext (row->title),
                                  -1);

  adw_action_row_add_suffix (ADW_ACTION_ROW (widget), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (widget), spin);

  if (row->describe != NULL)
    g_signal_connect_object (*adjustment, "value-changed", G_CALLBACK (describe_value), self, G_CONNECT_SWAPPED);

  return widget;
}

static void
build_setting_rows (IsobarResponsivenessPanel *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (setting_rows); i++)
    {
      const SettingRow *row = &setting_rows[i];
      GtkAdjustment *adjustment = NULL;
      GtkWidget *widget;

      if (row->kind == ROW_CHOICE)
        {
          widget = build_choice_row (row);
          self->setting_targets[i] = G_OBJECT (widget);
        }
      else
        {
          widget = build_number_row (self, row, &adjustment);
          self->setting_targets[i] = G_OBJECT (adjustment);
        }

      self->setting_widgets[i] = ADW_ACTION_ROW (widget);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (widget), gettext (row->title));
      if (row->subtitle != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (widget), gettext (row->subtitle));
      if (row->describe != NULL)
        describe_value (self, adjustment);

      adw_preferences_group_add (row->group == GROUP_DETAILS ? self->details_group : self->workload_group,
                                 widget);
    }
}

static gboolean
choice_get_mapping (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const SettingRow *row = user_data;
  const char *id = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < row->n_choices; i++)
    if (g_strcmp0 (row->choice_id (i), id) == 0)
      {
        g_value_set_uint (value, i);
        return TRUE;
      }

  return FALSE;
}

static GVariant *
choice_set_mapping (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  const SettingRow *row = user_data;
  guint selected = g_value_get_uint (value);

  if (selected >= row->n_choices)
    return NULL;

  return g_variant_new_string (row->choice_id (selected));
}

static const char *
target_property (const SettingRow *row)
{
  return row->kind == ROW_CHOICE ? "selected" : "value";
}

/* Rows that matter only to one compute strategy show only with it. */
static void
show_strategy_rows (IsobarResponsivenessPanel *self)
{
  g_autofree char *compute = NULL;

  if (self->settings != NULL)
    compute = g_settings_get_string (self->settings, "compute-strategy");

  for (guint i = 0; i < G_N_ELEMENTS (setting_rows); i++)
    if (setting_rows[i].only_for_compute != NULL)
      gtk_widget_set_visible (GTK_WIDGET (self->setting_widgets[i]),
                              g_strcmp0 (compute, setting_rows[i].only_for_compute) == 0);
}

static void
bind_settings (IsobarResponsivenessPanel *self,
               GSettings                 *settings)
{
  if (self->settings != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (setting_rows); i++)
        g_settings_unbind (self->setting_targets[i], target_property (&setting_rows[i]));
      g_signal_handlers_disconnect_by_func (self->settings, show_strategy_rows, self);
    }

  g_set_object (&self->settings, settings);
  show_strategy_rows (self);
  if (settings == NULL)
    return;

  g_signal_connect_object (settings, "changed::compute-strategy", G_CALLBACK (show_strategy_rows),
                           self, G_CONNECT_SWAPPED);

  for (guint i = 0; i < G_N_ELEMENTS (setting_rows); i++)
    {
      const SettingRow *row = &setting_rows[i];

      if (row->kind == ROW_CHOICE)
        g_settings_bind_with_mapping (settings, row->key, self->setting_targets[i], "selected",
                                      G_SETTINGS_BIND_DEFAULT,
                                      choice_get_mapping, choice_set_mapping,
                                      (gpointer) row, NULL);
      else
        g_settings_bind (settings, row->key, self->setting_targets[i], "value",
                         G_SETTINGS_BIND_DEFAULT);
    }
}

/* Binding */

static void
bind_controller (IsobarResponsivenessPanel *self,
                 IsobarRunController       *controller)
{
  IsobarLatencyWatchdog *watchdog = NULL;

  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  if (self->watchdog != NULL)
    g_signal_handlers_disconnect_by_data (self->watchdog, self);
  if (controller != NULL)
    watchdog = isobar_run_controller_get_watchdog (controller);
  g_set_object (&self->controller, controller);
  g_set_object (&self->watchdog, watchdog);

  if (controller != NULL)
    {
      g_signal_connect_object (controller, "notify::fraction", G_CALLBACK (show_fraction), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (controller, "notify::status", G_CALLBACK (show_status), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (controller, "notify::error", G_CALLBACK (show_error), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (controller, "notify::latest", G_CALLBACK (show_verdict), self, G_CONNECT_SWAPPED);
    }
  if (self->watchdog != NULL)
    g_signal_connect_object (self->watchdog, "sample", G_CALLBACK (on_sample), self, G_CONNECT_SWAPPED);

  isobar_latency_graph_set_watchdog (self->latency_graph, self->watchdog);
  self->worst_lateness_ms = 0;

  show_fraction (self);
  show_status (self);
  show_error (self);
  show_verdict (self);
  follow_frame_meter (self);
  show_figures (self);
}

void
isobar_responsiveness_panel_bind (IsobarResponsivenessPanel *self,
                                  GSettings                 *settings,
                                  IsobarRunController       *controller)
{
  g_return_if_fail (ISOBAR_IS_RESPONSIVENESS_PANEL (self));
  g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));
  g_return_if_fail (controller == NULL || ISOBAR_IS_RUN_CONTROLLER (controller));

  bind_settings (self, settings);
  bind_controller (self, controller);
}

/* Life cycle */

static void
isobar_responsiveness_panel_map (GtkWidget *widget)
{
  IsobarResponsivenessPanel *self = ISOBAR_RESPONSIVENESS_PANEL (widget);

  GTK_WIDGET_CLASS (isobar_responsiveness_panel_parent_class)->map (widget);

  follow_frame_meter (self);
  if (self->second_id == 0)
    {
      self->second_id = g_timeout_add (1000, on_second, self);
      g_source_set_name_by_id (self->second_id, "[isobar] responsiveness panel second");
    }
}

static void
isobar_responsiveness_panel_unmap (GtkWidget *widget)
{
  IsobarResponsivenessPanel *self = ISOBAR_RESPONSIVENESS_PANEL (widget);

  g_clear_handle_id (&self->second_id, g_source_remove);

  GTK_WIDGET_CLASS (isobar_responsiveness_panel_parent_class)->unmap (widget);
}

static void
isobar_responsiveness_panel_dispose (GObject *object)
{
  IsobarResponsivenessPanel *self = ISOBAR_RESPONSIVENESS_PANEL (object);

  g_clear_handle_id (&self->second_id, g_source_remove);
  if (self->latency_graph != NULL)
    isobar_responsiveness_panel_bind (self, NULL, NULL);
  if (self->frame_meter != NULL)
    g_signal_handlers_disconnect_by_data (self->frame_meter, self);
  g_clear_object (&self->frame_meter);

  gtk_widget_dispose_template (GTK_WIDGET (object), ISOBAR_TYPE_RESPONSIVENESS_PANEL);

  G_OBJECT_CLASS (isobar_responsiveness_panel_parent_class)->dispose (object);
}

static void
isobar_responsiveness_panel_finalize (GObject *object)
{
  IsobarResponsivenessPanel *self = ISOBAR_RESPONSIVENESS_PANEL (object);

  g_free (self->figures_text);
  g_free (self->verdict_text);

  G_OBJECT_CLASS (isobar_responsiveness_panel_parent_class)->finalize (object);
}

static void
isobar_responsiveness_panel_class_init (IsobarResponsivenessPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isobar_responsiveness_panel_dispose;
  object_class->finalize = isobar_responsiveness_panel_finalize;

  widget_class->map = isobar_responsiveness_panel_map;
  widget_class->unmap = isobar_responsiveness_panel_unmap;

  g_type_ensure (ISOBAR_TYPE_PULSE);
  g_type_ensure (ISOBAR_TYPE_LATENCY_GRAPH);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/isobar-responsiveness-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, IsobarResponsivenessPanel, run_button);
  gtk_widget_class_bind_template_child (widget_class, IsobarResponsivenessPanel, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, IsobarResponsivenessPanel, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, IsobarResponsivenessPanel, status_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarResponsivenessPanel, error_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarResponsivenessPanel, pulse);
  gtk_widget_class_bind_template_child (widget_class, IsobarResponsivenessPanel, entry);
  gtk_widget_class_bind_template_child (widget_class, IsobarResponsivenessPanel, latency_graph);
  gtk_widget_class_bind_template_child (widget_class, IsobarResponsivenessPanel, figures_grid);
  gtk_widget_class_bind_template_child (widget_class, IsobarResponsivenessPanel, preset_group);
  gtk_widget_class_bind_template_child (widget_class, IsobarResponsivenessPanel, details_group);
  gtk_widget_class_bind_template_child (widget_class, IsobarResponsivenessPanel, workload_group);
  gtk_widget_class_bind_template_child (widget_class, IsobarResponsivenessPanel, verdict_level_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarResponsivenessPanel, verdict_strategy_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarResponsivenessPanel, verdict_label);

  gtk_widget_class_set_css_name (widget_class, "isobar-responsiveness-panel");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
isobar_responsiveness_panel_init (IsobarResponsivenessPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  build_figures (self);
  build_presets (self);
  build_setting_rows (self);
}

GtkWidget *
isobar_responsiveness_panel_new (void)
{
  return g_object_new (ISOBAR_TYPE_RESPONSIVENESS_PANEL, NULL);
}

GtkButton *
isobar_responsiveness_panel_get_run_button (IsobarResponsivenessPanel *self)
{
  g_return_val_if_fail (ISOBAR_IS_RESPONSIVENESS_PANEL (self), NULL);

  return self->run_button;
}

GtkButton *
isobar_responsiveness_panel_get_cancel_button (IsobarResponsivenessPanel *self)
{
  g_return_val_if_fail (ISOBAR_IS_RESPONSIVENESS_PANEL (self), NULL);

  return self->cancel_button;
}

GtkEntry *
isobar_responsiveness_panel_get_entry (IsobarResponsivenessPanel *self)
{
  g_return_val_if_fail (ISOBAR_IS_RESPONSIVENESS_PANEL (self), NULL);

  return self->entry;
}

IsobarPulse *
isobar_responsiveness_panel_get_pulse (IsobarResponsivenessPanel *self)
{
  g_return_val_if_fail (ISOBAR_IS_RESPONSIVENESS_PANEL (self), NULL);

  return self->pulse;
}

IsobarLatencyGraph *
isobar_responsiveness_panel_get_latency_graph (IsobarResponsivenessPanel *self)
{
  g_return_val_if_fail (ISOBAR_IS_RESPONSIVENESS_PANEL (self), NULL);

  return self->latency_graph;
}

const char *
isobar_responsiveness_panel_get_figures_text (IsobarResponsivenessPanel *self)
{
  g_return_val_if_fail (ISOBAR_IS_RESPONSIVENESS_PANEL (self), NULL);

  return self->figures_text;
}

const char *
isobar_responsiveness_panel_get_verdict_text (IsobarResponsivenessPanel *self)
{
  g_return_val_if_fail (ISOBAR_IS_RESPONSIVENESS_PANEL (self), NULL);

  return self->verdict_text != NULL ? self->verdict_text : "";
}
