/* test-simulator.c: IsobarSimulator runs the real isobar-sim (ISOBAR_SIM),
 * and stand-in programs for the ways a start can go wrong.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>

#include "isobar-core.h"
#include "test-util.h"

#define TIMEOUT 30

static gboolean
start (IsobarSimulator  *simulator,
       GCancellable     *cancellable,
       GError          **error)
{
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  isobar_simulator_start_async (simulator, cancellable, test_async_store_cb, &pending);
  result = test_async_wait (&pending, TIMEOUT);
  return isobar_simulator_start_finish (simulator, result, error);
}

/* Port of "http://127.0.0.1:PORT". */
static guint16
port_of (const char *base_url)
{
  g_autoptr(GUri) uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);

  g_assert_nonnull (uri);
  g_assert_cmpstr (g_uri_get_scheme (uri), ==, "http");
  g_assert_cmpstr (g_uri_get_host (uri), ==, "127.0.0.1");
  g_assert_cmpint (g_uri_get_port (uri), >, 0);
  g_assert_cmpint (g_uri_get_port (uri), <, 65536);
  return (guint16) g_uri_get_port (uri);
}

static gboolean
can_connect (guint16 port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;

  /* Loopback needs no proxy, and the system's proxy resolver needs GNOME's
   * settings schemas, which the isolated test folders do not have. */
  g_socket_client_set_enable_proxy (client, FALSE);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);
  return connection != NULL;
}

/* A stand-in program: a shell script in the test's private data folder. */
static char *
write_script (const char *name,
              const char *body)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "bin", NULL);
  g_autofree char *script = g_strconcat ("#!/bin/sh\n", body, "\n", NULL);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, script, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, 0700), ==, 0);
  return path;
}

/* Points ISOBAR_SIM at @program; returns what to give restore_program(). */
static char *
override_program (const char *program)
{
  char *saved = g_strdup (g_getenv ("ISOBAR_SIM"));

  g_setenv ("ISOBAR_SIM", program, TRUE);
  return saved;
}

/* Points ISOBAR_SIM at a new script @name running @body; returns what to
 * give restore_program(). */
static char *
override_program_with_script (const char *name,
                              const char *body)
{
  g_autofree char *script = write_script (name, body);

  return override_program (script);
}

static void
restore_program (char *saved)
{
  if (saved != NULL)
    g_setenv ("ISOBAR_SIM", saved, TRUE);
  else
    g_unsetenv ("ISOBAR_SIM");
  g_free (saved);
}

static void
assert_no_children (void)
{
  guint zombies = 0;

  g_assert_cmpuint (test_count_children (&zombies), ==, 0);
  g_assert_cmpuint (zombies, ==, 0);
}

