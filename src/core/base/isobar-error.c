/* isobar-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "isobar-error.h"

G_DEFINE_QUARK (isobar-error-quark, isobar_error)
