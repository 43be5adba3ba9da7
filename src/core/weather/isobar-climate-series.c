/* isobar-climate-series.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "isobar-climate-series.h"
#include "isobar-digest.h"
#include "isobar-error.h"

#define SERIES_MAGIC   0x31534349u /* "ICS1" read as little-endian u32 */
#define SERIES_VERSION 1u
#define SERIES_HEADER  16u
#define SECONDS_PER_DAY G_GINT64_CONSTANT (86400)
/* Beyond this many seconds from 1970 a time cannot be a date of years 1..9999. */
#define MAX_ABS_EPOCH  G_GINT64_CONSTANT (400000000000)

struct _IsobarClimateSeries
{
  gatomicrefcount   ref_count;
  guint32           first_julian;
  guint             n_days;
  int               first_year;
  int               last_year;
  double           *values;      /* (owned) 3 × n_days: tmax, tmin, tmean */
  IsobarClimateDay *days;        /* (owned) n_days */
  /* Made once, on first use, by whichever thread asks first: a series
   * never changes. */
  GBytes           *serialized;  /* (owned) (nullable) serialize () */
  GBytes           *sha256;      /* (owned) (nullable) of serialized */
};

G_DEFINE_BOXED_TYPE (IsobarClimateSeries, isobar_climate_series,
                     isobar_climate_series_ref, isobar_climate_series_unref)

/* Day of the leap year before the first of each month. */
static const guint16 cday_before_month[12] = {
  0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335,
};

static guint32
julian_of (GDateDay   day,
           GDateMonth month,
           GDateYear  year)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  return g_date_get_julian (&date);
}

static guint32
max_julian (void)
{
  return julian_of (31, G_DATE_DECEMBER, 9999);
}

static gboolean
dates_are_valid (guint32  first_julian,
                 guint64  n_days,
                 GError **error)
{
  if (n_days == 0 || n_days > ISOBAR_CLIMATE_SERIES_MAX_DAYS)
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
                   _("A climate series must hold between 1 and %u days, not %llu"),
                   ISOBAR_CLIMATE_SERIES_MAX_DAYS, (unsigned long long) n_days);
      return FALSE;
    }
  if (first_julian < 1 || (guint64) first_julian + n_days - 1 > max_julian ())
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
                   _("A climate series must lie within the years 1 to 9999"));
      return FALSE;
    }
  return TRUE;
}

gboolean
isobar_climate_value_is_valid (double value)
{
  return isnan (value) || fabs (value) <= ISOBAR_CLIMATE_VALUE_LIMIT;
}

static void
fill_calendar (IsobarClimateSeries *self)
{
  GDate date;
  guint year, month, mday;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, self->first_julian);
  year = g_date_get_year (&date);
  month = g_date_get_month (&date);
  mday = g_date_get_day (&date);

  self->days = g_new (IsobarClimateDay, self->n_days);
  self->first_year = year;
  for (guint i = 0; i < self->n_days; i++)
    {
      IsobarClimateDay *day = &self->days[i];

      day->year = year;
      day->month = month;
      day->mday = mday;
      day->cday = cday_before_month[month - 1] + mday;
      self->last_year = year;

      if (++mday > g_date_get_days_in_month (month, year))
        {
          mday = 1;
          if (++month > 12)
            {
              month = 1;
              year++;
            }
        }
    }
}

/* Takes @values (3 × n_days: tmax, tmin, tmean), validates, canonicalises
 * NaNs, fills a missing tmean from tmax and tmin. */
static IsobarClimateSeries *
series_new_take (guint32   first_julian,
                 guint64   n_days,
                 double   *values,
                 GError  **error)
{
  g_autofree double *owned = values;
  IsobarClimateSeries *self;
  double *tmax = values;
  double *tmin = values + n_days;
  double *tmean = values + 2 * n_days;

  if (!dates_are_valid (first_julian, n_days, error))
    return NULL;

  for (gsize i = 0; i < 3 * n_days; i++)
    {
      if (!isobar_climate_value_is_valid (values[i]))
        {
          g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
                       _("The climate series holds an impossible temperature (%g °C)"),
                       values[i]);
          return NULL;
        }
      if (isnan (values[i]))
        values[i] = NAN;
    }
  for (gsize i = 0; i < n_days; i++)
    {
      if (isnan (tmean[i]) && !isnan (tmax[i]) && !isnan (tmin[i]))
        tmean[i] = (tmax[i] + tmin[i]) / 2.0;
    }

  self = g_new0 (IsobarClimateSeries, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->first_julian = first_julian;
  self->n_days = (guint) n_days;
  self->values = g_steal_pointer (&owned);
  fill_calendar (self);
  return self;
}

