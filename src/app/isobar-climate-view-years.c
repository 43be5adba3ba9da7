/* isobar-climate-view-years.c: the climate page's yearly list: its
 * columns, header and caption, and a row for each year.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "isobar-climate-view-private.h"
#include "isobar-format.h"

/* The columns of the yearly list; the header and every row share them. */
typedef enum
{
  COLUMN_YEAR,
  COLUMN_MEAN,
  COLUMN_MIN,
  COLUMN_MAX,
  COLUMN_ANOMALY,
  COLUMN_HOTTEST,
  COLUMN_COLDEST,
  COLUMN_NOTE,
  N_COLUMNS
} Column;

static const struct
{
  const char *title;
  const char *tooltip;
  int         digits;     /* width, in digits */
  float       xalign;
  gboolean    expand;
} columns[N_COLUMNS] = {
  /* Translators: the yearly list's column titles and their tooltips */
  { N_("Year"), NULL, 4, 0.0, FALSE },
  { N_("Mean"), N_("The mean of the daily mean temperatures"), 6, 1.0, FALSE },
  { N_("Min"), N_("The coldest daily mean"), 5, 1.0, FALSE },
  { N_("Max"), N_("The warmest daily mean"), 5, 1.0, FALSE },
  { N_("Anomaly"), N_("The year’s mean against the mean of all complete years"), 8, 1.0, FALSE },
  { N_("Hottest"), N_("The highest maximum temperature and its day"), 10, 0.0, TRUE },
  { N_("Coldest"), N_("The lowest minimum temperature and its day"), 10, 0.0, TRUE },
  { "", NULL, 9, 0.5, FALSE },
};

/* The yearly list */

static void
set_column_width (IsobarClimateView *self,
                  GtkLabel          *label,
                  Column             column)
{
  gtk_label_set_xalign (label, columns[column].xalign);
  gtk_label_set_ellipsize (label, PANGO_ELLIPSIZE_END);
  /* Natural width no wider than the column: every row lines up with the
   * header, whatever the text. */
  gtk_label_set_max_width_chars (label, 1);
  gtk_widget_set_size_request (GTK_WIDGET (label),
                               column == COLUMN_NOTE ? self->note_width : columns[column].digits * self->digit_width,
                               -1);
  gtk_widget_set_hexpand (GTK_WIDGET (label), columns[column].expand);
}

static GtkWidget *
make_row_box (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);

  gtk_widget_add_css_class (box, "climate-year-row");
  return box;
}

static void
build_years_header (IsobarClimateView *self)
{
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      GtkWidget *label = gtk_label_new (columns[c].title[0] != '\0' ? _(columns[c].title) : "");

      set_column_width (self, GTK_LABEL (label), c);
      gtk_widget_add_css_class (label, "caption-heading");
      if (columns[c].tooltip != NULL)
        gtk_widget_set_tooltip_text (label, _(columns[c].tooltip));
      gtk_box_append (self->years_header, label);
    }
  gtk_box_set_spacing (self->years_header, 8);
}

void
_isobar_climate_view_show_years_caption (IsobarClimateView *self)
{
  g_autofree char *caption = NULL;

  /* Translators: the caption of the yearly list; %s is a unit, "°C" */
  caption = g_strdup_printf (_("Newest first, in %s. Years with more than %u days missing are left out of "
                               "the trend and the anomalies’ baseline."),
                             _isobar_climate_view_unit_symbol (self), ISOBAR_CLIMATE_MAX_MISSING_DAYS);
  gtk_label_set_label (self->years_caption, caption);
}

static void
on_setup_year (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               IsobarClimateView        *self)
{
  GtkWidget *box = make_row_box ();

  for (guint c = 0; c < N_COLUMNS; c++)
    {
      GtkWidget *label = gtk_label_new (NULL);

      set_column_width (self, GTK_LABEL (label), c);
      gtk_widget_add_css_class (label, "numeric");
      gtk_box_append (GTK_BOX (box), label);
    }

  gtk_list_item_set_child (list_item, box);
  gtk_list_item_set_activatable (list_item, FALSE);
}

static char *
format_day_extreme (IsobarClimateView *self,
                    double             celsius,
                    guint32            julian)
{
  g_autofree char *value = NULL;
  g_autofree char *day = NULL;

  if (julian == 0)
    return g_strdup ("—");

  value = isobar_format_degrees (_isobar_climate_view_display (self, celsius));
  day = isobar_format_date_short (julian);

  /* Translators: a year's extreme day in the yearly list: "36° · 12 Jul" */
  return g_strdup_printf (_("%s · %s"), value, day);
}

