/* isobar-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ISOBAR_ERROR (isobar_error_quark ())

/**
 * IsobarError:
 * @ISOBAR_ERROR_MALFORMED: the body is not valid JSON (or ended early)
 * @ISOBAR_ERROR_INVALID_DATA: valid JSON of the wrong shape: a missing block,
 *   a wrong type, arrays of unequal length
 * @ISOBAR_ERROR_SERVER: the server answered with an error; the message is
 *   Open-Meteo's own `reason` when it sent one
 * @ISOBAR_ERROR_RATE_LIMITED: HTTP 429
 * @ISOBAR_ERROR_UNAVAILABLE: HTTP 5xx
 * @ISOBAR_ERROR_TOO_LARGE: the body is larger than the client's cap
 * @ISOBAR_ERROR_TIMEOUT: the server did not answer in time
 * @ISOBAR_ERROR_NETWORK: the server could not be reached at all
 * @ISOBAR_ERROR_NOT_FOUND: no place matched a name
 * @ISOBAR_ERROR_INVALID_ARGUMENT: the caller asked for something impossible
 * @ISOBAR_ERROR_SIMULATOR: the built-in simulator could not be started
 * @ISOBAR_ERROR_CACHE: the on-disk cache could not be read or written
 * @ISOBAR_ERROR_HELPER: a helper process could not be started, exited or
 *   crashed, or broke the wire protocol
 */
typedef enum
{
  ISOBAR_ERROR_MALFORMED,
  ISOBAR_ERROR_INVALID_DATA,
  ISOBAR_ERROR_SERVER,
  ISOBAR_ERROR_RATE_LIMITED,
  ISOBAR_ERROR_UNAVAILABLE,
  ISOBAR_ERROR_TOO_LARGE,
  ISOBAR_ERROR_TIMEOUT,
  ISOBAR_ERROR_NETWORK,
  ISOBAR_ERROR_NOT_FOUND,
  ISOBAR_ERROR_INVALID_ARGUMENT,
  ISOBAR_ERROR_SIMULATOR,
  ISOBAR_ERROR_CACHE,
  ISOBAR_ERROR_HELPER,
} IsobarError;

GQuark isobar_error_quark (void);

G_END_DECLS
