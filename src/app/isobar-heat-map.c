/* isobar-heat-map.c: the calendar heat map of a climate report.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "isobar-draw-mark.h"
#include "isobar-chart-text.h"
#include "isobar-format.h"
#include "isobar-heat-map.h"

/* Layout, in pixels */
#define PAD_X          4.0
#define TOP_SPACE     22.0
#define TICK           4.0
#define LEGEND_SPACE  40.0
#define ROW_NATURAL    5.0
#define ROWS_MIN     120.0
#define ROWS_MAX     360.0
#define LEGEND_BAR   150.0
#define LABEL_SCALE    0.85

/* The first calendar day (cday) of each month, as in a leap year. */
static const guint month_starts[13] = { 1, 32, 61, 92, 122, 153, 183, 214, 245, 275, 306, 336, 367 };

/* The month names above the map, the years left of it, the legend's words
 * right of their anchors; in the middle, what stands for a missing map. */
static const IsobarChartTextStyle month_style = { .xalign = 0.5, .yalign = 1.0, .scale = LABEL_SCALE };
static const IsobarChartTextStyle year_style = { .xalign = 1.0, .yalign = 0.5, .scale = LABEL_SCALE };
static const IsobarChartTextStyle legend_style = { .xalign = 0.0, .yalign = 0.5, .scale = LABEL_SCALE };
static const IsobarChartTextStyle empty_style = { .xalign = 0.5, .yalign = 0.5, .scale = 1.0 };

struct _IsobarHeatMap
{
  IsobarChart parent_instance;

  /* Owned */
  IsobarClimateReport *report;
  cairo_surface_t     *surface;   /* the pixels, premultiplied for cairo */
  char                *summary;
  IsobarUnits          units;
};

G_DEFINE_FINAL_TYPE (IsobarHeatMap, isobar_heat_map, ISOBAR_TYPE_CHART)

typedef struct
{
  double left;
  double top;
  double width;
  double height;
} Plot;

/* Text helpers */

static const char *
unit_symbol (IsobarUnits units)
{
  return units == ISOBAR_UNITS_IMPERIAL ? "°F" : "°C";
}

/* A temperature difference in @units from °C. */
static double
difference_in (IsobarUnits units,
               double      celsius)
{
  return units == ISOBAR_UNITS_IMPERIAL ? celsius * 1.8 : celsius;
}

static char *
build_summary (IsobarHeatMap *self)
{
  const IsobarYearRow *rows;
  const IsobarYearRow *warmest = NULL, *coldest = NULL;
  guint n_rows;
  int first, last;
  g_autofree char *range = NULL;

  if (self->report == NULL || isobar_climate_report_get_n_years (self->report) == 0)
    return NULL;

  first = isobar_climate_report_get_first_year (self->report);
  last = first + (int) isobar_climate_report_get_n_years (self->report) - 1;
  range = first == last ? g_strdup_printf ("%d", first) : g_strdup_printf ("%d–%d", first, last);

  rows = isobar_climate_report_get_yearly (self->report, &n_rows);
  for (guint i = 0; i < n_rows; i++)
    {
      if ((rows[i].flags & ISOBAR_YEAR_INCOMPLETE) != 0 || isnan (rows[i].anomaly))
        continue;
      if (warmest == NULL || rows[i].anomaly > warmest->anomaly)
        warmest = &rows[i];
      if (coldest == NULL || rows[i].anomaly < coldest->anomaly)
        coldest = &rows[i];
    }

  if (warmest == NULL)
    /* Translators: the heat map's summary without complete years; %s is a
     * range of years, "1985–2024" */
    return g_strdup_printf (_("Daily temperature anomalies %s: no complete year"), range);
  else
    {
      const char *unit = unit_symbol (self->units);
      g_autofree char *warm = isobar_format_difference (difference_in (self->units, warmest->anomaly), 1, unit);
      g_autofree char *cold = isobar_format_difference (difference_in (self->units, coldest->anomaly), 1, unit);

      /* Translators: the heat map's summary for screen readers: "Daily
       * temperature anomalies 1985–2024: warmest year 2023 (+1.2 °C),
       * coldest 1987 (−0.9 °C)" */
      return g_strdup_printf (_("Daily temperature anomalies %s: warmest year %d (%s), coldest %d (%s)"),
                              range, warmest->year, warm, coldest->year, cold);
    }
}

