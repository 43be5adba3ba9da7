/* test-preset.c: the presets of the responsiveness panel, their names, and
 * applying them to GSettings (memory backend).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "isobar-error.h"
#include "isobar-preset.h"

#define SCHEMA_ID "io.github.isobar.Isobar"

static const IsobarFetchStrategy all_fetch[] = {
  ISOBAR_FETCH_UI_THREAD,
  ISOBAR_FETCH_WORKER,
  ISOBAR_FETCH_THREAD_POOL,
  ISOBAR_FETCH_ASYNC,
};

static const IsobarComputeStrategy all_compute[] = {
  ISOBAR_COMPUTE_UI_THREAD,
  ISOBAR_COMPUTE_THREAD_POOL,
  ISOBAR_COMPUTE_GIL_THREADS,
  ISOBAR_COMPUTE_PROCESS_POOL,
  ISOBAR_COMPUTE_PICKLE_POOL,
  ISOBAR_COMPUTE_PROCESS_PER_JOB,
};

static void
test_list (void)
{
  const char * const expected[] = {
    "recommended", "ui-thread", "python-threads", "python-multiprocessing", "custom", NULL,
  };
  const char * const *ids = isobar_preset_list ();

  g_assert_cmpstrv (ids, expected);
  for (guint i = 0; ids[i] != NULL; i++)
    g_assert_true (isobar_preset_is_valid (ids[i]));

  g_assert_false (isobar_preset_is_valid ("fastest"));
  g_assert_false (isobar_preset_is_valid (""));
  g_assert_false (isobar_preset_is_valid ("Recommended"));
  g_assert_false (isobar_preset_is_valid (NULL));
}

static void
assert_strategies (const char            *id,
                   IsobarFetchStrategy    fetch,
                   IsobarComputeStrategy  compute)
{
  IsobarFetchStrategy got_fetch = ISOBAR_FETCH_ASYNC;
  IsobarComputeStrategy got_compute = ISOBAR_COMPUTE_THREAD_POOL;

  g_assert_true (isobar_preset_get_strategies (id, &got_fetch, &got_compute));
  g_assert_cmpint (got_fetch, ==, fetch);
  g_assert_cmpint (got_compute, ==, compute);
}

/* DESIGN.md, "Strategies". */
static void
test_strategies (void)
{
  IsobarFetchStrategy fetch = ISOBAR_FETCH_ASYNC;
  IsobarComputeStrategy compute = ISOBAR_COMPUTE_THREAD_POOL;

  assert_strategies (ISOBAR_PRESET_RECOMMENDED, ISOBAR_FETCH_THREAD_POOL, ISOBAR_COMPUTE_PROCESS_POOL);
  assert_strategies (ISOBAR_PRESET_UI_THREAD, ISOBAR_FETCH_UI_THREAD, ISOBAR_COMPUTE_UI_THREAD);
  assert_strategies (ISOBAR_PRESET_PYTHON_THREADS, ISOBAR_FETCH_THREAD_POOL, ISOBAR_COMPUTE_GIL_THREADS);
  /* A persistent pool shipping every job, as ProcessPoolExecutor; not a
   * process per job, which Python's pools never pay for. */
  assert_strategies (ISOBAR_PRESET_PYTHON_MULTIPROCESSING, ISOBAR_FETCH_THREAD_POOL,
                     ISOBAR_COMPUTE_PICKLE_POOL);

  /* Neither custom nor an unknown id has strategies; nothing is written. */
  g_assert_false (isobar_preset_get_strategies (ISOBAR_PRESET_CUSTOM, &fetch, &compute));
  g_assert_false (isobar_preset_get_strategies ("fastest", &fetch, &compute));
  g_assert_false (isobar_preset_get_strategies (NULL, &fetch, &compute));
  g_assert_cmpint (fetch, ==, ISOBAR_FETCH_ASYNC);
  g_assert_cmpint (compute, ==, ISOBAR_COMPUTE_THREAD_POOL);
}

