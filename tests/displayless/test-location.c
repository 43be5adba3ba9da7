/* test-location.c: IsobarLocation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "isobar-core.h"

static IsobarLocation *
make_berlin (void)
{
  return g_object_new (ISOBAR_TYPE_LOCATION,
                       "id", (gint64) 2950159,
                       "name", "Berlin",
                       "latitude", 52.52437,
                       "longitude", 13.41053,
                       "elevation", 74.0,
                       "country", "Germany",
                       "country-code", "DE",
                       "admin1", "Land Berlin",
                       "timezone", "Europe/Berlin",
                       "population", (gint64) 3426354,
                       NULL);
}

static void
test_new (void)
{
  g_autoptr(IsobarLocation) location = isobar_location_new ("Null Island", 0.0, -0.0);

  g_assert_cmpstr (isobar_location_get_name (location), ==, "Null Island");
  g_assert_cmpfloat (isobar_location_get_latitude (location), ==, 0.0);
  /* Absent: NULL, NAN, 0. */
  g_assert_true (isnan (isobar_location_get_elevation (location)));
  g_assert_cmpint (isobar_location_get_id (location), ==, 0);
  g_assert_cmpint (isobar_location_get_population (location), ==, 0);
  g_assert_null (isobar_location_get_country (location));
  g_assert_null (isobar_location_get_country_code (location));
  g_assert_null (isobar_location_get_admin1 (location));
  g_assert_null (isobar_location_get_timezone (location));
}

static void
test_properties (void)
{
  g_autoptr(IsobarLocation) berlin = make_berlin ();
  const char * const names[] = {
    "id", "name", "latitude", "longitude", "elevation", "country",
    "country-code", "admin1", "timezone", "population"
  };
  g_autofree char *country = NULL;
  double elevation = 0;
  gint64 population = 0;

  g_object_get (berlin,
                "country", &country,
                "elevation", &elevation,
                "population", &population,
                NULL);
  g_assert_cmpstr (country, ==, "Germany");
  g_assert_cmpfloat (elevation, ==, 74.0);
  g_assert_cmpint (population, ==, 3426354);

  /* Immutable: readable, set only at construction. */
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (berlin), names[i]);

      g_assert_nonnull (pspec);
      g_assert_true (pspec->flags & G_PARAM_READABLE);
      g_assert_true (pspec->flags & G_PARAM_CONSTRUCT_ONLY);
      g_assert_true ((pspec->flags & G_PARAM_STATIC_STRINGS) == G_PARAM_STATIC_STRINGS);
    }
}

static void
check_description (const char *name,
                   const char *admin1,
                   const char *country,
                   const char *expected)
{
  g_autoptr(IsobarLocation) location = g_object_new (ISOBAR_TYPE_LOCATION,
                                                     "name", name,
                                                     "admin1", admin1,
                                                     "country", country,
                                                     NULL);
  g_autofree char *description = isobar_location_dup_description (location);

  g_assert_cmpstr (description, ==, expected);
}

static void
test_description (void)
{
  check_description ("Berlin", "Land Berlin", "Germany", "Berlin, Land Berlin, Germany");
  check_description ("Berlin", "Berlin", "Germany", "Berlin, Germany");
  check_description ("Monaco", "Monaco", "Monaco", "Monaco");
  check_description ("Luxembourg", "Luxembourg", "Luxembourg", "Luxembourg");
  check_description ("Atlantic Point", NULL, "United States", "Atlantic Point, United States");
  check_description ("Atlantic Point", "Maine", NULL, "Atlantic Point, Maine");
  check_description ("Antarctica", NULL, NULL, "Antarctica");
  /* "" counts as absent. */
  check_description ("Antarctica", "", "", "Antarctica");
  check_description ("Singapore", "Central Singapore", "Singapore", "Singapore, Central Singapore");
}

