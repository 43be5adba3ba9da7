/* isobar-day-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "isobar-day-row.h"
#include "isobar-format.h"
#include "isobar-weather-code.h"

struct _IsobarDayRow
{
  GtkListBoxRow  parent_instance;

  /* Template widgets */
  GtkLabel      *day_label;
  GtkLabel      *date_label;
  GtkImage      *icon;
  GtkLabel      *description_label;
  GtkLabel      *precip_label;
  GtkLabel      *min_label;
  GtkWidget     *range_track;
  GtkWidget     *range_fill;
  GtkLabel      *max_label;
};

/* The width of the temperature range bar, in pixels */
#define RANGE_WIDTH 96

G_DEFINE_FINAL_TYPE (IsobarDayRow, isobar_day_row, GTK_TYPE_LIST_BOX_ROW)

static void
isobar_day_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), ISOBAR_TYPE_DAY_ROW);

  G_OBJECT_CLASS (isobar_day_row_parent_class)->dispose (object);
}

static void
isobar_day_row_class_init (IsobarDayRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isobar_day_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/isobar-day-row.ui");
  gtk_widget_class_bind_template_child (widget_class, IsobarDayRow, day_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarDayRow, date_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarDayRow, icon);
  gtk_widget_class_bind_template_child (widget_class, IsobarDayRow, description_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarDayRow, precip_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarDayRow, min_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarDayRow, range_track);
  gtk_widget_class_bind_template_child (widget_class, IsobarDayRow, range_fill);
  gtk_widget_class_bind_template_child (widget_class, IsobarDayRow, max_label);
}

static void
isobar_day_row_init (IsobarDayRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static char *
format_precipitation (IsobarBlock *daily,
                      guint        index)
{
  double sum = isobar_block_get_value (daily, "precipitation_sum", index);
  double probability = isobar_block_get_value (daily, "precipitation_probability_max", index);
  g_autofree char *amount = isobar_format_precipitation (sum, isobar_block_get_unit (daily, "precipitation_sum"));

  if (isnan (sum) && isnan (probability))
    return g_strdup ("");
  if (isnan (probability))
    return g_steal_pointer (&amount);

  /* Translators: daily precipitation: "60 % · 2.4 mm" */
  return g_strdup_printf (_("%.0f %% · %s"), probability, amount);
}

/* Places the day's range on a bar spanning the coldest to the warmest
 * temperature of the whole forecast, so days compare at a glance. */
static void
show_range (IsobarDayRow *self,
            IsobarBlock  *daily,
            guint         index)
{
  const double *mins = isobar_block_get_values (daily, "temperature_2m_min");
  const double *maxs = isobar_block_get_values (daily, "temperature_2m_max");
  double low = INFINITY, high = -INFINITY;
  double day_min, day_max, start, width;

  if (mins == NULL || maxs == NULL || isnan (mins[index]) || isnan (maxs[index]))
    {
      gtk_widget_set_visible (self->range_fill, FALSE);
      return;
    }

  for (guint i = 0; i < isobar_block_get_length (daily); i++)
    {
      if (!isnan (mins[i]))
        low = MIN (low, mins[i]);
      if (!isnan (maxs[i]))
        high = MAX (high, maxs[i]);
    }

  day_min = mins[index];
  day_max = MAX (maxs[index], day_min);
  if (high - low < 1)
    high = low + 1;

  start = (day_min - low) / (high - low) * RANGE_WIDTH;
  width = MAX ((day_max - day_min) / (high - low) * RANGE_WIDTH, 6);
  start = MIN (start, RANGE_WIDTH - width);

  gtk_widget_set_margin_start (self->range_fill, (int) round (start));
  gtk_widget_set_size_request (self->range_fill, (int) round (width), -1);
}

static gboolean
expects_precipitation (IsobarBlock *daily,
                       guint        index)
{
  double sum = isobar_block_get_value (daily, "precipitation_sum", index);
  double probability = isobar_block_get_value (daily, "precipitation_probability_max", index);

  return (!isnan (sum) && sum > 0) || (!isnan (probability) && probability >= 30);
}

GtkWidget *
isobar_day_row_new (IsobarBlock *daily,
                    guint        index,
                    int          utc_offset_seconds,
                    GDateTime   *now)
{
  IsobarDayRow *self;
  g_autoptr(GDateTime) day = NULL;
  g_autofree char *day_name = NULL;
  g_autofree char *date = NULL;
  g_autofree char *min = NULL;
  g_autofree char *max = NULL;
  g_autofree char *precip = NULL;
  g_autofree char *accessible = NULL;
  const char *temperature_unit;
  double code;
  const char *description;

  g_return_val_if_fail (daily != NULL, NULL);
  g_return_val_if_fail (index < isobar_block_get_length (daily), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  self = g_object_new (ISOBAR_TYPE_DAY_ROW, NULL);

  day = isobar_format_place_time (isobar_block_get_times (daily)[index], utc_offset_seconds);
  if (day != NULL)
    {
      day_name = isobar_format_day_name (day, now);
      /* Translators: a date in the daily list, as strftime: "24 Nov" */
      date = g_date_time_format (day, C_("daily date", "%e %b"));
      g_strstrip (date);
    }

  code = isobar_block_get_value (daily, "weather_code", index);
  description = isobar_weather_code_describe (isobar_format_weather_code (code));
  temperature_unit = isobar_block_get_unit (daily, "temperature_2m_max");
  min = isobar_format_degrees (isobar_block_get_value (daily, "temperature_2m_min", index));
  max = isobar_format_degrees (isobar_block_get_value (daily, "temperature_2m_max", index));
  precip = format_precipitation (daily, index);

  gtk_label_set_label (self->day_label, day_name != NULL ? day_name : "");
  gtk_label_set_label (self->date_label, date != NULL ? date : "");
  gtk_image_set_from_icon_name (self->icon,
                                isobar_weather_code_icon_name (isobar_format_weather_code (code), TRUE));
  gtk_label_set_label (self->description_label, description);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->description_label), description);
  gtk_label_set_label (self->precip_label, precip);
  /* Blue only when rain or snow is on the cards */
  if (expects_precipitation (daily, index))
    gtk_widget_add_css_class (GTK_WIDGET (self->precip_label), "precipitation");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->precip_label), "dim-label");
  show_range (self, daily, index);
  gtk_label_set_label (self->min_label, min);
  gtk_label_set_label (self->max_label, max);

  /* Translators: a day for screen readers:
   * "Today, 24 Nov: Partly cloudy, 12° to 19° °C, precipitation 60 % · 2.4 mm" */
  accessible = g_strdup_printf (_("%s, %s: %s, %s to %s %s, precipitation %s"),
                                day_name != NULL ? day_name : "", date != NULL ? date : "",
                                description, min, max,
                                temperature_unit != NULL ? temperature_unit : "", precip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  return GTK_WIDGET (self);
}

const char *
isobar_day_row_get_day_name (IsobarDayRow *self)
{
  g_return_val_if_fail (ISOBAR_IS_DAY_ROW (self), NULL);

  return gtk_label_get_label (self->day_label);
}
