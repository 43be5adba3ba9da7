/* test-util.h: helpers shared by the displayless tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "isobar-pipeline.h"
#include "isobar-simulator.h"

G_BEGIN_DECLS

/* A GAsyncReadyCallback that stores the result in *(GAsyncResult **) user_data. */
static inline void
test_async_store_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

static inline gboolean
test_async_timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* A cancellable to cancel later, and when that was done. */
typedef struct
{
  GCancellable *cancellable;
  gint64        cancelled_us;  /* 0 until cancelled */
} TestCancel;

static inline void
test_cancel_now (TestCancel *cancel)
{
  cancel->cancelled_us = g_get_monotonic_time ();
  g_cancellable_cancel (cancel->cancellable);
}

/* A GSourceFunc cancelling the TestCancel at @user_data, once. */
static inline gboolean
test_cancel_source_cb (gpointer user_data)
{
  test_cancel_now (user_data);
  return G_SOURCE_REMOVE;
}

/* Iterates the default main context until *@result is set (by
 * test_async_store_cb) and returns it, stolen; fails the test after
 * @timeout_seconds, so that a bug never hangs the suite. */
static inline GAsyncResult *
test_async_wait (GAsyncResult **result,
                 guint          timeout_seconds)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (timeout_seconds, test_async_timeout_cb, &timed_out);

  while (*result == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("No answer within %u seconds", timeout_seconds);

  g_source_remove (id);
  return g_steal_pointer (result);
}

/* Iterates the default main context for @milliseconds. */
static inline void
test_async_spin (guint milliseconds)
{
  gboolean done = FALSE;

  g_timeout_add (milliseconds, test_async_timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* The processes whose parent is @parent, zombies included, read from
 * /proc: a GSubprocess that was not reaped shows up here as state 'Z'.
 * Returns the number of children; @zombies counts those not reaped; @pids
 * (an array of pid_t, nullable) receives them. */
static inline guint
test_find_children_of (pid_t   parent,
                       GArray *pids,
                       guint  *zombies)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  const char *name;
  guint children = 0;

  if (zombies != NULL)
    *zombies = 0;
  g_assert_nonnull (dir);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *stat = NULL;
      const char *end;
      char state;
      long ppid;

      if (!g_ascii_isdigit (name[0]))
        continue;
      path = g_build_filename ("/proc", name, "stat", NULL);
      if (!g_file_get_contents (path, &stat, NULL, NULL))
        continue;

      /* "pid (comm) S ppid …", and comm may hold anything. */
      end = strrchr (stat, ')');
      if (end == NULL || sscanf (end + 1, " %c %ld", &state, &ppid) != 2)
        continue;
      if (ppid != (long) parent)
        continue;

      children++;
      if (pids != NULL)
        {
          pid_t pid = (pid_t) atol (name);

          g_array_append_val (pids, pid);
        }
      if (state == 'Z' && zombies != NULL)
        (*zombies)++;
    }

  return children;
}

/* The name of process @pid (/proc/PID/comm, a zombie's too), or NULL when
 * it is gone. */
static inline char *
test_process_name (pid_t pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/comm", (int) pid);
  char *name = NULL;

  if (!g_file_get_contents (path, &name, NULL, NULL))
    return NULL;
  return g_strstrip (name);
}

/* The same for this process's own children. */
static inline guint
test_find_children (GArray *pids,
                    guint  *zombies)
{
  return test_find_children_of (getpid (), pids, zombies);
}

/* The contents of the file at @path; fails the test if it cannot be read. */
static inline GBytes *
test_load_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

/* The entries of a list file such as po/POTFILES.in, one a line, in
 * their order: without the spaces around them, "#" comments and blank
 * lines. Fails the test if the file cannot be read. */
static inline GStrv
test_read_list (const char *path)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GStrvBuilder) entries = g_strv_builder_new ();
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *entry = g_strstrip (lines[i]);

      if (entry[0] != '\0' && entry[0] != '#')
        g_strv_builder_add (entries, entry);
    }

  return g_strv_builder_end (entries);
}