/* Every pair of strategies matches the one preset that has it, or custom. */
static void
test_match (void)
{
  guint matched = 0;

  for (guint f = 0; f < G_N_ELEMENTS (all_fetch); f++)
    for (guint c = 0; c < G_N_ELEMENTS (all_compute); c++)
      {
        const char *id = isobar_preset_match (all_fetch[f], all_compute[c]);
        IsobarFetchStrategy fetch;
        IsobarComputeStrategy compute;

        g_assert_true (isobar_preset_is_valid (id));
        if (g_str_equal (id, ISOBAR_PRESET_CUSTOM))
          {
            /* No preset has this pair. */
            for (const char * const *ids = isobar_preset_list (); *ids != NULL; ids++)
              if (isobar_preset_get_strategies (*ids, &fetch, &compute))
                g_assert_false (fetch == all_fetch[f] && compute == all_compute[c]);
            continue;
          }

        matched++;
        g_assert_true (isobar_preset_get_strategies (id, &fetch, &compute));
        g_assert_cmpint (fetch, ==, all_fetch[f]);
        g_assert_cmpint (compute, ==, all_compute[c]);
      }

  g_assert_cmpuint (matched, ==, 4);
  g_assert_cmpstr (isobar_preset_match (ISOBAR_FETCH_THREAD_POOL, ISOBAR_COMPUTE_PROCESS_POOL), ==, "recommended");
  g_assert_cmpstr (isobar_preset_match (ISOBAR_FETCH_ASYNC, ISOBAR_COMPUTE_PROCESS_POOL), ==, "custom");
  g_assert_cmpstr (isobar_preset_match (ISOBAR_FETCH_UI_THREAD, ISOBAR_COMPUTE_THREAD_POOL), ==, "custom");
  g_assert_cmpstr (isobar_preset_match (ISOBAR_FETCH_THREAD_POOL, ISOBAR_COMPUTE_PICKLE_POOL), ==,
                   "python-multiprocessing");
  /* process-per-job is a Custom choice. */
  g_assert_cmpstr (isobar_preset_match (ISOBAR_FETCH_THREAD_POOL, ISOBAR_COMPUTE_PROCESS_PER_JOB), ==, "custom");
}

static void
test_labels (void)
{
  g_autoptr(GHashTable) labels = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) descriptions = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) fetch_labels = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) compute_labels = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpstr (isobar_preset_get_label (ISOBAR_PRESET_RECOMMENDED), ==, "Recommended");
  g_assert_cmpstr (isobar_preset_get_label (ISOBAR_PRESET_UI_THREAD), ==, "Everything on the UI Thread");
  g_assert_cmpstr (isobar_preset_get_label (ISOBAR_PRESET_PYTHON_THREADS), ==, "Python Threads");
  g_assert_cmpstr (isobar_preset_get_label (ISOBAR_PRESET_PYTHON_MULTIPROCESSING), ==, "Python Multiprocessing");
  g_assert_cmpstr (isobar_preset_get_label (ISOBAR_PRESET_CUSTOM), ==, "Custom");
  g_assert_nonnull (strstr (isobar_preset_get_description (ISOBAR_PRESET_PYTHON_THREADS), "interpreter lock"));
  {
    const char *multiprocessing = isobar_preset_get_description (ISOBAR_PRESET_PYTHON_MULTIPROCESSING);

    /* What is emulated, in plain words. */
    g_assert_nonnull (strstr (multiprocessing, "started once"));
    g_assert_nonnull (strstr (multiprocessing, "ProcessPoolExecutor"));
    g_assert_nonnull (strstr (multiprocessing, "multiprocessing.Pool"));
    g_assert_nonnull (strstr (multiprocessing, "result back"));
    g_assert_null (strstr (multiprocessing, "fresh"));
  }

  for (const char * const *ids = isobar_preset_list (); *ids != NULL; ids++)
    {
      const char *label = isobar_preset_get_label (*ids);
      const char *description = isobar_preset_get_description (*ids);

      g_test_message ("%s: %s — %s", *ids, label, description);
      g_assert_true (g_hash_table_add (labels, (gpointer) label));
      g_assert_true (g_hash_table_add (descriptions, (gpointer) description));
      /* One sentence. */
      g_assert_true (g_str_has_suffix (description, "."));
      g_assert_null (strstr (description, ". "));
      g_assert_true (g_ascii_isupper (description[0]));
    }

  for (guint i = 0; i < G_N_ELEMENTS (all_fetch); i++)
    {
      const char *label = isobar_fetch_strategy_get_label (all_fetch[i]);

      g_assert_nonnull (label);
      g_assert_true (g_hash_table_add (fetch_labels, (gpointer) label));
    }
  for (guint i = 0; i < G_N_ELEMENTS (all_compute); i++)
    {
      const char *label = isobar_compute_strategy_get_label (all_compute[i]);

      g_assert_nonnull (label);
      g_assert_true (g_hash_table_add (compute_labels, (gpointer) label));
    }
  g_assert_cmpstr (isobar_fetch_strategy_get_label (ISOBAR_FETCH_ASYNC), ==, "Asynchronous (libsoup)");
  g_assert_cmpstr (isobar_compute_strategy_get_label (ISOBAR_COMPUTE_GIL_THREADS), ==,
                   "Threads with an interpreter lock");
  g_assert_cmpstr (isobar_compute_strategy_get_label (ISOBAR_COMPUTE_PICKLE_POOL), ==,
                   "Process pool shipping every job, as Python’s ProcessPoolExecutor");
}

