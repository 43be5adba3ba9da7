/* isobar-responsiveness-panel-strategy.c: the panel's strategy section: the
 * presets as a radio group of app.preset, each with its explanation, and the
 * rows of the strategies and the workload (combo rows and spin rows) bound to
 * their GSettings keys, shown only with the compute strategy they matter to.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "isobar-responsiveness-panel-private.h"
#include "isobar-settings-choice.h"

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

G_STATIC_ASSERT (G_N_ELEMENTS (setting_rows) == N_SETTING_ROWS);

/* Presets */

void
_isobar_responsiveness_panel_build_presets (IsobarResponsivenessPanel *self)
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

/* Rows */

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

void
_isobar_responsiveness_panel_build_setting_rows (IsobarResponsivenessPanel *self)
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

/* Settings */

static GStrv
choice_ids (const SettingRow *row)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();

  for (guint i = 0; i < row->n_choices; i++)
    g_strv_builder_add (ids, row->choice_id (i));

  return g_strv_builder_end (ids);
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

void
_isobar_responsiveness_panel_bind_settings (IsobarResponsivenessPanel *self,
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
        {
          g_auto(GStrv) ids = choice_ids (row);

          isobar_settings_bind_choice (settings, row->key, ADW_COMBO_ROW (self->setting_targets[i]),
                                       (const char * const *) ids);
        }
      else
        g_settings_bind (settings, row->key, self->setting_targets[i], "value",
                         G_SETTINGS_BIND_DEFAULT);
    }
}