/* The entries of po/POTFILES.in below @root. */
static inline GStrv
test_read_potfiles (const char *root)
{
  g_autofree char *path = g_build_filename (root, "po", "POTFILES.in", NULL);

  return test_read_list (path);
}

/* Epoch seconds of a UTC wall-clock time, computed independently of the
 * code under test. */
static inline gint64
test_utc (int year,
          int month,
          int day,
          int hour,
          int minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (year, month, day, hour, minute, 0);

  return g_date_time_to_unix (dt);
}

/* The built isobar-sim named by ISOBAR_SIM, or NULL after skipping the test. */
static inline const char *
test_simulator_program (void)
{
  const char *sim = g_getenv ("ISOBAR_SIM");

  if (sim == NULL || !g_file_test (sim, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("ISOBAR_SIM does not name the built isobar-sim");
      return NULL;
    }
  return sim;
}

/* Whether ISOBAR_HELPER names the built isobar-helper; skips the test when
 * it does not. */
static inline gboolean
test_have_helper (void)
{
  const char *helper = g_getenv ("ISOBAR_HELPER");

  if (helper == NULL || !g_file_test (helper, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("ISOBAR_HELPER does not name the built isobar-helper");
      return FALSE;
    }

  return TRUE;
}

/* Runs @pipeline on @locations, iterating the default main context, and
 * returns its record (NULL with @error); fails the test after
 * @timeout_seconds. */
static inline IsobarRunRecord *
test_run_pipeline (IsobarPipeline  *pipeline,
                   GPtrArray       *locations,
                   GCancellable    *cancellable,
                   guint            timeout_seconds,
                   GError         **error)
{
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  isobar_pipeline_run_async (pipeline, locations, cancellable, test_async_store_cb, &pending);
  result = test_async_wait (&pending, timeout_seconds);

  return isobar_pipeline_run_finish (pipeline, result, error);
}

/* A running private isobar-sim started with @arguments, or NULL after
 * skipping the test when the program is not there. */
static inline IsobarSimulator *
test_start_simulator (const char * const *arguments,
                      guint               timeout_seconds)
{
  g_autoptr(IsobarSimulator) simulator = NULL;
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (test_simulator_program () == NULL)
    return NULL;

  simulator = isobar_simulator_new (arguments);
  isobar_simulator_start_async (simulator, NULL, test_async_store_cb, &pending);
  result = test_async_wait (&pending, timeout_seconds);
  isobar_simulator_start_finish (simulator, result, &error);
  g_assert_no_error (error);
  g_test_message ("isobar-sim %s on %s",
                  arguments != NULL && arguments[0] != NULL ? arguments[0] : "",
                  isobar_simulator_get_base_url (simulator));
  return g_steal_pointer (&simulator);
}

static inline guint
test_count_children (guint *zombies)
{
  return test_find_children (NULL, zombies);
}

/* In a test subprocess: lowers the descriptor limit to 64 and takes every
 * descriptor left, so that the next pipe () or open () fails with EMFILE.
 * Make what needs a descriptor itself (a GMainContext) first. */
static inline GArray *
test_take_all_descriptors (void)
{
  struct rlimit limit = { 64, 64 };
  GArray *taken = g_array_new (FALSE, FALSE, sizeof (int));
  int fd;

  g_assert_cmpint (setrlimit (RLIMIT_NOFILE, &limit), ==, 0);
  while ((fd = dup (STDERR_FILENO)) >= 0)
    g_array_append_val (taken, fd);
  return taken;
}

/* Gives them back, for what the process does on its way out (a sanitizer
 * reads /proc). */
static inline void
test_give_back_descriptors (GArray *taken)
{
  for (guint i = 0; i < taken->len; i++)
    close (g_array_index (taken, int, i));
  g_array_unref (taken);
}

G_END_DECLS