static void
update_accessible (IsobarHeatMap *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->summary != NULL ? self->summary : _("No heat map"),
                                  -1);
}

/* Cairo wants native-endian, premultiplied ARGB; the report has RGBA bytes,
 * not premultiplied. */
static cairo_surface_t *
surface_from_pixels (GBytes *pixels,
                     guint   n_rows)
{
  cairo_surface_t *surface;
  const guint8 *src;
  guint8 *dest;
  int stride;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, ISOBAR_HEATMAP_WIDTH, (int) n_rows);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }

  cairo_surface_flush (surface);
  src = g_bytes_get_data (pixels, NULL);
  dest = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);

  for (guint row = 0; row < n_rows; row++)
    {
      guint32 *out = (guint32 *) (gpointer) (dest + (gsize) row * stride);

      for (guint col = 0; col < ISOBAR_HEATMAP_WIDTH; col++)
        {
          const guint8 *p = src + ((gsize) row * ISOBAR_HEATMAP_WIDTH + col) * 4;
          guint a = p[3];

          out[col] = (a << 24)
                   | (((p[0] * a + 127) / 255) << 16)
                   | (((p[1] * a + 127) / 255) << 8)
                   | ((p[2] * a + 127) / 255);
        }
    }

  cairo_surface_mark_dirty (surface);
  return surface;
}

void
isobar_heat_map_set_report (IsobarHeatMap       *self,
                            IsobarClimateReport *report)
{
  GBytes *pixels;
  guint n_rows;

  g_return_if_fail (ISOBAR_IS_HEAT_MAP (self));
  g_return_if_fail (report == NULL || ISOBAR_IS_CLIMATE_REPORT (report));

  g_set_object (&self->report, report);
  g_clear_pointer (&self->surface, cairo_surface_destroy);

  if (report != NULL && (n_rows = isobar_climate_report_get_n_years (report)) > 0)
    {
      pixels = isobar_climate_report_get_heatmap (report);
      if (pixels != NULL && g_bytes_get_size (pixels) == (gsize) n_rows * ISOBAR_HEATMAP_WIDTH * 4)
        self->surface = surface_from_pixels (pixels, n_rows);
    }

  g_clear_pointer (&self->summary, g_free);
  self->summary = build_summary (self);
  update_accessible (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
isobar_heat_map_set_units (IsobarHeatMap *self,
                           IsobarUnits    units)
{
  g_return_if_fail (ISOBAR_IS_HEAT_MAP (self));

  if (self->units == units)
    return;

  self->units = units;
  g_clear_pointer (&self->summary, g_free);
  self->summary = build_summary (self);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
isobar_heat_map_get_summary (IsobarHeatMap *self)
{
  g_return_val_if_fail (ISOBAR_IS_HEAT_MAP (self), NULL);

  return self->summary;
}

/* Layout */

static guint
n_years (IsobarHeatMap *self)
{
  return self->surface != NULL ? isobar_climate_report_get_n_years (self->report) : 0;
}

static gboolean
compute_plot (IsobarHeatMap *self,
              Plot          *plot)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));

  plot->left = PAD_X + isobar_chart_text_width (GTK_WIDGET (self), "0000", LABEL_SCALE) + 8;
  plot->top = TOP_SPACE;
  plot->width = width - plot->left - PAD_X;
  plot->height = height - TOP_SPACE - TICK - LEGEND_SPACE;

  return n_years (self) > 0 && plot->width > 20 && plot->height > 10;
}

/* Pixel lookup and tooltips */

