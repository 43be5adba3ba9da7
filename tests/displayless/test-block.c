/* test-block.c: IsobarBlock, the columns of a response
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "isobar-core.h"

static IsobarBlock *
make_block (void)
{
  const gint64 times[] = { 0, 3600, 7200 };
  const double temperature[] = { 1.5, NAN, -2.0 };
  const double humidity[] = { 80, 85, 90 };
  IsobarBlock *block = isobar_block_new (times, G_N_ELEMENTS (times));

  isobar_block_add_variable (block, "temperature_2m", "°C", temperature);
  isobar_block_add_variable (block, "relative_humidity_2m", "%", humidity);
  return block;
}

static void
test_basics (void)
{
  g_autoptr(IsobarBlock) block = make_block ();
  const char * const expected[] = { "temperature_2m", "relative_humidity_2m", NULL };

  g_assert_cmpuint (isobar_block_get_length (block), ==, 3);
  g_assert_cmpint (isobar_block_get_times (block)[2], ==, 7200);
  g_assert_cmpstrv (isobar_block_get_variables (block), expected);

  g_assert_true (isobar_block_has_variable (block, "temperature_2m"));
  g_assert_false (isobar_block_has_variable (block, "snowfall"));
  g_assert_false (isobar_block_has_variable (block, NULL));

  g_assert_cmpfloat (isobar_block_get_value (block, "temperature_2m", 0), ==, 1.5);
  g_assert_true (isnan (isobar_block_get_value (block, "temperature_2m", 1)));
  g_assert_cmpfloat (isobar_block_get_values (block, "relative_humidity_2m")[2], ==, 90.0);
  g_assert_cmpstr (isobar_block_get_unit (block, "temperature_2m"), ==, "°C");
  g_assert_null (isobar_block_get_unit (block, "snowfall"));

  /* Out of range or unknown: NAN. */
  g_assert_true (isnan (isobar_block_get_value (block, "temperature_2m", 3)));
  g_assert_true (isnan (isobar_block_get_value (block, "temperature_2m", G_MAXUINT)));
  g_assert_true (isnan (isobar_block_get_value (block, "snowfall", 0)));
  g_assert_null (isobar_block_get_values (block, "snowfall"));
}

static void
test_copies (void)
{
  gint64 times[] = { 10, 20 };
  double values[] = { 1.0, 2.0 };
  g_autoptr(IsobarBlock) block = isobar_block_new (times, 2);

  isobar_block_add_variable (block, "x", NULL, values);
  /* The block owns copies: the caller's arrays may change. */
  times[0] = 99;
  values[0] = 99.0;
  g_assert_cmpint (isobar_block_get_times (block)[0], ==, 10);
  g_assert_cmpfloat (isobar_block_get_value (block, "x", 0), ==, 1.0);
  /* No unit given: empty, not NULL. */
  g_assert_cmpstr (isobar_block_get_unit (block, "x"), ==, "");
}

static void
test_replace (void)
{
  g_autoptr(IsobarBlock) block = make_block ();
  const double other[] = { 10, 20, 30 };
  const double extra[] = { 0, 0, 0 };
  const char * const expected[] = { "temperature_2m", "relative_humidity_2m", "snowfall", NULL };

  /* Same name: replaced in place, the order kept. */
  isobar_block_add_variable (block, "snowfall", "cm", extra);
  isobar_block_add_variable (block, "temperature_2m", "°F", other);
  g_assert_cmpstrv (isobar_block_get_variables (block), expected);
  g_assert_cmpfloat (isobar_block_get_value (block, "temperature_2m", 1), ==, 20.0);
  g_assert_cmpstr (isobar_block_get_unit (block, "temperature_2m"), ==, "°F");
}

static void
test_empty (void)
{
  g_autoptr(IsobarBlock) block = isobar_block_new (NULL, 0);
  const char * const none[] = { NULL };

  g_assert_cmpuint (isobar_block_get_length (block), ==, 0);
  g_assert_nonnull (isobar_block_get_times (block));
  g_assert_cmpstrv (isobar_block_get_variables (block), none);
  isobar_block_add_variable (block, "x", "", NULL);
  g_assert_true (isobar_block_has_variable (block, "x"));
  g_assert_true (isnan (isobar_block_get_value (block, "x", 0)));
}

static void
test_boxed (void)
{
  g_autoptr(IsobarBlock) block = make_block ();
  IsobarBlock *copy;
  GValue value = G_VALUE_INIT;

  g_assert_true (G_TYPE_IS_BOXED (ISOBAR_TYPE_BLOCK));

  /* A copy is a reference to the same immutable block. */
  copy = g_boxed_copy (ISOBAR_TYPE_BLOCK, block);
  g_assert_true (copy == block);
  g_boxed_free (ISOBAR_TYPE_BLOCK, copy);

  g_value_init (&value, ISOBAR_TYPE_BLOCK);
  g_value_set_boxed (&value, block);
  g_assert_true (g_value_get_boxed (&value) == block);
  g_value_unset (&value);

  g_assert_cmpuint (isobar_block_get_length (block), ==, 3);
}

/* Many threads read and ref/unref one block at once; each owns the
 * reference it was given. */
static gpointer
reader_thread (gpointer data)
{
  IsobarBlock *block = data;
  double sum = 0;

  for (guint round = 0; round < 20000; round++)
    {
      IsobarBlock *ref = isobar_block_ref (block);

      sum += isobar_block_get_value (ref, "relative_humidity_2m", round % 3);
      g_assert_cmpstr (isobar_block_get_variables (ref)[1], ==, "relative_humidity_2m");
      isobar_block_unref (ref);
    }

  /* Rounds 0…19999: indices 0 and 1 come 6667 times, index 2 6666 times. */
  g_assert_cmpfloat (sum, ==, 6667 * 80.0 + 6667 * 85.0 + 6666 * 90.0);
  isobar_block_unref (block);
  return NULL;
}

static void
test_threads (void)
{
  IsobarBlock *block = make_block ();
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("reader", reader_thread, isobar_block_ref (block));

  /* The creator lets go first: the readers' references keep it alive. */
  isobar_block_unref (block);

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/block/basics", test_basics);
  g_test_add_func ("/block/copies", test_copies);
  g_test_add_func ("/block/replace", test_replace);
  g_test_add_func ("/block/empty", test_empty);
  g_test_add_func ("/block/boxed", test_boxed);
  g_test_add_func ("/block/threads", test_threads);

  return g_test_run ();
}
