/* isobar-urls.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "isobar-error.h"
#include "isobar-urls.h"

#define MAX_FORECAST_DAYS 16
#define MAX_SEARCH_COUNT  100
#define FIRST_ARCHIVE_YEAR 1940

/* Starts the request URL: the endpoint, checked, and the query separator. */
static GString *
begin_url (const char  *endpoint,
           GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  GString *url;

  if (endpoint != NULL)
    uri = g_uri_parse (endpoint, G_URI_FLAGS_NONE, NULL);

  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL ||
      scheme == NULL ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a web address (http or https)"),
                   endpoint != NULL ? endpoint : "");
      return NULL;
    }

  if (g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                   _("The address “%s” must not contain “#”"), endpoint);
      return NULL;
    }

  url = g_string_new (endpoint);
  if (strchr (endpoint, '?') == NULL)
    g_string_append_c (url, '?');
  else if (url->str[url->len - 1] != '?' && url->str[url->len - 1] != '&')
    g_string_append_c (url, '&');

  return url;
}

/* Appends name=value, the value percent-escaped; the first parameter after
 * begin_url() gets no '&'. */
static void
append_param (GString    *url,
              const char *name,
              const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);
  char last = url->str[url->len - 1];

  if (last != '?' && last != '&')
    g_string_append_c (url, '&');
  g_string_append_printf (url, "%s=%s", name, escaped);
}

/* Our own comma-separated variable lists: commas are fine in a query and
 * keep the URL readable. */
static void
append_list (GString    *url,
             const char *name,
             const char *list)
{
  g_autofree char *escaped = g_uri_escape_string (list, ",", FALSE);

  append_param (url, name, "");
  g_string_append (url, escaped);
}

static void
append_coordinate (GString    *url,
                   const char *name,
                   double      value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  /* Locale-independent: never "52,5200". Four decimals are ~11 m. */
  g_ascii_formatd (buffer, sizeof buffer, "%.4f", value);
  if (strcmp (buffer, "-0.0000") == 0)
    strcpy (buffer, "0.0000");
  append_param (url, name, buffer);
}

static void
append_uint (GString    *url,
             const char *name,
             guint       value)
{
  char buffer[16];

  g_snprintf (buffer, sizeof buffer, "%u", value);
  append_param (url, name, buffer);
}

static gboolean
check_coordinates (double   latitude,
                   double   longitude,
                   GError **error)
{
  /* Written so that NAN fails too. */
  if (!(latitude >= -90.0 && latitude <= 90.0))
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                   _("The latitude must be between -90 and 90 degrees"));
      return FALSE;
    }
  if (!(longitude >= -180.0 && longitude <= 180.0))
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                   _("The longitude must be between -180 and 180 degrees"));
      return FALSE;
    }
  return TRUE;
}

/* Starts the URL of a request about one place: the endpoint, checked, and
 * the place (checked before, with the rest of the request). */
static GString *
begin_place_url (const char  *endpoint,
                 double       latitude,
                 double       longitude,
                 GError     **error)
{
  GString *url = begin_url (endpoint, error);

  if (url == NULL)
    return NULL;

  append_coordinate (url, "latitude", latitude);
  append_coordinate (url, "longitude", longitude);
  return url;
}

static gboolean
check_forecast_request (const IsobarForecastRequest  *request,
                        GError                      **error)
{
  if (!check_coordinates (request->latitude, request->longitude, error))
    return FALSE;
  if (request->days > MAX_FORECAST_DAYS)
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                   _("A forecast covers at most %d days, not %u"),
                   MAX_FORECAST_DAYS, request->days);
      return FALSE;
    }
  if (request->units != ISOBAR_UNITS_METRIC && request->units != ISOBAR_UNITS_IMPERIAL)
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                   _("Unknown units %d"), (int) request->units);
      return FALSE;
    }
  return TRUE;
}

