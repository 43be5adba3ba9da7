/* isobar-climate-report.c: IsobarClimateReport, the report of one place: the
 * object, its getters and its JSON. The job plan is in
 * isobar-climate-report-plan.c, the merge that builds a report from the
 * kernels' outputs in isobar-climate-report-merge.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "isobar-climate-report-private.h"

G_DEFINE_FINAL_TYPE (IsobarClimateReport, isobar_climate_report, G_TYPE_OBJECT)

static void
isobar_climate_report_finalize (GObject *object)
{
  IsobarClimateReport *self = ISOBAR_CLIMATE_REPORT (object);

  g_clear_pointer (&self->yearly, g_array_unref);
  g_clear_pointer (&self->slopes, g_array_unref);
  g_clear_pointer (&self->heatmap, g_bytes_unref);
  g_clear_pointer (&self->digest, g_free);
  g_clear_pointer (&self->heatmap_digest, g_free);

  G_OBJECT_CLASS (isobar_climate_report_parent_class)->finalize (object);
}

static void
isobar_climate_report_class_init (IsobarClimateReportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = isobar_climate_report_finalize;
}

static void
isobar_climate_report_init (IsobarClimateReport *self)
{
  self->interval_low = NAN;
  self->interval_high = NAN;
}

/* Getters. */

int
isobar_climate_report_get_first_year (IsobarClimateReport *self)
{
  g_return_val_if_fail (ISOBAR_IS_CLIMATE_REPORT (self), 0);
  return self->first_year;
}

guint
isobar_climate_report_get_n_years (IsobarClimateReport *self)
{
  g_return_val_if_fail (ISOBAR_IS_CLIMATE_REPORT (self), 0);
  return self->n_years;
}

const IsobarNormal *
isobar_climate_report_get_normals (IsobarClimateReport *self)
{
  g_return_val_if_fail (ISOBAR_IS_CLIMATE_REPORT (self), NULL);
  return self->normals;
}

const IsobarRecords *
isobar_climate_report_get_records (IsobarClimateReport *self)
{
  g_return_val_if_fail (ISOBAR_IS_CLIMATE_REPORT (self), NULL);
  return &self->records;
}

const IsobarYearRow *
isobar_climate_report_get_yearly (IsobarClimateReport *self,
                                  guint               *n_rows)
{
  g_return_val_if_fail (ISOBAR_IS_CLIMATE_REPORT (self), NULL);

  if (n_rows != NULL)
    *n_rows = self->yearly->len;
  return (const IsobarYearRow *) (gconstpointer) self->yearly->data;
}

const IsobarTrend *
isobar_climate_report_get_trend (IsobarClimateReport *self)
{
  g_return_val_if_fail (ISOBAR_IS_CLIMATE_REPORT (self), NULL);
  return &self->trend;
}

gboolean
isobar_climate_report_get_interval (IsobarClimateReport *self,
                                    double              *low,
                                    double              *high)
{
  g_return_val_if_fail (ISOBAR_IS_CLIMATE_REPORT (self), FALSE);

  if (low != NULL)
    *low = self->interval_low;
  if (high != NULL)
    *high = self->interval_high;
  return self->slopes->len > 0;
}

guint
isobar_climate_report_get_resamples (IsobarClimateReport *self)
{
  g_return_val_if_fail (ISOBAR_IS_CLIMATE_REPORT (self), 0);
  return self->slopes->len;
}

guint
isobar_climate_report_get_block_years (IsobarClimateReport *self)
{
  g_return_val_if_fail (ISOBAR_IS_CLIMATE_REPORT (self), 0);
  return self->block_years;
}

const double *
isobar_climate_report_get_bootstrap_slopes (IsobarClimateReport *self,
                                            guint               *n_slopes)
{
  g_return_val_if_fail (ISOBAR_IS_CLIMATE_REPORT (self), NULL);

  if (n_slopes != NULL)
    *n_slopes = self->slopes->len;
  return (const double *) (gconstpointer) self->slopes->data;
}

GBytes *
isobar_climate_report_get_heatmap (IsobarClimateReport *self)
{
  g_return_val_if_fail (ISOBAR_IS_CLIMATE_REPORT (self), NULL);
  return self->heatmap;
}