char *
isobar_heat_map_describe_at (IsobarHeatMap *self,
                             double         x,
                             double         y)
{
  Plot plot;
  static const guint8 white[3] = { ISOBAR_HEATMAP_WHITE };
  static const guint8 red[3] = { ISOBAR_HEATMAP_RED };
  static const guint8 blue[3] = { ISOBAR_HEATMAP_BLUE };
  static const guint8 missing[4] = { ISOBAR_HEATMAP_MISSING };
  const guint8 *pixel;
  guint rows, row, column;
  int year;
  guint32 julian;
  g_autofree char *day = NULL;

  g_return_val_if_fail (ISOBAR_IS_HEAT_MAP (self), NULL);

  if (!compute_plot (self, &plot)
      || x < plot.left || x >= plot.left + plot.width
      || y < plot.top || y >= plot.top + plot.height)
    return NULL;

  rows = n_years (self);
  column = MIN ((guint) ((x - plot.left) / plot.width * ISOBAR_HEATMAP_WIDTH), ISOBAR_HEATMAP_WIDTH - 1);
  row = MIN ((guint) ((y - plot.top) / plot.height * rows), rows - 1);
  year = isobar_climate_report_get_first_year (self->report) + (int) row;

  julian = isobar_format_cday_julian (year, column + 1);
  if (julian == 0)
    return NULL;

  day = isobar_format_date (julian);
  pixel = (const guint8 *) g_bytes_get_data (isobar_climate_report_get_heatmap (self->report), NULL)
          + ((gsize) row * ISOBAR_HEATMAP_WIDTH + column) * 4;

  if (pixel[3] == 0)
    /* Translators: a tooltip of the heat map: "1 January 1985: not in the history" */
    return g_strdup_printf (_("%s: not in the history"), day);
  if (memcmp (pixel, missing, 4) == 0)
    /* Translators: a tooltip of the heat map: "1 January 1985: no data" */
    return g_strdup_printf (_("%s: no data"), day);
  else
    {
      gboolean cold = pixel[2] > pixel[0];
      const guint8 *end = cold ? blue : red;
      /* The colour blends linearly from white: green moves the most. */
      double t = (double) (white[1] - pixel[1]) / (white[1] - end[1]);
      g_autofree char *amount = NULL;

      if (t >= 0.999)
        {
          amount = g_strdup_printf ("%.0f %s", difference_in (self->units, ISOBAR_HEATMAP_CLAMP),
                                    unit_symbol (self->units));
          return cold
            /* Translators: "14 July 1998: at least 8 °C colder than normal"; the
             * second %s is a temperature difference with its unit */
            ? g_strdup_printf (_("%s: at least %s colder than normal"), day, amount)
            /* Translators: "14 July 1998: at least 8 °C warmer than normal" */
            : g_strdup_printf (_("%s: at least %s warmer than normal"), day, amount);
        }

      amount = isobar_format_difference (difference_in (self->units, (cold ? -t : t) * ISOBAR_HEATMAP_CLAMP), 1,
                                         unit_symbol (self->units));
      /* Translators: a tooltip of the heat map: "14 July 1998: +3.4 °C against
       * the normal" */
      return g_strdup_printf (_("%s: %s against the normal"), day, amount);
    }
}

static char *
heat_map_describe_at (IsobarChart *chart,
                      double       x,
                      double       y)
{
  return isobar_heat_map_describe_at (ISOBAR_HEAT_MAP (chart), x, y);
}

/* Painting */

static double
cday_x (const Plot *plot,
        guint       cday)
{
  return plot->left + (cday - 1) * plot->width / ISOBAR_HEATMAP_WIDTH;
}

static void
draw_months (IsobarHeatMap *self,
             cairo_t       *cr,
             const Plot    *plot,
             const GdkRGBA *fg)
{
  double month_width = plot->width / 12;
  const char *format = month_width >= 30 ? "%b" : NULL;

  cairo_set_line_width (cr, 1);
  for (guint m = 0; m < 13; m++)
    {
      double x = round (cday_x (plot, month_starts[m])) + 0.5;

      isobar_chart_set_source (cr, fg, 0.4);
      cairo_move_to (cr, x, plot->top - TICK);
      cairo_line_to (cr, x, plot->top);
      cairo_move_to (cr, x, plot->top + plot->height);
      cairo_line_to (cr, x, plot->top + plot->height + TICK);
      cairo_stroke (cr);

      if (m < 12)
        {
          g_autoptr(GDateTime) dt = g_date_time_new_utc (2000, m + 1, 15, 12, 0, 0);
          g_autofree char *name = format != NULL ? g_date_time_format (dt, format) : NULL;
          double centre = (cday_x (plot, month_starts[m]) + cday_x (plot, month_starts[m + 1])) / 2;

          /* Too narrow for "Jan": the first letter. */
          if (name == NULL)
            {
              g_autofree char *full = g_date_time_format (dt, "%b");

              name = g_utf8_substring (full, 0, 1);
            }

          isobar_chart_set_source (cr, fg, 0.75);
          isobar_chart_text_draw (GTK_WIDGET (self), cr, name, centre, plot->top - TICK - 1, &month_style);
        }
    }
}