static void
test_start_stop (void)
{
  g_autoptr(IsobarSimulator) simulator = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;
  guint zombies = 0;
  guint16 port;

  if (test_simulator_program () == NULL)
    return;

  assert_no_children ();
  simulator = isobar_simulator_new ((const char * const[]) { "--seed", "7", NULL });
  g_assert_false (isobar_simulator_is_running (simulator));
  g_assert_null (isobar_simulator_get_base_url (simulator));

  g_assert_true (start (simulator, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (isobar_simulator_is_running (simulator));
  base_url = g_strdup (isobar_simulator_get_base_url (simulator));
  g_test_message ("listening on %s", base_url);
  port = port_of (base_url);
  g_assert_true (can_connect (port));
  g_assert_cmpuint (test_count_children (&zombies), ==, 1);
  g_assert_cmpuint (zombies, ==, 0);

  /* Starting a running simulator changes nothing. */
  g_assert_true (start (simulator, NULL, &error));
  g_assert_cmpstr (isobar_simulator_get_base_url (simulator), ==, base_url);
  g_assert_cmpuint (test_count_children (NULL), ==, 1);

  /* Stopped and reaped at once: no zombie, nobody listening. */
  isobar_simulator_stop (simulator);
  g_assert_false (isobar_simulator_is_running (simulator));
  g_assert_null (isobar_simulator_get_base_url (simulator));
  assert_no_children ();
  g_assert_false (can_connect (port));

  /* Stopping twice is harmless; starting again works. */
  isobar_simulator_stop (simulator);
  g_assert_true (start (simulator, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (isobar_simulator_is_running (simulator));
  isobar_simulator_stop (simulator);
  assert_no_children ();
}

static void
test_dispose_stops (void)
{
  IsobarSimulator *simulator;
  g_autoptr(GError) error = NULL;
  guint16 port;

  if (test_simulator_program () == NULL)
    return;

  simulator = isobar_simulator_new (NULL);
  g_assert_true (start (simulator, NULL, &error));
  g_assert_no_error (error);
  port = port_of (isobar_simulator_get_base_url (simulator));

  g_object_unref (simulator);
  assert_no_children ();
  g_assert_false (can_connect (port));
}

static void
test_already_starting (void)
{
  g_autoptr(IsobarSimulator) simulator = NULL;
  g_autoptr(GAsyncResult) first_pending = NULL;
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GError) error = NULL;

  if (test_simulator_program () == NULL)
    return;

  simulator = isobar_simulator_new (NULL);
  isobar_simulator_start_async (simulator, NULL, test_async_store_cb, &first_pending);
  g_assert_false (start (simulator, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_clear_error (&error);

  first = test_async_wait (&first_pending, TIMEOUT);
  g_assert_true (isobar_simulator_start_finish (simulator, first, &error));
  g_assert_no_error (error);
  isobar_simulator_stop (simulator);
  assert_no_children ();
}

/* The sim dies on its own: the simulator notices, and starts a new one. */
static void
test_killed_outside (void)
{
  g_autoptr(IsobarSimulator) simulator = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) pids = g_array_new (FALSE, FALSE, sizeof (pid_t));
  gint64 deadline;

  if (test_simulator_program () == NULL)
    return;

  simulator = isobar_simulator_new (NULL);
  g_assert_true (start (simulator, NULL, &error));
  g_assert_no_error (error);

  /* Our only child is the sim. */
  g_assert_cmpuint (test_find_children (pids, NULL), ==, 1);
  g_assert_cmpint (kill (g_array_index (pids, pid_t, 0), SIGKILL), ==, 0);

  /* GSubprocess reaps it from GLib's worker thread. */
  deadline = g_get_monotonic_time () + TIMEOUT * G_USEC_PER_SEC;
  while (isobar_simulator_is_running (simulator) && g_get_monotonic_time () < deadline)
    test_async_spin (10);
  g_assert_false (isobar_simulator_is_running (simulator));
  g_assert_null (isobar_simulator_get_base_url (simulator));

  g_assert_true (start (simulator, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (isobar_simulator_is_running (simulator));
  isobar_simulator_stop (simulator);
  assert_no_children ();
}

static void
test_bogus_program (void)
{
  char *saved = override_program ("/nonexistent/isobar-sim");
  g_autoptr(IsobarSimulator) simulator = isobar_simulator_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;

  found = isobar_simulator_find_program (&error);
  g_assert_null (found);
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_SIMULATOR);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "/nonexistent/isobar-sim"));
  g_clear_error (&error);

  g_assert_false (start (simulator, NULL, &error));
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_SIMULATOR);
  g_assert_false (isobar_simulator_is_running (simulator));
  assert_no_children ();

  restore_program (saved);
}

/* Starting @simulator fails with a simulator error that says @expected,
 * and leaves no process behind. */
static void
assert_start_fails (IsobarSimulator *simulator,
                    const char      *expected)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (start (simulator, NULL, &error));
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_SIMULATOR);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, expected));
  assert_no_children ();
}

/* Runs a simulator whose program is the script @body: starting fails and
 * says @expected. */
static void
assert_script_fails (const char *name,
                     const char *body,
                     const char *expected)
{
  char *saved = override_program_with_script (name, body);
  g_autoptr(IsobarSimulator) simulator = isobar_simulator_new (NULL);

  assert_start_fails (simulator, expected);

  restore_program (saved);
}

/* A program that exits before it listens: its exit status, in words. */
static void
test_exits_early (void)
{
  assert_script_fails ("exits", "echo 'no port for you' >&2\nexit 3", "exited with status 3");
}

/* The real sim refuses an unknown option and exits. */
static void
test_bad_arguments (void)
{
  g_autoptr(IsobarSimulator) simulator = NULL;

  if (test_simulator_program () == NULL)
    return;

  simulator = isobar_simulator_new ((const char * const[]) { "--no-such-option", NULL });
  assert_start_fails (simulator, "exited with status");
}

static void
test_killed_early (void)
{
  assert_script_fails ("killed", "kill -9 $$", "killed by signal 9");
}

/* Other lines before the one we wait for are passed over; the extra
 * arguments reach the program; stdin closing ends it. */