char *
isobar_climate_report_digest (IsobarClimateReport *self)
{
  g_return_val_if_fail (ISOBAR_IS_CLIMATE_REPORT (self), NULL);
  return g_strdup (self->digest);
}

char *
isobar_climate_report_heatmap_digest (IsobarClimateReport *self)
{
  g_return_val_if_fail (ISOBAR_IS_CLIMATE_REPORT (self), NULL);
  return g_strdup (self->heatmap_digest);
}

/* JSON. */

static void
add_number (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (builder, name);
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_date (JsonBuilder *builder,
          const char  *name,
          guint32      julian)
{
  GDate date;
  char text[16];

  json_builder_set_member_name (builder, name);
  if (julian == 0 || !g_date_valid_julian (julian))
    {
      json_builder_add_null_value (builder);
      return;
    }
  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  g_snprintf (text, sizeof text, "%04u-%02u-%02u",
              g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date));
  json_builder_add_string_value (builder, text);
}

static void
add_extreme (JsonBuilder         *builder,
             const char          *name,
             const IsobarExtreme *extreme)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  add_number (builder, "value", extreme->value);
  add_date (builder, "date", extreme->julian);
  json_builder_end_object (builder);
}

static void
add_records (JsonBuilder         *builder,
             const IsobarRecords *records)
{
  json_builder_set_member_name (builder, "records");
  json_builder_begin_object (builder);
  add_extreme (builder, "high", &records->overall.high);
  add_extreme (builder, "low", &records->overall.low);
  json_builder_set_member_name (builder, "months");
  json_builder_begin_array (builder);
  for (guint m = 0; m < 12; m++)
    {
      json_builder_begin_object (builder);
      add_int (builder, "month", m + 1);
      add_extreme (builder, "high", &records->months[m].high);
      add_extreme (builder, "low", &records->months[m].low);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
add_yearly (JsonBuilder *builder,
            GArray      *rows)
{
  json_builder_set_member_name (builder, "yearly");
  json_builder_begin_array (builder);
  for (guint k = 0; k < rows->len; k++)
    {
      const IsobarYearRow *row = &g_array_index (rows, IsobarYearRow, k);

      json_builder_begin_object (builder);
      add_int (builder, "year", row->year);
      json_builder_set_member_name (builder, "complete");
      json_builder_add_boolean_value (builder, (row->flags & ISOBAR_YEAR_INCOMPLETE) == 0);
      add_int (builder, "days", row->n_days);
      add_int (builder, "missing", row->n_missing);
      add_number (builder, "mean", row->mean);
      add_number (builder, "min", row->min);
      add_number (builder, "max", row->max);
      add_number (builder, "anomaly", row->anomaly);
      add_extreme (builder, "hottest", &row->hottest);
      add_extreme (builder, "coldest", &row->coldest);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

JsonNode *
isobar_climate_report_to_json (IsobarClimateReport *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (ISOBAR_IS_CLIMATE_REPORT (self), NULL);

  json_builder_begin_object (builder);
  add_int (builder, "first_year", self->first_year);
  add_int (builder, "last_year", self->first_year + (int) self->n_years - 1);

  json_builder_set_member_name (builder, "trend");
  json_builder_begin_object (builder);
  add_number (builder, "slope_per_decade", self->trend.slope_per_decade);
  add_number (builder, "intercept", self->trend.intercept);
  add_number (builder, "r_squared", self->trend.r_squared);
  add_int (builder, "years", self->trend.n_years);
  json_builder_set_member_name (builder, "interval");
  json_builder_begin_object (builder);
  add_number (builder, "level", 0.95);
  add_number (builder, "low", self->interval_low);
  add_number (builder, "high", self->interval_high);
  add_int (builder, "resamples", self->slopes->len);
  add_int (builder, "block_years", self->block_years);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  add_records (builder, &self->records);
  add_yearly (builder, self->yearly);

  json_builder_set_member_name (builder, "heatmap");
  json_builder_begin_object (builder);
  add_int (builder, "width", ISOBAR_HEATMAP_WIDTH);
  add_int (builder, "height", self->n_years);
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, self->heatmap_digest);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "digest");
  json_builder_add_string_value (builder, self->digest);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