static void
draw_years (IsobarHeatMap *self,
            cairo_t       *cr,
            const Plot    *plot,
            const GdkRGBA *fg)
{
  static const int steps[] = { 1, 2, 5, 10, 20, 50, 100 };
  guint rows = n_years (self);
  int first = isobar_climate_report_get_first_year (self->report);
  double row_height = plot->height / rows;
  int step = steps[G_N_ELEMENTS (steps) - 1];

  /* Every 10 years, or as often as the labels fit. */
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      if (steps[i] * row_height >= 16 && (steps[i] >= 10 || rows <= 12))
        {
          step = steps[i];
          break;
        }
    }

  cairo_set_line_width (cr, 1);
  for (guint row = 0; row < rows; row++)
    {
      int year = first + (int) row;
      double y = plot->top + (row + 0.5) * row_height;
      g_autofree char *label = NULL;

      if (year % step != 0 && rows > 1)
        continue;

      isobar_chart_set_source (cr, fg, 0.4);
      cairo_move_to (cr, plot->left - TICK, round (y) + 0.5);
      cairo_line_to (cr, plot->left, round (y) + 0.5);
      cairo_stroke (cr);

      label = g_strdup_printf ("%d", year);
      isobar_chart_set_source (cr, fg, 0.75);
      isobar_chart_text_draw (GTK_WIDGET (self), cr, label, plot->left - TICK - 2, y, &year_style);
    }
}

static void
draw_legend (IsobarHeatMap *self,
             cairo_t       *cr,
             const Plot    *plot,
             const GdkRGBA *fg)
{
  static const guint8 white[3] = { ISOBAR_HEATMAP_WHITE };
  static const guint8 red[3] = { ISOBAR_HEATMAP_RED };
  static const guint8 blue[3] = { ISOBAR_HEATMAP_BLUE };
  static const guint8 missing[4] = { ISOBAR_HEATMAP_MISSING };
  const char *unit = unit_symbol (self->units);
  double clamp = difference_in (self->units, ISOBAR_HEATMAP_CLAMP);
  g_autofree char *low = isobar_format_difference (-clamp, 0, unit);
  g_autofree char *high = isobar_format_difference (clamp, 0, unit);
  /* Translators: the caption of the heat map's colour scale */
  const char *caption = _("Against the normal");
  /* Translators: the heat map's legend for days without data */
  const char *no_data = _("No data");
  double y = plot->top + plot->height + TICK + 14;
  double x = plot->left;
  double bar = MIN (LEGEND_BAR, plot->width * 0.3);
  cairo_pattern_t *gradient;

  isobar_chart_set_source (cr, fg, 0.75);
  isobar_chart_text_draw (GTK_WIDGET (self), cr, caption, x, y + 5, &legend_style);
  x += isobar_chart_text_width (GTK_WIDGET (self), caption, LABEL_SCALE) + 10;

  isobar_chart_set_source (cr, fg, 0.75);
  isobar_chart_text_draw (GTK_WIDGET (self), cr, low, x, y + 5, &legend_style);
  x += isobar_chart_text_width (GTK_WIDGET (self), low, LABEL_SCALE) + 6;

  gradient = cairo_pattern_create_linear (x, 0, x + bar, 0);
  cairo_pattern_add_color_stop_rgb (gradient, 0, blue[0] / 255., blue[1] / 255., blue[2] / 255.);
  cairo_pattern_add_color_stop_rgb (gradient, 0.5, white[0] / 255., white[1] / 255., white[2] / 255.);
  cairo_pattern_add_color_stop_rgb (gradient, 1, red[0] / 255., red[1] / 255., red[2] / 255.);
  cairo_rectangle (cr, x, y, bar, 10);
  cairo_set_source (cr, gradient);
  cairo_fill_preserve (cr);
  cairo_pattern_destroy (gradient);
  isobar_chart_set_source (cr, fg, 0.3);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);

  /* The zero mark */
  cairo_move_to (cr, round (x + bar / 2) + 0.5, y - 2);
  cairo_line_to (cr, round (x + bar / 2) + 0.5, y + 12);
  isobar_chart_set_source (cr, fg, 0.6);
  cairo_stroke (cr);
  x += bar + 6;

  isobar_chart_set_source (cr, fg, 0.75);
  isobar_chart_text_draw (GTK_WIDGET (self), cr, high, x, y + 5, &legend_style);
  x += isobar_chart_text_width (GTK_WIDGET (self), high, LABEL_SCALE) + 18;

  cairo_rectangle (cr, x, y, 10, 10);
  cairo_set_source_rgb (cr, missing[0] / 255., missing[1] / 255., missing[2] / 255.);
  cairo_fill (cr);
  isobar_chart_set_source (cr, fg, 0.75);
  isobar_chart_text_draw (GTK_WIDGET (self), cr, no_data, x + 14, y + 5, &legend_style);
}

