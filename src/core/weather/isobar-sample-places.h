/* isobar-sample-places.h: well-known places around the world, for runs and
 * benchmarks that need more places than were saved.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "isobar-location.h"

G_BEGIN_DECLS

/* @n places (IsobarLocation), the same for the same @n: the well-known list
 * cycled, each round shifted a little further so that no two are equal
 * ("Tokyo", …, "Tokyo #2", …). */
GPtrArray *isobar_sample_places_new (guint n);

G_END_DECLS
