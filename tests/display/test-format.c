/* test-format.c: numbers from a server, as the window writes them; and
 * values no honest server sends, which must not reach an undefined cast.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "isobar-format.h"

static void
test_round_degrees (void)
{
  g_assert_cmpint (isobar_format_round_degrees (19.4), ==, 19);
  g_assert_cmpint (isobar_format_round_degrees (2.5), ==, 3);
  g_assert_cmpint (isobar_format_round_degrees (-0.3), ==, 0);
  g_assert_cmpint (isobar_format_round_degrees (-2.5), ==, -3);

  /* Absurd: clamped, never an out-of-range cast. */
  g_assert_cmpint (isobar_format_round_degrees (1e300), ==, G_MAXINT);
  g_assert_cmpint (isobar_format_round_degrees (-1e300), ==, -G_MAXINT);
  g_assert_cmpint (isobar_format_round_degrees (INFINITY), ==, G_MAXINT);
  g_assert_cmpint (isobar_format_round_degrees (NAN), ==, 0);
}

static void
test_temperature (void)
{
  g_autofree char *cold = isobar_format_temperature (-5.2, "°C");
  g_autofree char *absurd = isobar_format_temperature (-1e300, "°C");
  g_autofree char *unknown = isobar_format_temperature (NAN, "°C");
  g_autofree char *degrees = isobar_format_degrees (-INFINITY);

  g_assert_cmpstr (cold, ==, "−5 °C");
  g_assert_true (g_str_has_prefix (absurd, "−2147483647"));
  g_assert_cmpstr (unknown, ==, "—");
  g_assert_cmpstr (degrees, ==, "−2147483647°");
}

static void
test_decimal (void)
{
  g_autofree char *plain = isobar_format_decimal (9.84, 1);
  g_autofree char *negative = isobar_format_decimal (-0.34, 1);
  g_autofree char *no_minus_zero = isobar_format_decimal (-0.04, 1);
  g_autofree char *no_plus = isobar_format_decimal (0.31, 2);
  g_autofree char *integer = isobar_format_decimal (-5, 0);
  g_autofree char *unknown = isobar_format_decimal (NAN, 1);

  g_assert_cmpstr (plain, ==, "9.8");
  g_assert_cmpstr (negative, ==, "−0.3");
  g_assert_cmpstr (no_minus_zero, ==, "0.0");
  g_assert_cmpstr (no_plus, ==, "0.31");
  g_assert_cmpstr (integer, ==, "−5");
  g_assert_cmpstr (unknown, ==, "—");
}

static void
test_signed (void)
{
  g_autofree char *warmer = isobar_format_signed (0.314, 2);
  g_autofree char *colder = isobar_format_signed (-0.26, 1);
  g_autofree char *zero = isobar_format_signed (0.04, 1);
  g_autofree char *minus_zero = isobar_format_signed (-0.04, 1);
  g_autofree char *unknown = isobar_format_signed (NAN, 2);

  g_assert_cmpstr (warmer, ==, "+0.31");
  g_assert_cmpstr (colder, ==, "−0.3");
  /* Rounded to nothing: neither "+0.0" nor "−0.0". */
  g_assert_cmpstr (zero, ==, "0.0");
  g_assert_cmpstr (minus_zero, ==, "0.0");
  g_assert_cmpstr (unknown, ==, "—");
}

static void
test_difference (void)
{
  g_autofree char *warmer = isobar_format_difference (1.24, 1, "°C");
  g_autofree char *colder = isobar_format_difference (-0.9, 1, "°C");
  g_autofree char *zero = isobar_format_difference (-0.01, 1, "°C");
  g_autofree char *legend = isobar_format_difference (-14.4, 0, "°F");
  g_autofree char *unknown = isobar_format_difference (NAN, 1, "°C");

  g_assert_cmpstr (warmer, ==, "+1.2 °C");
  g_assert_cmpstr (colder, ==, "−0.9 °C");
  g_assert_cmpstr (zero, ==, "0.0 °C");
  g_assert_cmpstr (legend, ==, "−14 °F");
  g_assert_cmpstr (unknown, ==, "—");
}

static guint32
julian_of (int         day,
           GDateMonth  month,
           int         year)
{
  g_autoptr(GDate) date = g_date_new_dmy (day, month, year);

  return g_date_get_julian (date);
}

