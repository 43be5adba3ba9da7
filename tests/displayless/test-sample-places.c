/* test-sample-places.c: the well-known places runs and benchmarks use.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "isobar-sample-places.h"

#define LIST_LENGTH 16   /* the well-known places before the list repeats */

static IsobarLocation *
place (GPtrArray *places,
       guint      i)
{
  return g_ptr_array_index (places, i);
}

static void
test_count (void)
{
  const guint counts[] = { 0, 1, 8, LIST_LENGTH, LIST_LENGTH + 1, 100, 1000 };

  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      g_autoptr(GPtrArray) places = isobar_sample_places_new (counts[i]);

      g_assert_cmpuint (places->len, ==, counts[i]);
      for (guint k = 0; k < places->len; k++)
        g_assert_true (ISOBAR_IS_LOCATION (place (places, k)));
    }
}

/* No two places are the same place or share a name, even once the list
 * has gone round many times, and every place is on the globe. */
static void
test_distinct (void)
{
  g_autoptr(GPtrArray) places = isobar_sample_places_new (1000);
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < places->len; i++)
    {
      IsobarLocation *a = place (places, i);
      double latitude = isobar_location_get_latitude (a);
      double longitude = isobar_location_get_longitude (a);

      g_assert_true (g_hash_table_add (names, (gpointer) isobar_location_get_name (a)));
      g_assert_true (latitude >= -90.0 && latitude <= 90.0);
      g_assert_true (longitude >= -180.0 && longitude < 180.0);
      for (guint k = 0; k < i; k++)
        if (isobar_location_equal (a, place (places, k)))
          g_error ("%s and %s are the same place", isobar_location_get_name (a),
                   isobar_location_get_name (place (places, k)));
    }
}

/* The same places for the same count, and a longer list starts with a
 * shorter one. */
static void
test_deterministic (void)
{
  g_autoptr(GPtrArray) a = isobar_sample_places_new (40);
  g_autoptr(GPtrArray) b = isobar_sample_places_new (40);
  g_autoptr(GPtrArray) shorter = isobar_sample_places_new (10);

  for (guint i = 0; i < a->len; i++)
    {
      g_assert_cmpstr (isobar_location_get_name (place (a, i)), ==, isobar_location_get_name (place (b, i)));
      g_assert_cmpfloat (isobar_location_get_latitude (place (a, i)), ==,
                         isobar_location_get_latitude (place (b, i)));
      g_assert_cmpfloat (isobar_location_get_longitude (place (a, i)), ==,
                         isobar_location_get_longitude (place (b, i)));
    }
  for (guint i = 0; i < shorter->len; i++)
    g_assert_cmpstr (isobar_location_get_name (place (shorter, i)), ==, isobar_location_get_name (place (a, i)));
}

/* The list as isobar-cli bench has always used it, so that runs compare
 * with earlier ones. */
static void
test_cycle (void)
{
  g_autoptr(GPtrArray) places = isobar_sample_places_new (2 * LIST_LENGTH + 1);

  g_assert_cmpstr (isobar_location_get_name (place (places, 0)), ==, "Berlin");
  g_assert_cmpfloat (isobar_location_get_latitude (place (places, 0)), ==, 52.52);
  g_assert_cmpfloat_with_epsilon (isobar_location_get_longitude (place (places, 0)), 13.41, 1e-9);
  g_assert_cmpstr (isobar_location_get_name (place (places, 1)), ==, "Tokyo");
  g_assert_cmpstr (isobar_location_get_name (place (places, LIST_LENGTH - 1)), ==, "Cape Town");

  /* The second round: numbered, 0.01° further. */
  g_assert_cmpstr (isobar_location_get_name (place (places, LIST_LENGTH)), ==, "Berlin #2");
  g_assert_cmpfloat_with_epsilon (isobar_location_get_latitude (place (places, LIST_LENGTH)), 52.53, 1e-9);
  g_assert_cmpfloat_with_epsilon (isobar_location_get_longitude (place (places, LIST_LENGTH)), 13.42, 1e-9);
  g_assert_cmpstr (isobar_location_get_name (place (places, LIST_LENGTH + 1)), ==, "Tokyo #2");
  g_assert_cmpstr (isobar_location_get_name (place (places, 2 * LIST_LENGTH)), ==, "Berlin #3");
  g_assert_cmpfloat_with_epsilon (isobar_location_get_latitude (place (places, 2 * LIST_LENGTH)), 52.54, 1e-9);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/sample-places/count", test_count);
  g_test_add_func ("/sample-places/distinct", test_distinct);
  g_test_add_func ("/sample-places/deterministic", test_deterministic);
  g_test_add_func ("/sample-places/cycle", test_cycle);

  return g_test_run ();
}