char *
isobar_url_for_forecast (const char                   *endpoint,
                         const IsobarForecastRequest  *request,
                         GError                      **error)
{
  g_autoptr(GString) url = NULL;

  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_forecast_request (request, error))
    return NULL;
  url = begin_place_url (endpoint, request->latitude, request->longitude, error);
  if (url == NULL)
    return NULL;

  append_list (url, "current", ISOBAR_FORECAST_CURRENT);
  append_list (url, "hourly", ISOBAR_FORECAST_HOURLY);
  append_list (url, "daily", ISOBAR_FORECAST_DAILY);
  append_uint (url, "forecast_days", request->days);
  append_param (url, "timezone", "auto");
  if (request->units == ISOBAR_UNITS_IMPERIAL)
    {
      append_param (url, "temperature_unit", "fahrenheit");
      append_param (url, "wind_speed_unit", "mph");
      append_param (url, "precipitation_unit", "inch");
    }

  return g_string_free (g_steal_pointer (&url), FALSE);
}

static gboolean
check_archive_date (const GDate  *date,
                    gboolean      is_start,
                    GError      **error)
{
  if (!g_date_valid (date))
    {
      g_set_error_literal (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                           is_start ? _("The start date is not a valid date")
                                    : _("The end date is not a valid date"));
      return FALSE;
    }
  if (g_date_get_year (date) < FIRST_ARCHIVE_YEAR)
    {
      g_set_error_literal (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                           is_start ? _("The start date is before 1940-01-01, where the history begins")
                                    : _("The end date is before 1940-01-01, where the history begins"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_archive_request (const IsobarArchiveRequest  *request,
                       GError                     **error)
{
  if (!check_coordinates (request->latitude, request->longitude, error))
    return FALSE;
  if (!check_archive_date (&request->start, TRUE, error) ||
      !check_archive_date (&request->end, FALSE, error))
    return FALSE;
  if (g_date_compare (&request->start, &request->end) > 0)
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                   _("The start date is after the end date"));
      return FALSE;
    }
  return TRUE;
}

static void
append_date (GString     *url,
             const char  *name,
             const GDate *date)
{
  char buffer[16];

  g_snprintf (buffer, sizeof buffer, "%04u-%02u-%02u",
              (guint) g_date_get_year (date),
              (guint) g_date_get_month (date),
              (guint) g_date_get_day (date));
  append_param (url, name, buffer);
}

char *
isobar_url_for_archive (const char                  *endpoint,
                        const IsobarArchiveRequest  *request,
                        GError                     **error)
{
  g_autoptr(GString) url = NULL;

  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_archive_request (request, error))
    return NULL;
  url = begin_place_url (endpoint, request->latitude, request->longitude, error);
  if (url == NULL)
    return NULL;

  append_date (url, "start_date", &request->start);
  append_date (url, "end_date", &request->end);
  append_list (url, "daily", ISOBAR_ARCHIVE_DAILY);
  append_param (url, "timezone", "auto");

  return g_string_free (g_steal_pointer (&url), FALSE);
}

char *
isobar_url_for_search (const char   *endpoint,
                       const char   *name,
                       guint         count,
                       const char   *language,
                       GError      **error)
{
  g_autoptr(GString) url = NULL;
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                   _("The place name is not valid text"));
      return NULL;
    }
  stripped = g_strstrip (g_strdup (name));
  if (g_utf8_strlen (stripped, -1) < 2)
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                   _("Type at least two letters of the place name"));
      return NULL;
    }
  if (count < 1 || count > MAX_SEARCH_COUNT)
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                   _("A search returns between 1 and %d places, not %u"),
                   MAX_SEARCH_COUNT, count);
      return NULL;
    }

  url = begin_url (endpoint, error);
  if (url == NULL)
    return NULL;

  append_param (url, "name", stripped);
  append_uint (url, "count", count);
  if (language != NULL && *language != '\0')
    append_param (url, "language", language);
  append_param (url, "format", "json");

  return g_string_free (g_steal_pointer (&url), FALSE);
}

char *
isobar_url_join (const char *base_url,
                 const char *path)
{
  gsize base_len;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  base_len = strlen (base_url);
  while (base_len > 0 && base_url[base_len - 1] == '/')
    base_len--;
  while (*path == '/')
    path++;

  return g_strdup_printf ("%.*s/%s", (int) base_len, base_url, path);
}
