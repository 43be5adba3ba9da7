/* isobar-forecast-result-private.h: a forecast with the body it came from,
 * as the client and the data source return it from their GTasks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "isobar-forecast.h"

G_BEGIN_DECLS

typedef struct
{
  IsobarForecast *forecast;  /* (owned) */
  GBytes         *body;      /* (owned) (nullable) */
} IsobarForecastResult;

static inline void
isobar_forecast_result_free (gpointer data)
{
  IsobarForecastResult *result = data;

  g_clear_object (&result->forecast);
  g_clear_pointer (&result->body, g_bytes_unref);
  g_free (result);
}

/* Takes both references. */
static inline IsobarForecastResult *
isobar_forecast_result_new (IsobarForecast *forecast,
                            GBytes         *body)
{
  IsobarForecastResult *result = g_new0 (IsobarForecastResult, 1);

  result->forecast = forecast;
  result->body = body;
  return result;
}

/* The _finish of a task that returned an IsobarForecastResult. */
static inline IsobarForecast *
isobar_forecast_result_propagate (GTask   *task,
                                  GBytes **body,
                                  GError **error)
{
  IsobarForecastResult *result;
  IsobarForecast *forecast;

  if (body != NULL)
    *body = NULL;

  result = g_task_propagate_pointer (task, error);
  if (result == NULL)
    return NULL;

  forecast = g_steal_pointer (&result->forecast);
  if (body != NULL)
    *body = g_steal_pointer (&result->body);
  isobar_forecast_result_free (result);

  return forecast;
}

G_END_DECLS
