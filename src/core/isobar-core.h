/* isobar-core.h: everything libisobar-core offers, for the app, the CLI and the tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "isobar-archive.h"
#include "isobar-block.h"
#include "isobar-cache.h"
#include "isobar-client.h"
#include "isobar-data-source.h"
#include "isobar-error.h"
#include "isobar-forecast.h"
#include "isobar-location.h"
#include "isobar-parser.h"
#include "isobar-simulator.h"
#include "isobar-units.h"
#include "isobar-urls.h"
#include "isobar-weather-code.h"
