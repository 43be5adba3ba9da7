/* isobar-units.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Values of the `units` setting. Metric asks Open-Meteo for °C, km/h and mm;
 * imperial for °F, mph and inch. */
typedef enum
{
  ISOBAR_UNITS_METRIC,
  ISOBAR_UNITS_IMPERIAL,
} IsobarUnits;

G_END_DECLS
