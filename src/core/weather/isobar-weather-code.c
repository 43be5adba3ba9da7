/* isobar-weather-code.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "isobar-weather-code.h"

/* Icons from the standard (Adwaita) weather set. Only clear and few-clouds
 * have night variants in the theme. */
typedef struct
{
  int         code;
  const char *description; /* untranslated, marked with N_() */
  const char *day_icon;
  const char *night_icon;
} WeatherCode;

#define CLEAR      "weather-clear-symbolic", "weather-clear-night-symbolic"
#define FEW_CLOUDS "weather-few-clouds-symbolic", "weather-few-clouds-night-symbolic"
#define OVERCAST   "weather-overcast-symbolic", "weather-overcast-symbolic"
#define FOG        "weather-fog-symbolic", "weather-fog-symbolic"
#define SCATTERED  "weather-showers-scattered-symbolic", "weather-showers-scattered-symbolic"
#define SHOWERS    "weather-showers-symbolic", "weather-showers-symbolic"
#define SNOW       "weather-snow-symbolic", "weather-snow-symbolic"
#define STORM      "weather-storm-symbolic", "weather-storm-symbolic"

/* Open-Meteo's table of WMO codes, sorted by code. */
static const WeatherCode codes[] = {
  {  0, N_("Clear sky"), CLEAR },
  {  1, N_("Mainly clear"), FEW_CLOUDS },
  {  2, N_("Partly cloudy"), FEW_CLOUDS },
  {  3, N_("Overcast"), OVERCAST },
  { 45, N_("Fog"), FOG },
  { 48, N_("Depositing rime fog"), FOG },
  { 51, N_("Light drizzle"), SCATTERED },
  { 53, N_("Moderate drizzle"), SCATTERED },
  { 55, N_("Dense drizzle"), SCATTERED },
  { 56, N_("Light freezing drizzle"), SCATTERED },
  { 57, N_("Dense freezing drizzle"), SCATTERED },
  { 61, N_("Slight rain"), SCATTERED },
  { 63, N_("Moderate rain"), SHOWERS },
  { 65, N_("Heavy rain"), SHOWERS },
  { 66, N_("Light freezing rain"), SCATTERED },
  { 67, N_("Heavy freezing rain"), SHOWERS },
  { 71, N_("Slight snowfall"), SNOW },
  { 73, N_("Moderate snowfall"), SNOW },
  { 75, N_("Heavy snowfall"), SNOW },
  { 77, N_("Snow grains"), SNOW },
  { 80, N_("Slight rain showers"), SCATTERED },
  { 81, N_("Moderate rain showers"), SHOWERS },
  { 82, N_("Violent rain showers"), SHOWERS },
  { 85, N_("Slight snow showers"), SNOW },
  { 86, N_("Heavy snow showers"), SNOW },
  { 95, N_("Thunderstorm"), STORM },
  { 96, N_("Thunderstorm with slight hail"), STORM },
  { 97, N_("Heavy thunderstorm"), STORM },
  { 99, N_("Thunderstorm with heavy hail"), STORM },
};

static const WeatherCode *
lookup (int code)
{
  for (gsize i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      if (codes[i].code == code)
        return &codes[i];
    }
  return NULL;
}

const char *
isobar_weather_code_describe (int code)
{
  const WeatherCode *entry = lookup (code);

  if (entry == NULL)
    return _("Unknown conditions");
  return g_dgettext (GETTEXT_PACKAGE, entry->description);
}

const char *
isobar_weather_code_icon_name (int      code,
                               gboolean is_day)
{
  const WeatherCode *entry = lookup (code);

  if (entry == NULL)
    return "weather-severe-alert-symbolic";
  return is_day ? entry->day_icon : entry->night_icon;
}

gboolean
isobar_weather_code_is_valid (int code)
{
  return lookup (code) != NULL;
}
