/* isobar-climate-series.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "isobar-block.h"

G_BEGIN_DECLS

#define ISOBAR_TYPE_CLIMATE_SERIES (isobar_climate_series_get_type ())

/* The longest series accepted (about 410 years of days): bounds every
 * allocation made from a length read off a pipe. */
#define ISOBAR_CLIMATE_SERIES_MAX_DAYS 150000u
/* Temperatures (°C) beyond ±this are refused as invalid data. */
#define ISOBAR_CLIMATE_VALUE_LIMIT 1000.0
/* Number of calendar-day slots: see IsobarClimateDay.cday. */
#define ISOBAR_CLIMATE_N_CDAYS 366u

/* The calendar position of one day of a series.
 *
 * @cday is the day's position in a leap year, 1..366: Jan 1 is 1, Feb 29 is
 * 60 and Mar 1 is 61 in every year, Dec 31 is 366. Non-leap years simply
 * have no day 60, so a calendar date always falls in the same slot (normals,
 * heat-map columns) whatever the year. */
typedef struct
{
  guint16 year;   /* 1..9999 */
  guint8  month;  /* 1..12 */
  guint8  mday;   /* 1..31 */
  guint16 cday;   /* 1..366 */
} IsobarClimateDay;

/* The daily temperature history of one place: a run of consecutive days
 * starting at @first_julian (a GDate julian day number: 1 is 0001-01-01),
 * each with tmax, tmin and tmean in °C; NAN marks a missing value (and every
 * NaN is stored as the one canonical NAN, so bit patterns are reproducible).
 * A refcounted, immutable boxed type; safe to share between threads. */
typedef struct _IsobarClimateSeries IsobarClimateSeries;

GType                   isobar_climate_series_get_type        (void) G_GNUC_CONST;

/* @tmax and @tmin may be NULL (all missing); @tmean NULL means (tmax+tmin)/2
 * per day, and so does a NaN tmean where both tmax and tmin are present.
 * Arrays are copied. Fails with ISOBAR_ERROR_INVALID_DATA when @n_days is 0
 * or over ISOBAR_CLIMATE_SERIES_MAX_DAYS, the dates leave years 1..9999, or a
 * value is infinite or beyond ±ISOBAR_CLIMATE_VALUE_LIMIT. */
IsobarClimateSeries    *isobar_climate_series_new             (guint32               first_julian,
                                                               guint                 n_days,
                                                               const double         *tmax,
                                                               const double         *tmin,
                                                               const double         *tmean,
                                                               GError              **error);
/* From a parsed daily block (IsobarArchive's daily block): its times are the
 * UTC instants of local midnights, so @utc_offset_seconds (the response's)
 * gives back the local date, rounded to the nearest midnight so that a
 * daylight-saving hour cannot move a day. Uses temperature_2m_max,
 * temperature_2m_min and temperature_2m_mean (°C or °F, converted); either
 * max and min or mean must be present. Dates must increase; days absent from
 * the block are missing (NAN) in the series. */
IsobarClimateSeries    *isobar_climate_series_new_from_block  (IsobarBlock          *daily,
                                                               int                   utc_offset_seconds,
                                                               GError              **error);

IsobarClimateSeries    *isobar_climate_series_ref             (IsobarClimateSeries  *self);
void                    isobar_climate_series_unref           (IsobarClimateSeries  *self);

guint32                 isobar_climate_series_get_first_julian (IsobarClimateSeries *self);
guint                   isobar_climate_series_get_n_days      (IsobarClimateSeries  *self);
const double           *isobar_climate_series_get_tmax        (IsobarClimateSeries  *self);
const double           *isobar_climate_series_get_tmin        (IsobarClimateSeries  *self);
const double           *isobar_climate_series_get_tmean       (IsobarClimateSeries  *self);
/* get_n_days() entries, one per day. */
const IsobarClimateDay *isobar_climate_series_get_days        (IsobarClimateSeries  *self);
/* Calendar years touched by the series (the first and last may be partial). */
int                     isobar_climate_series_get_first_year  (IsobarClimateSeries  *self);
int                     isobar_climate_series_get_last_year   (IsobarClimateSeries  *self);
guint                   isobar_climate_series_get_n_years     (IsobarClimateSeries  *self);

/* Compact binary form, for pipes to helper processes. Little-endian:
 *   u32 magic "ICS1" (0x31534349), u32 version (1), u32 first_julian,
 *   u32 n_days, then n_days f64 tmax, n_days f64 tmin, n_days f64 tmean.
 * deserialize() checks everything (exact size, counts, dates, values) and
 * fails with ISOBAR_ERROR_INVALID_DATA. */
GBytes                 *isobar_climate_series_serialize       (IsobarClimateSeries  *self);
/* The same, made once and kept by the series (transfer none), and its
 * SHA-256 (32 bytes): thread-safe, so that a worker thread can make them
 * before the UI thread submits the series' jobs. */
GBytes                 *isobar_climate_series_get_serialized  (IsobarClimateSeries  *self);
GBytes                 *isobar_climate_series_get_serialized_sha256 (IsobarClimateSeries *self);
IsobarClimateSeries    *isobar_climate_series_deserialize     (GBytes               *bytes,
                                                               GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsobarClimateSeries, isobar_climate_series_unref)

/* Little-endian codec shared by the climate wire formats (series, kernel
 * jobs, kernel outputs, the report digest). Writers append to a GByteArray.
 * The reader is sticky: a read past the end marks it failed and yields 0, so
 * a decoder reads everything, then calls finish() once. Counts read off the
 * wire must be checked with has_room() before allocating from them. */
typedef struct
{
  const guint8 *data;
  gsize         length;
  gsize         offset;
  gboolean      failed;
} IsobarClimateReader;

void     isobar_climate_put_u32         (GByteArray          *out,
                                         guint32              value);
void     isobar_climate_put_i32         (GByteArray          *out,
                                         gint32               value);
void     isobar_climate_put_u64         (GByteArray          *out,
                                         guint64              value);
void     isobar_climate_put_f64         (GByteArray          *out,
                                         double               value);
void     isobar_climate_put_f64_array   (GByteArray          *out,
                                         const double        *values,
                                         gsize                n_values);

void     isobar_climate_reader_init     (IsobarClimateReader *reader,
                                         GBytes              *bytes);
guint32  isobar_climate_read_u32        (IsobarClimateReader *reader);
gint32   isobar_climate_read_i32        (IsobarClimateReader *reader);
guint64  isobar_climate_read_u64        (IsobarClimateReader *reader);
double   isobar_climate_read_f64        (IsobarClimateReader *reader);
/* Reads @n_values doubles into @values (or zeros when it fails). */
void     isobar_climate_read_f64_array  (IsobarClimateReader *reader,
                                         double              *values,
                                         gsize                n_values);
/* A pointer to the next @n_bytes, or NULL (and failed) past the end. */
const guint8 *isobar_climate_read_raw   (IsobarClimateReader *reader,
                                         gsize                n_bytes);
/* Whether @n_items of @item_size bytes remain, overflow-safe. */
gboolean isobar_climate_reader_has_room (IsobarClimateReader *reader,
                                         guint64              n_items,
                                         gsize                item_size);
/* Fails (ISOBAR_ERROR_INVALID_DATA, naming @what) when a read ran past the
 * end or bytes are left over. */
gboolean isobar_climate_reader_finish   (IsobarClimateReader *reader,
                                         const char          *what,
                                         GError             **error);

/* A finite value within ±ISOBAR_CLIMATE_VALUE_LIMIT, or a NaN. */
gboolean isobar_climate_value_is_valid  (double               value);

G_END_DECLS