typedef struct
{
  guint n_events;
  guint n_inconsistent;
} Watch;

/* Whatever a listener reads, the preset fits the strategies. */
static void
on_changed (GSettings  *settings,
            const char *key,
            Watch      *watch)
{
  g_autofree char *preset = g_settings_get_string (settings, "preset");
  g_autofree char *fetch_id = g_settings_get_string (settings, "fetch-strategy");
  g_autofree char *compute_id = g_settings_get_string (settings, "compute-strategy");
  IsobarFetchStrategy fetch;
  IsobarComputeStrategy compute;

  watch->n_events++;
  g_assert_true (isobar_fetch_strategy_from_string (fetch_id, &fetch));
  g_assert_true (isobar_compute_strategy_from_string (compute_id, &compute));
  if (!g_str_equal (preset, ISOBAR_PRESET_CUSTOM) &&
      !g_str_equal (preset, isobar_preset_match (fetch, compute)))
    watch->n_inconsistent++;
}

static void
flush_main_context (void)
{
  for (guint i = 0; i < 100 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

static void
assert_settings (GSettings  *settings,
                 const char *preset,
                 const char *fetch,
                 const char *compute)
{
  g_autofree char *got_preset = g_settings_get_string (settings, "preset");
  g_autofree char *got_fetch = g_settings_get_string (settings, "fetch-strategy");
  g_autofree char *got_compute = g_settings_get_string (settings, "compute-strategy");

  g_assert_cmpstr (got_preset, ==, preset);
  g_assert_cmpstr (got_fetch, ==, fetch);
  g_assert_cmpstr (got_compute, ==, compute);
}

static void
test_apply (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  g_autoptr(GSettings) other = g_settings_new (SCHEMA_ID);
  g_autoptr(GError) error = NULL;
  Watch watch = { 0 };
  gboolean delayed = TRUE;

  g_assert_cmpstr (g_getenv ("GSETTINGS_BACKEND"), ==, "memory");
  assert_settings (settings, "recommended", "thread-pool", "process-pool");
  g_signal_connect (other, "changed", G_CALLBACK (on_changed), &watch);

  g_assert_true (isobar_preset_apply (settings, ISOBAR_PRESET_UI_THREAD, &error));
  g_assert_no_error (error);
  flush_main_context ();
  assert_settings (settings, "ui-thread", "ui-thread", "ui-thread");
  assert_settings (other, "ui-thread", "ui-thread", "ui-thread");
  g_assert_cmpuint (watch.n_events, >, 0);

  g_assert_true (isobar_preset_apply (settings, ISOBAR_PRESET_PYTHON_MULTIPROCESSING, &error));
  flush_main_context ();
  assert_settings (other, "python-multiprocessing", "thread-pool", "pickle-pool");

  g_assert_true (isobar_preset_apply (settings, ISOBAR_PRESET_PYTHON_THREADS, &error));
  flush_main_context ();
  assert_settings (other, "python-threads", "thread-pool", "gil-threads");

  /* Listeners never saw a preset with another preset's strategies. */
  g_assert_cmpuint (watch.n_inconsistent, ==, 0);

  /* Custom keeps the strategies. */
  g_assert_true (isobar_preset_apply (settings, ISOBAR_PRESET_CUSTOM, &error));
  flush_main_context ();
  assert_settings (other, "custom", "thread-pool", "gil-threads");

  g_assert_true (isobar_preset_apply (settings, ISOBAR_PRESET_RECOMMENDED, &error));
  flush_main_context ();
  assert_settings (other, "recommended", "thread-pool", "process-pool");

  /* An unknown id changes nothing. */
  g_assert_false (isobar_preset_apply (settings, "fastest", &error));
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "fastest"));
  g_clear_error (&error);
  assert_settings (other, "recommended", "thread-pool", "process-pool");

  /* @settings itself was not left in delay-apply mode: its writes land at
   * once. */
  g_object_get (settings, "delay-apply", &delayed, NULL);
  g_assert_false (delayed);
  g_assert_false (g_settings_get_has_unapplied (settings));
  g_assert_true (g_settings_set_string (settings, "fetch-strategy", "async"));
  assert_settings (other, "recommended", "async", "process-pool");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/preset/list", test_list);
  g_test_add_func ("/preset/strategies", test_strategies);
  g_test_add_func ("/preset/match", test_match);
  g_test_add_func ("/preset/labels", test_labels);
  g_test_add_func ("/preset/apply", test_apply);

  return g_test_run ();
}
