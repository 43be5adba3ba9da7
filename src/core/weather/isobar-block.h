/* isobar-block.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define ISOBAR_TYPE_BLOCK (isobar_block_get_type ())

/* One block of an Open-Meteo response (current, hourly or daily): a `time`
 * column and any number of variable columns of the same length, each with its
 * unit. A refcounted, immutable boxed type; safe to share between threads.
 *
 * Times are UTC epoch seconds whatever the response's `timeformat`: iso8601
 * local times are converted with the response's utc_offset_seconds.
 * Values are doubles; JSON null is NAN. Variables whose values are iso8601
 * strings (sunrise, sunset) are stored as UTC epoch seconds too.
 * Legacy variable names are stored under their current names
 * (weathercode → weather_code, relativehumidity_2m → relative_humidity_2m,
 * windspeed_10m → wind_speed_10m, winddirection_10m → wind_direction_10m,
 * and in the legacy current_weather block temperature → temperature_2m,
 * windspeed → wind_speed_10m, winddirection → wind_direction_10m).
 */
typedef struct _IsobarBlock IsobarBlock;

GType               isobar_block_get_type      (void) G_GNUC_CONST;

/* Builder side, used by the parser and the tests. @times is copied. */
IsobarBlock        *isobar_block_new           (const gint64  *times,
                                                guint          n_times);
/* Adds a column; @values (n_times doubles) is copied. Replaces a column of the
 * same name. */
void                isobar_block_add_variable  (IsobarBlock   *self,
                                                const char    *name,
                                                const char    *unit,
                                                const double  *values);

IsobarBlock        *isobar_block_ref           (IsobarBlock   *self);
void                isobar_block_unref         (IsobarBlock   *self);

guint               isobar_block_get_length    (IsobarBlock   *self);
const gint64       *isobar_block_get_times     (IsobarBlock   *self);
gboolean            isobar_block_has_variable  (IsobarBlock   *self,
                                                const char    *name);
/* NULL when the block has no such variable; else get_length() values. */
const double       *isobar_block_get_values    (IsobarBlock   *self,
                                                const char    *name);
/* The value at @index, or NAN when the variable is absent or null there. */
double              isobar_block_get_value     (IsobarBlock   *self,
                                                const char    *name,
                                                guint          index);
/* The unit as the server wrote it ("°C", "mm", "%", "" or "undefined"), or
 * NULL for an unknown variable. */
const char         *isobar_block_get_unit      (IsobarBlock   *self,
                                                const char    *name);
/* Variable names in the order they were added; NULL-terminated, owned by
 * the block. */
const char * const *isobar_block_get_variables (IsobarBlock   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsobarBlock, isobar_block_unref)

G_END_DECLS
