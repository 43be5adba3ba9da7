/* isobar-core.h: everything libisobar-core offers, for the app, the CLI and the tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "isobar-archive.h"
#include "isobar-block.h"
#include "isobar-cache.h"
#include "isobar-client.h"
#include "isobar-climate-report.h"
#include "isobar-climate-series.h"
#include "isobar-data-source.h"
#include "isobar-error.h"
#include "isobar-executor.h"
#include "isobar-fetcher.h"
#include "isobar-forecast.h"
#include "isobar-frame.h"
#include "isobar-helper-pool.h"
#include "isobar-helper-process.h"
#include "isobar-http.h"
#include "isobar-interpreter-lock.h"
#include "isobar-job-context.h"
#include "isobar-kernels.h"
#include "isobar-latency-stats.h"
#include "isobar-latency-watchdog.h"
#include "isobar-location.h"
#include "isobar-parser.h"
#include "isobar-pipeline.h"
#include "isobar-random.h"
#include "isobar-resource-sampler.h"
#include "isobar-run-record.h"
#include "isobar-simulator.h"
#include "isobar-units.h"
#include "isobar-urls.h"
#include "isobar-weather-code.h"