static void
copy_or_nan (double       *dest,
             const double *src,
             gsize         n)
{
  if (src != NULL)
    {
      memcpy (dest, src, n * sizeof (double));
      return;
    }
  for (gsize i = 0; i < n; i++)
    dest[i] = NAN;
}

IsobarClimateSeries *
isobar_climate_series_new (guint32        first_julian,
                           guint          n_days,
                           const double  *tmax,
                           const double  *tmin,
                           const double  *tmean,
                           GError       **error)
{
  double *values;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!dates_are_valid (first_julian, n_days, error))
    return NULL;

  values = g_new (double, 3 * (gsize) n_days);
  copy_or_nan (values, tmax, n_days);
  copy_or_nan (values + n_days, tmin, n_days);
  copy_or_nan (values + 2 * (gsize) n_days, tmean, n_days);
  return series_new_take (first_julian, n_days, values, error);
}

/* Floor division, also for the negative epoch times of years before 1970. */
static gint64
floor_div (gint64 a,
           gint64 b)
{
  gint64 q = a / b;

  if ((a % b != 0) && ((a < 0) != (b < 0)))
    q--;
  return q;
}

/* The column @name in °C, or NULL when the block has none. */
static const double *
block_column_celsius (IsobarBlock  *daily,
                      const char   *name,
                      double      **converted,
                      GError      **error)
{
  const double *values = isobar_block_get_values (daily, name);
  const char *unit = isobar_block_get_unit (daily, name);
  guint n = isobar_block_get_length (daily);

  *converted = NULL;
  if (values == NULL)
    return NULL;
  if (unit == NULL || g_str_equal (unit, "°C") || g_str_equal (unit, "undefined") || unit[0] == '\0')
    return values;
  if (g_str_equal (unit, "°F"))
    {
      *converted = g_new (double, n);
      for (guint i = 0; i < n; i++)
        (*converted)[i] = (values[i] - 32.0) * 5.0 / 9.0;
      return *converted;
    }

  g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
               _("The archive gave %s in an unknown unit “%s”"), name, unit);
  return NULL;
}

IsobarClimateSeries *
isobar_climate_series_new_from_block (IsobarBlock  *daily,
                                      int           utc_offset_seconds,
                                      GError      **error)
{
  g_autofree double *tmax_conv = NULL;
  g_autofree double *tmin_conv = NULL;
  g_autofree double *tmean_conv = NULL;
  g_autofree gint64 *day_numbers = NULL;
  const double *tmax = NULL, *tmin = NULL, *tmean = NULL;
  const gint64 *times;
  gint64 epoch_julian;
  guint n;
  guint64 span;
  double *values;
  GError *local_error = NULL;

  g_return_val_if_fail (daily != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  tmax = block_column_celsius (daily, "temperature_2m_max", &tmax_conv, &local_error);
  if (local_error == NULL)
    tmin = block_column_celsius (daily, "temperature_2m_min", &tmin_conv, &local_error);
  if (local_error == NULL)
    tmean = block_column_celsius (daily, "temperature_2m_mean", &tmean_conv, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (tmean == NULL && (tmax == NULL || tmin == NULL))
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
                   _("The archive has no daily temperatures (temperature_2m_max and _min, or _mean)"));
      return NULL;
    }

  n = isobar_block_get_length (daily);
  times = isobar_block_get_times (daily);
  if (n == 0)
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
                   _("The archive holds no days"));
      return NULL;
    }

  epoch_julian = julian_of (1, G_DATE_JANUARY, 1970);
  day_numbers = g_new (gint64, n);
  for (guint i = 0; i < n; i++)
    {
      if (times[i] > MAX_ABS_EPOCH || times[i] < -MAX_ABS_EPOCH)
        {
          g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
                       _("The archive holds an impossible date"));
          return NULL;
        }
      day_numbers[i] = epoch_julian
        + floor_div (times[i] + utc_offset_seconds + SECONDS_PER_DAY / 2, SECONDS_PER_DAY);
      if (day_numbers[i] < 1 || day_numbers[i] > max_julian ())
        {
          g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
                       _("The archive holds a date outside the years 1 to 9999"));
          return NULL;
        }
      if (i > 0 && day_numbers[i] <= day_numbers[i - 1])
        {
          g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
                       _("The archive’s days are not in increasing order"));
          return NULL;
        }
    }

  span = (guint64) (day_numbers[n - 1] - day_numbers[0]) + 1;
  if (!dates_are_valid ((guint32) day_numbers[0], span, error))
    return NULL;

  values = g_new (double, 3 * span);
  for (gsize i = 0; i < 3 * span; i++)
    values[i] = NAN;
  for (guint i = 0; i < n; i++)
    {
      gsize d = (gsize) (day_numbers[i] - day_numbers[0]);

      values[d] = tmax != NULL ? tmax[i] : NAN;
      values[span + d] = tmin != NULL ? tmin[i] : NAN;
      values[2 * span + d] = tmean != NULL ? tmean[i] : NAN;
    }

  return series_new_take ((guint32) day_numbers[0], span, values, error);
}

