/* test-weather-code.c: WMO codes to words and icons
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "isobar-core.h"

static const int table[] = {
  0, 1, 2, 3, 45, 48, 51, 53, 55, 56, 57, 61, 63, 65, 66, 67,
  71, 73, 75, 77, 80, 81, 82, 85, 86, 95, 96, 97, 99
};

static gboolean
in_table (int code)
{
  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    {
      if (table[i] == code)
        return TRUE;
    }
  return FALSE;
}

static void
test_describe (void)
{
  g_assert_cmpstr (isobar_weather_code_describe (0), ==, "Clear sky");
  g_assert_cmpstr (isobar_weather_code_describe (2), ==, "Partly cloudy");
  g_assert_cmpstr (isobar_weather_code_describe (45), ==, "Fog");
  g_assert_cmpstr (isobar_weather_code_describe (65), ==, "Heavy rain");
  g_assert_cmpstr (isobar_weather_code_describe (99), ==, "Thunderstorm with heavy hail");

  g_assert_cmpstr (isobar_weather_code_describe (-1), ==, "Unknown conditions");
  g_assert_cmpstr (isobar_weather_code_describe (4), ==, "Unknown conditions");
  g_assert_cmpstr (isobar_weather_code_describe (100), ==, "Unknown conditions");
  g_assert_cmpstr (isobar_weather_code_describe (G_MININT), ==, "Unknown conditions");
  g_assert_cmpstr (isobar_weather_code_describe (G_MAXINT), ==, "Unknown conditions");
}

static void
test_valid (void)
{
  for (int code = -10; code <= 200; code++)
    {
      g_assert_cmpint (isobar_weather_code_is_valid (code), ==, in_table (code));
      if (in_table (code))
        g_assert_cmpstr (isobar_weather_code_describe (code), !=, "Unknown conditions");
    }
}

static void
test_icons (void)
{
  /* Night variants where the theme has them. */
  g_assert_cmpstr (isobar_weather_code_icon_name (0, TRUE), ==, "weather-clear-symbolic");
  g_assert_cmpstr (isobar_weather_code_icon_name (0, FALSE), ==, "weather-clear-night-symbolic");
  g_assert_cmpstr (isobar_weather_code_icon_name (2, TRUE), ==, "weather-few-clouds-symbolic");
  g_assert_cmpstr (isobar_weather_code_icon_name (2, FALSE), ==, "weather-few-clouds-night-symbolic");
  g_assert_cmpstr (isobar_weather_code_icon_name (3, FALSE), ==, "weather-overcast-symbolic");
  g_assert_cmpstr (isobar_weather_code_icon_name (48, TRUE), ==, "weather-fog-symbolic");
  g_assert_cmpstr (isobar_weather_code_icon_name (51, TRUE), ==, "weather-showers-scattered-symbolic");
  g_assert_cmpstr (isobar_weather_code_icon_name (61, TRUE), ==, "weather-showers-scattered-symbolic");
  g_assert_cmpstr (isobar_weather_code_icon_name (65, FALSE), ==, "weather-showers-symbolic");
  g_assert_cmpstr (isobar_weather_code_icon_name (75, TRUE), ==, "weather-snow-symbolic");
  g_assert_cmpstr (isobar_weather_code_icon_name (86, TRUE), ==, "weather-snow-symbolic");
  g_assert_cmpstr (isobar_weather_code_icon_name (95, TRUE), ==, "weather-storm-symbolic");
  g_assert_cmpstr (isobar_weather_code_icon_name (-1, TRUE), ==, "weather-severe-alert-symbolic");
  g_assert_cmpstr (isobar_weather_code_icon_name (42, FALSE), ==, "weather-severe-alert-symbolic");
}

/* Every name we hand out exists in the standard theme. */
static void
test_icons_exist (void)
{
  const char *theme = "/usr/share/icons/Adwaita/scalable/status";

  if (!g_file_test (theme, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("The Adwaita icon theme is not installed here");
      return;
    }

  for (int code = -1; code <= 100; code++)
    {
      for (int is_day = 0; is_day <= 1; is_day++)
        {
          const char *name = isobar_weather_code_icon_name (code, is_day);
          g_autofree char *file = g_strconcat (theme, "/", name, ".svg", NULL);

          g_assert_true (g_str_has_prefix (name, "weather-"));
          g_assert_true (g_str_has_suffix (name, "-symbolic"));
          if (!g_file_test (file, G_FILE_TEST_EXISTS))
            g_error ("%s (code %d) is not in the theme", name, code);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/weather-code/describe", test_describe);
  g_test_add_func ("/weather-code/valid", test_valid);
  g_test_add_func ("/weather-code/icons", test_icons);
  g_test_add_func ("/weather-code/icons-exist", test_icons_exist);

  return g_test_run ();
}
