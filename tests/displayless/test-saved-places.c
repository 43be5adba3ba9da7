/* test-saved-places.c: the places the user keeps, in GSettings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "isobar-core.h"

typedef struct
{
  GSettings         *settings;
  IsobarSavedPlaces *places;
  guint              changes;
} Fixture;

static void
on_items_changed (Fixture *f)
{
  f->changes++;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  user_data)
{
  /* The memory backend (GSETTINGS_BACKEND=memory) lives as long as the
   * process: every case starts from the defaults. */
  f->settings = g_settings_new ("io.github.isobar.Isobar");
  g_settings_reset (f->settings, "saved-locations");
  g_settings_reset (f->settings, "selected-location");
  f->places = isobar_saved_places_new (f->settings);
  g_signal_connect_swapped (f->places, "items-changed", G_CALLBACK (on_items_changed), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  user_data)
{
  g_clear_object (&f->places);
  g_clear_object (&f->settings);
}

static guint
n_places (Fixture *f)
{
  return g_list_model_get_n_items (G_LIST_MODEL (f->places));
}

static char *
name_at (Fixture *f,
         guint    position)
{
  g_autoptr(IsobarLocation) location = g_list_model_get_item (G_LIST_MODEL (f->places), position);

  return g_strdup (isobar_location_get_name (location));
}

/* What is kept is in the setting, and a fresh model reads it back. */
static void
test_add_persists (Fixture       *f,
                   gconstpointer  user_data)
{
  g_autoptr(IsobarLocation) berlin = isobar_location_new ("Berlin", 52.52, 13.41);
  g_autoptr(IsobarLocation) oslo = isobar_location_new ("Oslo", 59.91, 10.75);
  g_autoptr(IsobarLocation) again = isobar_location_new ("Berlin (again)", 52.52, 13.41);
  g_autoptr(IsobarLocation) kept = NULL;
  g_autoptr(IsobarLocation) kept_again = NULL;
  g_autoptr(IsobarSavedPlaces) other = NULL;
  g_autoptr(GVariant) value = NULL;
  g_autofree char *second = NULL;

  g_assert_cmpuint (n_places (f), ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (f->places)) == ISOBAR_TYPE_LOCATION);

  kept = isobar_saved_places_add (f->places, berlin);
  g_assert_true (kept == berlin);
  g_object_unref (isobar_saved_places_add (f->places, oslo));
  g_assert_cmpuint (f->changes, ==, 2);

  /* The same place again: the one kept, not a second entry. */
  kept_again = isobar_saved_places_add (f->places, again);
  g_assert_true (kept_again == berlin);
  g_assert_cmpuint (n_places (f), ==, 2);
  g_assert_cmpuint (f->changes, ==, 2);

  value = g_settings_get_value (f->settings, "saved-locations");
  g_assert_cmpuint (g_variant_n_children (value), ==, 2);

  other = isobar_saved_places_new (f->settings);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (other)), ==, 2);
  second = name_at (f, 1);
  g_assert_cmpstr (second, ==, "Oslo");
}

static void
test_remove (Fixture       *f,
             gconstpointer  user_data)
{
  g_autoptr(IsobarLocation) berlin = isobar_location_new ("Berlin", 52.52, 13.41);
  g_autoptr(IsobarLocation) oslo = isobar_location_new ("Oslo", 59.91, 10.75);
  g_autoptr(IsobarLocation) lima = isobar_location_new ("Lima", -12.05, -77.04);
  g_autoptr(GVariant) value = NULL;
  guint position = G_MAXUINT;

  g_object_unref (isobar_saved_places_add (f->places, berlin));
  g_object_unref (isobar_saved_places_add (f->places, oslo));

  g_assert_false (isobar_saved_places_remove (f->places, lima, &position));
  g_assert_cmpuint (position, ==, G_MAXUINT);

  g_assert_true (isobar_saved_places_find (f->places, oslo, &position));
  g_assert_cmpuint (position, ==, 1);
  g_assert_true (isobar_saved_places_remove (f->places, berlin, &position));
  g_assert_cmpuint (position, ==, 0);
  g_assert_false (isobar_saved_places_find (f->places, berlin, NULL));
  g_assert_cmpuint (n_places (f), ==, 1);

  value = g_settings_get_value (f->settings, "saved-locations");
  g_assert_cmpuint (g_variant_n_children (value), ==, 1);
}

/* A change made elsewhere is followed; entries that are not places, and
 * repeats, are left out. */
static void
test_follows_setting (Fixture       *f,
                      gconstpointer  user_data)
{
  g_autoptr(IsobarLocation) berlin = isobar_location_new ("Berlin", 52.52, 13.41);
  g_autoptr(IsobarLocation) oslo = isobar_location_new ("Oslo", 59.91, 10.75);
  GVariantBuilder builder;
  g_autofree char *first = NULL;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a" ISOBAR_LOCATION_VARIANT_TYPE));
  g_variant_builder_add_value (&builder, isobar_location_to_variant (oslo));
  g_variant_builder_add_value (&builder, isobar_location_to_variant (berlin));
  g_variant_builder_add_value (&builder, isobar_location_to_variant (oslo));
  /* Not a place: latitude out of range. */
  g_variant_builder_add (&builder, ISOBAR_LOCATION_VARIANT_TYPE,
                         (gint64) 0, "Nowhere", "", "", "", 123.0, 0.0, "");
  g_settings_set_value (f->settings, "saved-locations", g_variant_builder_end (&builder));

  g_assert_cmpuint (n_places (f), ==, 2);
  g_assert_cmpuint (f->changes, ==, 1);
  first = name_at (f, 0);
  g_assert_cmpstr (first, ==, "Oslo");
}

static void
test_selected (Fixture       *f,
               gconstpointer  user_data)
{
  g_autoptr(IsobarLocation) oslo = isobar_location_new ("Oslo", 59.91, 10.75);
  g_autoptr(IsobarLocation) selected = NULL;
  g_autoptr(IsobarLocation) none = NULL;

  g_assert_null (isobar_saved_places_dup_selected (f->places));

  isobar_saved_places_set_selected (f->places, oslo);
  selected = isobar_saved_places_dup_selected (f->places);
  g_assert_nonnull (selected);
  g_assert_true (isobar_location_equal (selected, oslo));
  g_assert_cmpstr (isobar_location_get_name (selected), ==, "Oslo");
  /* Selecting is not keeping. */
  g_assert_cmpuint (n_places (f), ==, 0);

  isobar_saved_places_set_selected (f->places, NULL);
  none = isobar_saved_places_dup_selected (f->places);
  g_assert_null (none);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/saved-places/add-persists", Fixture, NULL, fixture_set_up, test_add_persists, fixture_tear_down);
  g_test_add ("/saved-places/remove", Fixture, NULL, fixture_set_up, test_remove, fixture_tear_down);
  g_test_add ("/saved-places/follows-setting", Fixture, NULL, fixture_set_up, test_follows_setting,
              fixture_tear_down);
  g_test_add ("/saved-places/selected", Fixture, NULL, fixture_set_up, test_selected, fixture_tear_down);

  return g_test_run ();
}