static void
on_bind_year (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              IsobarClimateView        *self)
{
  IsobarYearItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *cell[N_COLUMNS];
  GtkWidget *child = gtk_widget_get_first_child (box);
  double anomaly = isobar_year_item_get_anomaly (item);
  guint missing = isobar_year_item_get_n_missing (item);
  g_autofree char *year = g_strdup_printf ("%d", isobar_year_item_get_year (item));
  g_autofree char *mean = NULL;
  g_autofree char *min = NULL;
  g_autofree char *max = NULL;
  g_autofree char *anomaly_text = NULL;
  g_autofree char *hottest = NULL;
  g_autofree char *coldest = NULL;
  g_autofree char *missing_text = NULL;

  for (guint c = 0; c < N_COLUMNS; c++, child = gtk_widget_get_next_sibling (child))
    cell[c] = child;

  mean = isobar_format_decimal (_isobar_climate_view_display (self, isobar_year_item_get_mean (item)), 1);
  min = isobar_format_decimal (_isobar_climate_view_display (self, isobar_year_item_get_min (item)), 1);
  max = isobar_format_decimal (_isobar_climate_view_display (self, isobar_year_item_get_max (item)), 1);
  anomaly_text = isobar_format_signed (_isobar_climate_view_display_difference (self, anomaly), 1);
  hottest = format_day_extreme (self, isobar_year_item_get_hottest (item),
                                isobar_year_item_get_hottest_julian (item));
  coldest = format_day_extreme (self, isobar_year_item_get_coldest (item),
                                isobar_year_item_get_coldest_julian (item));

  gtk_label_set_label (GTK_LABEL (cell[COLUMN_YEAR]), year);
  gtk_label_set_label (GTK_LABEL (cell[COLUMN_MEAN]), mean);
  gtk_label_set_label (GTK_LABEL (cell[COLUMN_MIN]), min);
  gtk_label_set_label (GTK_LABEL (cell[COLUMN_MAX]), max);
  gtk_label_set_label (GTK_LABEL (cell[COLUMN_ANOMALY]), anomaly_text);
  gtk_label_set_label (GTK_LABEL (cell[COLUMN_HOTTEST]), hottest);
  gtk_label_set_label (GTK_LABEL (cell[COLUMN_COLDEST]), coldest);
  gtk_widget_set_tooltip_text (cell[COLUMN_HOTTEST], hottest);
  gtk_widget_set_tooltip_text (cell[COLUMN_COLDEST], coldest);

  /* Colour only what rounds to a visible difference. */
  gtk_widget_remove_css_class (cell[COLUMN_ANOMALY], "anomaly-warm");
  gtk_widget_remove_css_class (cell[COLUMN_ANOMALY], "anomaly-cold");
  if (round (_isobar_climate_view_display_difference (self, anomaly) * 10) > 0)
    gtk_widget_add_css_class (cell[COLUMN_ANOMALY], "anomaly-warm");
  else if (round (_isobar_climate_view_display_difference (self, anomaly) * 10) < 0)
    gtk_widget_add_css_class (cell[COLUMN_ANOMALY], "anomaly-cold");

  /* The note keeps its width when empty: rows line up with the header. */
  if (isobar_year_item_get_incomplete (item))
    {
      /* Translators: the tooltip of an incomplete year */
      missing_text = g_strdup_printf (ngettext ("%u day missing", "%u days missing", missing), missing);
      gtk_label_set_label (GTK_LABEL (cell[COLUMN_NOTE]), _("Incomplete"));
      gtk_widget_add_css_class (cell[COLUMN_NOTE], "climate-incomplete");
    }
  else
    {
      gtk_label_set_label (GTK_LABEL (cell[COLUMN_NOTE]), "");
      gtk_widget_remove_css_class (cell[COLUMN_NOTE], "climate-incomplete");
    }
  gtk_widget_set_tooltip_text (cell[COLUMN_NOTE], missing_text);
}

static int
measure_text (IsobarClimateView *self,
              const char        *text)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

void
_isobar_climate_view_init_years (IsobarClimateView *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkNoSelection) selection = NULL;

  self->digit_width = MAX (6, (measure_text (self, "0000000000") + 9) / 10);
  /* The tag is smaller bold text with padding: its plain width and some. */
  self->note_width = MAX (columns[COLUMN_NOTE].digits * self->digit_width,
                          measure_text (self, _("Incomplete")) + 16);
  self->years = isobar_year_list_new (NULL);

  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_year), self);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind_year), self);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->years)));
  gtk_list_view_set_factory (self->year_list_view, factory);
  gtk_list_view_set_model (self->year_list_view, GTK_SELECTION_MODEL (selection));

  build_years_header (self);
}