static void
test_protocol (void)
{
  char *saved = override_program_with_script ("chatty",
                                              "echo 'warming up'\n"
                                              "echo \"Listening on http://127.0.0.1:4242/ $*\" >&2\n"
                                              "[ \"$1 $2 $3 $4\" = '--port 0 --exit-on-eof --seed' ] || exit 9\n"
                                              "echo 'Listening on http://127.0.0.1:4242/'\n"
                                              "cat > /dev/null");
  g_autoptr(IsobarSimulator) simulator = isobar_simulator_new ((const char * const[]) { "--seed", "1", NULL });
  g_autoptr(GError) error = NULL;
  gint64 before;

  g_assert_true (start (simulator, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (isobar_simulator_get_base_url (simulator), ==, "http://127.0.0.1:4242");

  /* cat ends on EOF: no need for the kill after a second. */
  before = g_get_monotonic_time ();
  isobar_simulator_stop (simulator);
  g_assert_cmpint (g_get_monotonic_time () - before, <, G_USEC_PER_SEC / 2);
  assert_no_children ();

  restore_program (saved);
}

/* The start pending in @pending ends cancelled. */
static void
assert_start_cancelled (IsobarSimulator  *simulator,
                        GAsyncResult    **pending)
{
  g_autoptr(GAsyncResult) result = test_async_wait (pending, TIMEOUT);
  g_autoptr(GError) error = NULL;

  g_assert_false (isobar_simulator_start_finish (simulator, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* A program that never says where it listens, and ignores EOF. */
static void
test_cancel_start (void)
{
  char *saved = override_program_with_script ("silent", "exec sleep 60");
  g_autoptr(IsobarSimulator) simulator = isobar_simulator_new (NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) pending = NULL;

  isobar_simulator_start_async (simulator, cancellable, test_async_store_cb, &pending);
  test_async_spin (200);
  g_assert_cmpuint (test_count_children (NULL), ==, 1);
  g_cancellable_cancel (cancellable);
  assert_start_cancelled (simulator, &pending);
  /* sleep ignores EOF: it was killed, and reaped. */
  assert_no_children ();

  restore_program (saved);
}

static void
test_stop_while_starting (void)
{
  char *saved = override_program_with_script ("silent", "exec sleep 60");
  g_autoptr(IsobarSimulator) simulator = isobar_simulator_new (NULL);
  g_autoptr(GAsyncResult) pending = NULL;

  isobar_simulator_start_async (simulator, NULL, test_async_store_cb, &pending);
  test_async_spin (100);
  isobar_simulator_stop (simulator);
  assert_no_children ();

  assert_start_cancelled (simulator, &pending);

  restore_program (saved);
}

/* Silent for longer than the 10 s deadline. */
static void
test_deadline (void)
{
  char *saved = override_program_with_script ("silent", "exec sleep 60");
  g_autoptr(IsobarSimulator) simulator = isobar_simulator_new (NULL);
  g_autoptr(GError) error = NULL;
  gint64 before = g_get_monotonic_time ();
  gint64 elapsed;

  g_test_message ("Waiting for the 10 s start deadline");
  g_assert_false (start (simulator, NULL, &error));
  elapsed = g_get_monotonic_time () - before;
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_SIMULATOR);
  g_test_message ("%s (after %.1f s)", error->message, elapsed / 1e6);
  g_assert_cmpint (elapsed, >=, 9 * G_USEC_PER_SEC);
  g_assert_cmpint (elapsed, <, 20 * G_USEC_PER_SEC);
  assert_no_children ();

  restore_program (saved);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/simulator/start-stop", test_start_stop);
  g_test_add_func ("/simulator/dispose-stops", test_dispose_stops);
  g_test_add_func ("/simulator/already-starting", test_already_starting);
  g_test_add_func ("/simulator/killed-outside", test_killed_outside);
  g_test_add_func ("/simulator/bad-arguments", test_bad_arguments);
  g_test_add_func ("/simulator/bogus-program", test_bogus_program);
  g_test_add_func ("/simulator/exits-early", test_exits_early);
  g_test_add_func ("/simulator/killed-early", test_killed_early);
  g_test_add_func ("/simulator/protocol", test_protocol);
  g_test_add_func ("/simulator/cancel-start", test_cancel_start);
  g_test_add_func ("/simulator/stop-while-starting", test_stop_while_starting);
  g_test_add_func ("/simulator/deadline", test_deadline);

  return g_test_run ();
}