IsobarClimateSeries *
isobar_climate_series_ref (IsobarClimateSeries *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
isobar_climate_series_unref (IsobarClimateSeries *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_clear_pointer (&self->serialized, g_bytes_unref);
      g_clear_pointer (&self->sha256, g_bytes_unref);
      g_free (self->values);
      g_free (self->days);
      g_free (self);
    }
}

guint32
isobar_climate_series_get_first_julian (IsobarClimateSeries *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->first_julian;
}

guint
isobar_climate_series_get_n_days (IsobarClimateSeries *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_days;
}

const double *
isobar_climate_series_get_tmax (IsobarClimateSeries *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->values;
}

const double *
isobar_climate_series_get_tmin (IsobarClimateSeries *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->values + self->n_days;
}

const double *
isobar_climate_series_get_tmean (IsobarClimateSeries *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->values + 2 * (gsize) self->n_days;
}

const IsobarClimateDay *
isobar_climate_series_get_days (IsobarClimateSeries *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->days;
}

int
isobar_climate_series_get_first_year (IsobarClimateSeries *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->first_year;
}

int
isobar_climate_series_get_last_year (IsobarClimateSeries *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->last_year;
}

guint
isobar_climate_series_get_n_years (IsobarClimateSeries *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return (guint) (self->last_year - self->first_year + 1);
}

GBytes *
isobar_climate_series_serialize (IsobarClimateSeries *self)
{
  GByteArray *out;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_byte_array_sized_new (SERIES_HEADER + 3 * sizeof (double) * self->n_days);
  isobar_climate_put_u32 (out, SERIES_MAGIC);
  isobar_climate_put_u32 (out, SERIES_VERSION);
  isobar_climate_put_u32 (out, self->first_julian);
  isobar_climate_put_u32 (out, self->n_days);
  isobar_climate_put_f64_array (out, self->values, 3 * (gsize) self->n_days);
  return g_byte_array_free_to_bytes (out);
}

GBytes *
isobar_climate_series_get_serialized (IsobarClimateSeries *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (g_once_init_enter (&self->serialized))
    g_once_init_leave (&self->serialized, isobar_climate_series_serialize (self));
  return self->serialized;
}

GBytes *
isobar_climate_series_get_serialized_sha256 (IsobarClimateSeries *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (g_once_init_enter (&self->sha256))
    g_once_init_leave (&self->sha256, isobar_digest_sha256 (isobar_climate_series_get_serialized (self)));
  return self->sha256;
}

IsobarClimateSeries *
isobar_climate_series_deserialize (GBytes  *bytes,
                                   GError **error)
{
  IsobarClimateReader reader;
  g_autofree double *values = NULL;
  guint32 magic, version, first_julian, n_days;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  isobar_climate_reader_init (&reader, bytes);
  magic = isobar_climate_read_u32 (&reader);
  version = isobar_climate_read_u32 (&reader);
  first_julian = isobar_climate_read_u32 (&reader);
  n_days = isobar_climate_read_u32 (&reader);
  if (reader.failed || magic != SERIES_MAGIC || version != SERIES_VERSION)
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
                   _("Not a climate series of a known version"));
      return NULL;
    }
  if (!dates_are_valid (first_julian, n_days, error))
    return NULL;
  if (!isobar_climate_reader_has_room (&reader, 3 * (guint64) n_days, sizeof (double)))
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
                   _("The climate series is truncated"));
      return NULL;
    }

  values = g_new (double, 3 * (gsize) n_days);
  isobar_climate_read_f64_array (&reader, values, 3 * (gsize) n_days);
  if (!isobar_climate_reader_finish (&reader, _("climate series"), error))
    return NULL;

  return series_new_take (first_julian, n_days, g_steal_pointer (&values), error);
}