static void
test_cday (void)
{
  g_autofree char *july = isobar_format_cday (210);
  g_autofree char *leap_day = isobar_format_cday (60);
  g_autofree char *last = isobar_format_cday (366);

  /* A calendar day is a place in a leap year: 29 February is always 60. */
  g_assert_cmpuint (isobar_format_cday_julian (2024, 60), ==, julian_of (29, G_DATE_FEBRUARY, 2024));
  g_assert_cmpuint (isobar_format_cday_julian (2023, 61), ==, julian_of (1, G_DATE_MARCH, 2023));
  g_assert_cmpuint (isobar_format_cday_julian (2023, 59), ==, julian_of (28, G_DATE_FEBRUARY, 2023));
  g_assert_cmpuint (isobar_format_cday_julian (2023, 1), ==, julian_of (1, G_DATE_JANUARY, 2023));
  g_assert_cmpuint (isobar_format_cday_julian (2023, 366), ==, julian_of (31, G_DATE_DECEMBER, 2023));

  /* No such day. */
  g_assert_cmpuint (isobar_format_cday_julian (2023, 60), ==, 0);
  g_assert_cmpuint (isobar_format_cday_julian (1900, 60), ==, 0);
  g_assert_cmpuint (isobar_format_cday_julian (2023, 0), ==, 0);
  g_assert_cmpuint (isobar_format_cday_julian (2023, 367), ==, 0);
  g_assert_cmpuint (isobar_format_cday_julian (0, 1), ==, 0);
  g_assert_cmpuint (isobar_format_cday_julian (10000, 1), ==, 0);

  g_assert_cmpstr (july, ==, "28 July");
  g_assert_cmpstr (leap_day, ==, "29 February");
  g_assert_cmpstr (last, ==, "31 December");
  g_assert_null (isobar_format_cday (0));
  g_assert_null (isobar_format_cday (367));
}

static void
test_date (void)
{
  g_autofree char *date = isobar_format_date (julian_of (3, G_DATE_JANUARY, 1987));
  g_autofree char *date_short = isobar_format_date_short (julian_of (12, G_DATE_JULY, 2019));
  g_autofree char *heat_map_day = isobar_format_date (isobar_format_cday_julian (1998, 196));

  g_assert_cmpstr (date, ==, "3 January 1987");
  g_assert_cmpstr (date_short, ==, "12 Jul");
  g_assert_cmpstr (heat_map_day, ==, "14 July 1998");

  /* 0 is "no day" in the climate report; beyond year 9999, GDateTime has none. */
  g_assert_null (isobar_format_date (0));
  g_assert_null (isobar_format_date_short (0));
  g_assert_null (isobar_format_date (julian_of (1, G_DATE_JANUARY, 10000)));
}

static void
test_weather_code (void)
{
  g_assert_cmpint (isobar_format_weather_code (61), ==, 61);
  g_assert_cmpint (isobar_format_weather_code (0), ==, 0);
  g_assert_cmpint (isobar_format_weather_code (NAN), ==, -1);
  g_assert_cmpint (isobar_format_weather_code (-3), ==, -1);
  g_assert_cmpint (isobar_format_weather_code (1e300), ==, -1);
  g_assert_cmpint (isobar_format_weather_code (INFINITY), ==, -1);
}

static void
test_compass (void)
{
  g_assert_cmpstr (isobar_format_compass_point (0), ==, "N");
  g_assert_cmpstr (isobar_format_compass_point (-90), ==, "W");
  g_assert_cmpstr (isobar_format_compass_point (3600000000000.0 + 180), ==, "S");
  g_assert_cmpstr (isobar_format_compass_name (45), ==, "northeast");
  g_assert_cmpstr (isobar_format_wind_arrow (0), ==, "↓");

  /* No direction at all: nothing, rather than a sector made up from NaN. */
  g_assert_cmpstr (isobar_format_compass_point (NAN), ==, "");
  g_assert_cmpstr (isobar_format_compass_point (INFINITY), ==, "");
  g_assert_cmpstr (isobar_format_compass_name (-INFINITY), ==, "");
  g_assert_cmpstr (isobar_format_wind_arrow (INFINITY), ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/format/round-degrees", test_round_degrees);
  g_test_add_func ("/format/temperature", test_temperature);
  g_test_add_func ("/format/decimal", test_decimal);
  g_test_add_func ("/format/signed", test_signed);
  g_test_add_func ("/format/difference", test_difference);
  g_test_add_func ("/format/cday", test_cday);
  g_test_add_func ("/format/date", test_date);
  g_test_add_func ("/format/weather-code", test_weather_code);
  g_test_add_func ("/format/compass", test_compass);

  return g_test_run ();
}