static void
test_equal (void)
{
  g_autoptr(IsobarLocation) berlin = make_berlin ();
  g_autoptr(IsobarLocation) nearby = isobar_location_new ("Berlin Mitte", 52.52440, 13.41050);
  g_autoptr(IsobarLocation) far = isobar_location_new ("Potsdam", 52.39, 13.06);
  g_autoptr(IsobarLocation) same_id_moved = g_object_new (ISOBAR_TYPE_LOCATION,
                                                          "id", (gint64) 2950159,
                                                          "name", "Berlin",
                                                          "latitude", 52.5,
                                                          "longitude", 13.4,
                                                          NULL);
  g_autoptr(IsobarLocation) other_id_same_place = g_object_new (ISOBAR_TYPE_LOCATION,
                                                                "id", (gint64) 1,
                                                                "name", "Berlin",
                                                                "latitude", 52.52437,
                                                                "longitude", 13.41053,
                                                                NULL);

  g_assert_true (isobar_location_equal (berlin, berlin));
  /* No id on one side: coordinates within 1e-4°. */
  g_assert_true (isobar_location_equal (berlin, nearby));
  g_assert_true (isobar_location_equal (nearby, berlin));
  g_assert_false (isobar_location_equal (berlin, far));
  /* Both have an id: the id decides. */
  g_assert_true (isobar_location_equal (berlin, same_id_moved));
  g_assert_false (isobar_location_equal (berlin, other_id_same_place));
}

static void
test_variant (void)
{
  g_autoptr(IsobarLocation) berlin = make_berlin ();
  g_autoptr(IsobarLocation) sparse = isobar_location_new ("Atlantic Point", 44.09647, -69.10087);
  g_autoptr(GVariant) variant = g_variant_ref_sink (isobar_location_to_variant (berlin));
  g_autoptr(GVariant) sparse_variant = g_variant_ref_sink (isobar_location_to_variant (sparse));
  g_autoptr(IsobarLocation) copy = NULL;
  g_autoptr(IsobarLocation) sparse_copy = NULL;
  g_autoptr(GVariant) parsed = NULL;
  g_autoptr(IsobarLocation) from_text = NULL;
  g_autoptr(GVariant) bad = NULL;
  g_autoptr(IsobarLocation) from_bad = NULL;
  g_autofree char *text = NULL;

  g_assert_true (g_variant_is_of_type (variant, G_VARIANT_TYPE (ISOBAR_LOCATION_VARIANT_TYPE)));

  copy = isobar_location_new_from_variant (variant);
  g_assert_nonnull (copy);
  g_assert_cmpint (isobar_location_get_id (copy), ==, 2950159);
  g_assert_cmpstr (isobar_location_get_name (copy), ==, "Berlin");
  g_assert_cmpstr (isobar_location_get_admin1 (copy), ==, "Land Berlin");
  g_assert_cmpstr (isobar_location_get_country (copy), ==, "Germany");
  g_assert_cmpstr (isobar_location_get_country_code (copy), ==, "DE");
  g_assert_cmpfloat (isobar_location_get_latitude (copy), ==, 52.52437);
  g_assert_cmpfloat (isobar_location_get_longitude (copy), ==, 13.41053);
  g_assert_cmpstr (isobar_location_get_timezone (copy), ==, "Europe/Berlin");
  g_assert_true (isobar_location_equal (berlin, copy));

  /* Absent strings travel as "" and come back as NULL. */
  g_assert_cmpstr (g_variant_get_type_string (sparse_variant), ==, "(xssssdds)");
  sparse_copy = isobar_location_new_from_variant (sparse_variant);
  g_assert_null (isobar_location_get_country (sparse_copy));
  g_assert_null (isobar_location_get_timezone (sparse_copy));
  g_assert_cmpint (isobar_location_get_id (sparse_copy), ==, 0);

  /* Through text, as GSettings stores it. */
  text = g_variant_print (variant, TRUE);
  parsed = g_variant_parse (G_VARIANT_TYPE (ISOBAR_LOCATION_VARIANT_TYPE), text, NULL, NULL, NULL);
  g_assert_nonnull (parsed);
  from_text = isobar_location_new_from_variant (parsed);
  g_assert_cmpstr (isobar_location_get_name (from_text), ==, "Berlin");

  /* A hand-edited setting with an impossible latitude is refused. */
  bad = g_variant_ref_sink (g_variant_new (ISOBAR_LOCATION_VARIANT_TYPE, (gint64) 0, "Nowhere",
                                           "", "", "", 95.0, 0.0, ""));
  from_bad = isobar_location_new_from_variant (bad);
  g_assert_null (from_bad);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/location/new", test_new);
  g_test_add_func ("/location/properties", test_properties);
  g_test_add_func ("/location/description", test_description);
  g_test_add_func ("/location/equal", test_equal);
  g_test_add_func ("/location/variant", test_variant);

  return g_test_run ();
}
