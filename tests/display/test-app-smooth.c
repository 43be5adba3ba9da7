/* test-app-smooth.c: the Recommended preset keeps the window smooth, from
 * the first run after launch on: three runs in a row in one window, none
 * frozen, no stall and no frame anywhere near a freeze. The bounds are
 * looser than the verdict's lines (a long task is 50 ms, a Janky frame
 * 33 ms), which stay as they are: on a loaded 2-core CI machine one GTK
 * frame (paint and hand-over under cairo) can take 50 ms by itself, and
 * such a test would flip. The benchmark (build-aux/bench-ui.sh) holds the
 * tight figures. Alone on the machine (not parallel), or it measures other
 * tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "app-fixture.h"

#define N_RUNS 3
/* Six refreshes: what the UI-thread preset or helpers spawned on the UI
 * thread cause, and no load should. */
#define MAX_FRAME_MS 100.0
#define MAX_STALL_MS 100.0

static void
log_late (IsobarRunRecord *record)
{
  const IsobarLateEvent *events;
  guint n_events;

  for (int kind = ISOBAR_LATE_FRAME; kind <= ISOBAR_LATE_STALL; kind++)
    {
      events = isobar_run_record_get_late (record, kind, &n_events);
      for (guint i = 0; i < n_events; i++)
        {
          g_autofree char *text = isobar_late_event_to_string (&events[i]);

          g_test_message ("%s at %.0f ms: %s", kind == ISOBAR_LATE_FRAME ? "late frame" : "stall",
                          events[i].at_ms, text);
        }
    }
}

static void
recommended_body (AppFixture *f)
{
  for (guint i = 0; i < N_RUNS; i++)
    {
      g_autoptr(IsobarRunRecord) record = app_fixture_run_preset (f, "recommended");
      g_autofree char *verdict = isobar_verdict_describe (record);
      const IsobarRunFigures *figures = isobar_run_record_get_figures (record);
      const IsobarRunFrames *frames = isobar_run_record_get_frames (record);
      const IsobarLateEvent *late;
      guint n_late;

      app_fixture_log_record (record);
      g_test_message ("run %u: %s", i + 1, verdict);
      log_late (record);

      g_assert_cmpstr (isobar_run_record_get_compute_strategy (record), ==, "process-pool");
      g_assert_true (frames->has_frames);
      g_assert_cmpfloat (figures->lateness.max, <, MAX_STALL_MS);
      g_assert_cmpfloat (frames->longest_frame_ms, <, MAX_FRAME_MS);
      g_assert_cmpint (isobar_verdict_level (record), !=, ISOBAR_VERDICT_FROZEN);

      /* Every slow frame of the run is explained, the longest kept (a slow
       * frame still in progress when the run ended is counted, not explained). */
      late = isobar_run_record_get_late (record, ISOBAR_LATE_FRAME, &n_late);
      g_assert_cmpuint (n_late, <=, frames->slow_frames);
      g_assert_cmpuint (n_late + 1, >=, MIN (frames->slow_frames, 20));
      for (guint j = 0; j < n_late; j++)
        g_assert_cmpfloat (late[j].ms, >, ISOBAR_SLOW_FRAME_MS);
    }
}

APP_TEST (recommended)

int
main (int   argc,
      char *argv[])
{
  display_remember_system_dirs ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  display_init ();

  g_test_add ("/app-smooth/recommended", AppFixture, NULL, app_fixture_set_up, test_app_recommended,
              app_fixture_tear_down);

  return g_test_run ();
}
