/* isobar-climate-view-private.h: the climate page's insides, shared by its
 * files. isobar-climate-view.c holds the class, its states and public API,
 * and the view's numbers (its unit, temperatures and dates as text); it
 * fills the page by calling the three section files below, which call back
 * only into those numbers and never into each other.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "isobar-banner.h"
#include "isobar-climate-view.h"
#include "isobar-progress-line.h"
#include "isobar-year-list.h"

G_BEGIN_DECLS

struct _IsobarClimateView
{
  GtkWidget            parent_instance;

  /* Template widgets */
  IsobarBanner        *error_banner;
  GtkRevealer         *progress_revealer;
  GtkInscription      *status_label;    /* text only redraws: see the .ui */
  IsobarProgressLine  *progress_bar;
  GtkButton           *cancel_button;
  GtkStack            *stack;
  AdwStatusPage       *empty_page;
  GtkButton           *run_button;
  GtkPaned            *paned;
  GtkScrolledWindow   *report_scroller;
  GtkLabel            *place_label;
  GtkLabel            *period_label;
  GtkLabel            *trend_label;
  GtkLabel            *interval_label;
  GtkLabel            *fit_label;
  GtkLabel            *hottest_label;
  GtkLabel            *hottest_date_label;
  GtkLabel            *coldest_label;
  GtkLabel            *coldest_date_label;
  GtkGrid             *months_grid;
  IsobarHeatMap       *heat_map;
  IsobarNormalsChart  *normals_chart;
  GtkLabel            *years_caption;
  GtkBox              *years_header;
  GtkListView         *year_list_view;

  /* Owned */
  IsobarYearList      *years;
  gboolean             years_stale;       /* years not yet given self->report: unmapped */
  IsobarClimateReport *report;
  IsobarLocation      *location;
  GDateTime           *finished;
  char                *error;
  IsobarUnits          units;
  int                  digit_width;
  int                  note_width;        /* fits the "Incomplete" tag */
  GtkLabel            *month_highs[12];  /* in months_grid */
  GtkLabel            *month_lows[12];
};

/* isobar-climate-view.c: numbers in the view's unit */
const char *_isobar_climate_view_unit_symbol        (IsobarClimateView *self);
double      _isobar_climate_view_display            (IsobarClimateView *self,
                                                     double             celsius);
double      _isobar_climate_view_display_difference (IsobarClimateView *self,
                                                     double             celsius);
char       *_isobar_climate_view_format_temperature (IsobarClimateView *self,
                                                     double             celsius);

/* isobar-climate-view-summary.c: the place, the period and the trend card */
void        _isobar_climate_view_show_period        (IsobarClimateView *self);
void        _isobar_climate_view_show_trend         (IsobarClimateView *self);

/* isobar-climate-view-records.c: the hottest and coldest days, and the
 * table of monthly records */
void        _isobar_climate_view_build_months_grid  (IsobarClimateView *self);
void        _isobar_climate_view_show_records       (IsobarClimateView *self);

/* isobar-climate-view-years.c: the yearly list, its header and caption */
/* Sets up the list's model, rows and header; once, from init. */
void        _isobar_climate_view_init_years         (IsobarClimateView *self);
void        _isobar_climate_view_show_years_caption (IsobarClimateView *self);

G_END_DECLS