static void
draw_map (IsobarHeatMap *self,
          cairo_t       *cr,
          const Plot    *plot)
{
  guint rows = n_years (self);

  /* Days outside the history (and Feb 29 of common years) are transparent:
   * a light neutral grey, so that the gap reads the same in light and dark
   * style and stays apart from the darker grey of missing data. */
  cairo_set_source_rgb (cr, 0.82, 0.82, 0.82);
  cairo_rectangle (cr, plot->left, plot->top, plot->width, plot->height);
  cairo_fill (cr);

  cairo_save (cr);
  cairo_rectangle (cr, plot->left, plot->top, plot->width, plot->height);
  cairo_clip (cr);
  cairo_translate (cr, plot->left, plot->top);
  cairo_scale (cr, plot->width / ISOBAR_HEATMAP_WIDTH, plot->height / rows);
  cairo_set_source_surface (cr, self->surface, 0, 0);
  /* Each day a crisp cell, not a blur. */
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_paint (cr);
  cairo_restore (cr);
}

static void
isobar_heat_map_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  g_auto (IsobarDrawMark) mark = ISOBAR_DRAW_MARK (N_("heat map drawn"), widget);
  IsobarHeatMap *self = ISOBAR_HEAT_MAP (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  GdkRGBA foreground;
  Plot plot;
  cairo_t *cr;

  if (width < 1 || height < 1)
    return;

  foreground = isobar_chart_get_foreground (ISOBAR_CHART (self));
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (!compute_plot (self, &plot))
    {
      isobar_chart_set_source (cr, &foreground, 0.55);
      isobar_chart_text_draw (GTK_WIDGET (self), cr, _("No heat map"), width / 2, height / 2, &empty_style);
    }
  else
    {
      draw_map (self, cr, &plot);
      draw_months (self, cr, &plot, &foreground);
      draw_years (self, cr, &plot, &foreground);
      draw_legend (self, cr, &plot, &foreground);
    }

  cairo_destroy (cr);
}

/* The height: a row per year, within bounds. */
static void
isobar_heat_map_adjust_size (IsobarChart    *chart,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural)
{
  double rows = n_years (ISOBAR_HEAT_MAP (chart));
  double fixed = TOP_SPACE + TICK + LEGEND_SPACE;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    return;

  *minimum = (int) (fixed + CLAMP (rows * 2, ROWS_MIN / 2, ROWS_MAX / 2));
  *natural = (int) (fixed + CLAMP (rows * ROW_NATURAL, ROWS_MIN, ROWS_MAX));
}

static void
isobar_heat_map_finalize (GObject *object)
{
  IsobarHeatMap *self = ISOBAR_HEAT_MAP (object);

  g_clear_pointer (&self->surface, cairo_surface_destroy);
  g_clear_object (&self->report);
  g_clear_pointer (&self->summary, g_free);

  G_OBJECT_CLASS (isobar_heat_map_parent_class)->finalize (object);
}

static void
isobar_heat_map_class_init (IsobarHeatMapClass *klass)
{
  IsobarChartClass *chart_class = ISOBAR_CHART_CLASS (klass);
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = isobar_heat_map_finalize;

  widget_class->snapshot = isobar_heat_map_snapshot;

  chart_class->describe_at = heat_map_describe_at;
  chart_class->adjust_size = isobar_heat_map_adjust_size;
  /* The height is adjust_size()'s. */
  isobar_chart_class_set_size (chart_class, 280, 720, 0, 0);

  gtk_widget_class_set_css_name (widget_class, "isobar-heat-map");
}

static void
isobar_heat_map_init (IsobarHeatMap *self)
{

  update_accessible (self);
}

GtkWidget *
isobar_heat_map_new (void)
{
  return g_object_new (ISOBAR_TYPE_HEAT_MAP, NULL);
}
