/* isobar-climate-view.c: the climate report page: the class, its template,
 * its states (empty, report; progress and error above either) and public
 * API, and the view's numbers. The page's sections are filled in
 * isobar-climate-view-summary.c, -records.c and -years.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "isobar-climate-view-private.h"
#include "isobar-format.h"

G_DEFINE_FINAL_TYPE (IsobarClimateView, isobar_climate_view, GTK_TYPE_WIDGET)

/* Numbers */

const char *
_isobar_climate_view_unit_symbol (IsobarClimateView *self)
{
  return self->units == ISOBAR_UNITS_IMPERIAL ? "°F" : "°C";
}

/* A temperature in the view's unit. */
double
_isobar_climate_view_display (IsobarClimateView *self,
                              double             celsius)
{
  return self->units == ISOBAR_UNITS_IMPERIAL ? celsius * 1.8 + 32 : celsius;
}

/* A temperature difference in the view's unit. */
double
_isobar_climate_view_display_difference (IsobarClimateView *self,
                                         double             celsius)
{
  return self->units == ISOBAR_UNITS_IMPERIAL ? celsius * 1.8 : celsius;
}

/* "36 °C", in the view's unit. */
char *
_isobar_climate_view_format_temperature (IsobarClimateView *self,
                                         double             celsius)
{
  return isobar_format_temperature (_isobar_climate_view_display (self, celsius),
                                    _isobar_climate_view_unit_symbol (self));
}

/* Filling the page */

static void
show_report (IsobarClimateView *self)
{
  _isobar_climate_view_show_period (self);
  _isobar_climate_view_show_trend (self);
  _isobar_climate_view_show_records (self);
  _isobar_climate_view_show_years_caption (self);
}

static void
show_empty (IsobarClimateView *self)
{
  g_autofree char *description = NULL;

  if (self->location != NULL)
    /* Translators: %s is a place name */
    description = g_strdup_printf (_("A run downloads decades of daily weather history for your saved places "
                                     "and analyses it: normals, records, the warming trend and every day "
                                     "against the normal. Run one to see the report for %s."),
                                   isobar_location_get_name (self->location));
  else
    description = g_strdup (_("A run downloads decades of daily weather history for your saved places and "
                              "analyses it: normals, records, the warming trend and every day against the "
                              "normal. Save a place, then run an analysis."));

  adw_status_page_set_description (self->empty_page, description);
}

/* The yearly list rebuilds its rows (~25 ms for 40 years under cairo on
 * the 2-core VM): done when the view is shown, not while a run finishes
 * behind another page. */
static void
update_years (IsobarClimateView *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->years_stale = TRUE;
      return;
    }
  self->years_stale = FALSE;
  isobar_year_list_set_report (self->years, self->report);
}

static void
isobar_climate_view_map (GtkWidget *widget)
{
  IsobarClimateView *self = ISOBAR_CLIMATE_VIEW (widget);

  GTK_WIDGET_CLASS (isobar_climate_view_parent_class)->map (widget);
  if (self->years_stale)
    update_years (self);
}

