/* isobar-settings-choice.h: a string setting chosen in a combo row (the
 * preferences' data source and units, the panel's strategies).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Binds the string setting @key of @settings to @row's "selected", both
 * ways: item i of the row stands for @ids[i] (NULL-terminated, copied). A
 * value that is not in @ids leaves the row as it is. */
void isobar_settings_bind_choice (GSettings          *settings,
                                  const char         *key,
                                  AdwComboRow        *row,
                                  const char * const *ids);

G_END_DECLS