void
isobar_climate_view_set_report (IsobarClimateView   *self,
                                IsobarLocation      *location,
                                IsobarClimateReport *report,
                                GDateTime           *finished)
{
  gboolean same;

  g_return_if_fail (ISOBAR_IS_CLIMATE_VIEW (self));
  g_return_if_fail (location == NULL || ISOBAR_IS_LOCATION (location));
  g_return_if_fail (report == NULL || ISOBAR_IS_CLIMATE_REPORT (report));

  same = report != NULL && report == self->report;
  g_set_object (&self->location, location);
  g_clear_pointer (&self->finished, g_date_time_unref);
  if (finished != NULL)
    self->finished = g_date_time_ref (finished);

  if (report == NULL)
    {
      g_clear_object (&self->report);
      update_years (self);
      isobar_heat_map_set_report (self->heat_map, NULL);
      isobar_normals_chart_set_report (self->normals_chart, NULL);
      show_empty (self);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  g_set_object (&self->report, report);
  show_report (self);
  /* The same report again (the window refreshes often): keep the list and
   * its scrolling as they are. */
  if (!same)
    {
      update_years (self);
      isobar_heat_map_set_report (self->heat_map, report);
      isobar_normals_chart_set_report (self->normals_chart, report);
    }
  gtk_stack_set_visible_child_name (self->stack, "report");
}

void
isobar_climate_view_set_units (IsobarClimateView *self,
                               IsobarUnits        units)
{
  g_return_if_fail (ISOBAR_IS_CLIMATE_VIEW (self));

  if (self->units == units)
    return;

  self->units = units;
  isobar_heat_map_set_units (self->heat_map, units);
  isobar_normals_chart_set_units (self->normals_chart, units);

  if (self->report != NULL)
    {
      show_report (self);
      /* New items: the rows bind again, in the new unit. */
      update_years (self);
    }
}

IsobarUnits
isobar_climate_view_get_units (IsobarClimateView *self)
{
  g_return_val_if_fail (ISOBAR_IS_CLIMATE_VIEW (self), ISOBAR_UNITS_METRIC);

  return self->units;
}

void
isobar_climate_view_set_progress (IsobarClimateView *self,
                                  gboolean           running,
                                  double             fraction,
                                  const char        *status)
{
  g_return_if_fail (ISOBAR_IS_CLIMATE_VIEW (self));

  gtk_revealer_set_reveal_child (self->progress_revealer, running);
  if (!running)
    return;

  if (isnan (fraction) || fraction < 0)
    isobar_progress_line_pulse (self->progress_bar);
  else
    isobar_progress_line_set_fraction (self->progress_bar, fraction);

  gtk_inscription_set_text (self->status_label, status != NULL ? status : _("Analysing…"));
}

void
isobar_climate_view_set_error (IsobarClimateView *self,
                               const char        *message)
{
  g_return_if_fail (ISOBAR_IS_CLIMATE_VIEW (self));

  g_free (self->error);
  self->error = g_strdup (message);

  if (message != NULL)
    isobar_banner_set_title (self->error_banner, message);
  isobar_banner_set_revealed (self->error_banner, message != NULL);
}

/* Getters */

const char *
isobar_climate_view_get_state (IsobarClimateView *self)
{
  g_return_val_if_fail (ISOBAR_IS_CLIMATE_VIEW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

IsobarClimateReport *
isobar_climate_view_get_report (IsobarClimateView *self)
{
  g_return_val_if_fail (ISOBAR_IS_CLIMATE_VIEW (self), NULL);

  return self->report;
}

const char *
isobar_climate_view_get_error (IsobarClimateView *self)
{
  g_return_val_if_fail (ISOBAR_IS_CLIMATE_VIEW (self), NULL);

  return self->error;
}

const char *
isobar_climate_view_get_trend_text (IsobarClimateView *self)
{
  g_return_val_if_fail (ISOBAR_IS_CLIMATE_VIEW (self), NULL);

  return gtk_label_get_text (self->trend_label);
}

const char *
isobar_climate_view_get_interval_text (IsobarClimateView *self)
{
  g_return_val_if_fail (ISOBAR_IS_CLIMATE_VIEW (self), NULL);

  return gtk_label_get_label (self->interval_label);
}

const char *
isobar_climate_view_get_period_text (IsobarClimateView *self)
{
  g_return_val_if_fail (ISOBAR_IS_CLIMATE_VIEW (self), NULL);

  return gtk_label_get_label (self->period_label);
}

GListModel *
isobar_climate_view_get_years (IsobarClimateView *self)
{
  g_return_val_if_fail (ISOBAR_IS_CLIMATE_VIEW (self), NULL);

  return G_LIST_MODEL (self->years);
}

GtkListView *
isobar_climate_view_get_year_list_view (IsobarClimateView *self)
{
  g_return_val_if_fail (ISOBAR_IS_CLIMATE_VIEW (self), NULL);

  return self->year_list_view;
}

IsobarHeatMap *
isobar_climate_view_get_heat_map (IsobarClimateView *self)
{
  g_return_val_if_fail (ISOBAR_IS_CLIMATE_VIEW (self), NULL);

  return self->heat_map;
}

IsobarNormalsChart *
isobar_climate_view_get_normals_chart (IsobarClimateView *self)
{
  g_return_val_if_fail (ISOBAR_IS_CLIMATE_VIEW (self), NULL);

  return self->normals_chart;
}

/* Life cycle */

static void
isobar_climate_view_dispose (GObject *object)
{
  IsobarClimateView *self = ISOBAR_CLIMATE_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), ISOBAR_TYPE_CLIMATE_VIEW);

  g_clear_object (&self->years);
  g_clear_object (&self->report);
  g_clear_object (&self->location);
  g_clear_pointer (&self->finished, g_date_time_unref);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (isobar_climate_view_parent_class)->dispose (object);
}

static void
isobar_climate_view_class_init (IsobarClimateViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isobar_climate_view_dispose;
  widget_class->map = isobar_climate_view_map;

  g_type_ensure (ISOBAR_TYPE_BANNER);
  g_type_ensure (ISOBAR_TYPE_PROGRESS_LINE);
  g_type_ensure (ISOBAR_TYPE_HEAT_MAP);
  g_type_ensure (ISOBAR_TYPE_NORMALS_CHART);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/isobar-climate-view.ui");
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, error_banner);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, status_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, stack);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, run_button);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, paned);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, report_scroller);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, place_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, period_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, trend_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, interval_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, fit_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, hottest_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, hottest_date_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, coldest_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, coldest_date_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, months_grid);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, heat_map);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, normals_chart);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, years_caption);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, years_header);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, year_list_view);

  gtk_widget_class_set_css_name (widget_class, "isobar-climate-view");
}

static void
isobar_climate_view_init (IsobarClimateView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  _isobar_climate_view_init_years (self);
  _isobar_climate_view_build_months_grid (self);
  show_empty (self);
}

GtkWidget *
isobar_climate_view_new (void)
{
  return g_object_new (ISOBAR_TYPE_CLIMATE_VIEW, NULL);
}
