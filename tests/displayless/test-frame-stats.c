/* test-frame-stats.c: frame and input-delay figures from synthetic
 * timestamps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "isobar-frame-stats.h"

#define EPS 1e-9
/* An arbitrary monotonic origin, far from 0 like a real one. */
#define T0 ((gint64) 5000 * G_USEC_PER_SEC)
/* One refresh at 60 Hz, µs (16 666.67 rounded up, as a 60 Hz display
 * spaces its frames by whole microseconds). */
#define FRAME_US 16667

static void
test_empty (void)
{
  g_autoptr(IsobarFrameStats) stats = isobar_frame_stats_new ();
  IsobarRunFrames frames;

  isobar_frame_stats_start (stats, T0);

  /* Nothing yet, and nothing in progress that is late. */
  isobar_frame_stats_get (stats, T0, &frames);
  g_assert_false (frames.has_frames);
  g_assert_false (frames.has_input_delay);
  g_assert_cmpuint (frames.n_frames, ==, 0);
  g_assert_cmpfloat (frames.fps, ==, 0.0);
  g_assert_cmpuint (frames.slow_frames, ==, 0);
  g_assert_cmpuint (frames.frozen_frames, ==, 0);
  g_assert_cmpuint (frames.dropped_frames, ==, 0);
  g_assert_cmpfloat (frames.longest_frame_ms, ==, 0.0);
  g_assert_cmpuint (frames.n_input_events, ==, 0);
  g_assert_cmpfloat (frames.input_delay_ms, ==, 0.0);

  isobar_frame_stats_get (stats, T0 + 10000, &frames);
  g_assert_false (frames.has_frames);
  g_assert_cmpuint (frames.slow_frames, ==, 0);
}

static void
test_steady_60hz (void)
{
  g_autoptr(IsobarFrameStats) stats = isobar_frame_stats_new ();
  IsobarRunFrames frames;
  gint64 t = T0;

  isobar_frame_stats_start (stats, T0);
  for (guint i = 0; i < 120; i++)
    {
      t += FRAME_US;
      isobar_frame_stats_add_frame (stats, t);
    }

  /* Asked right after the last frame. */
  isobar_frame_stats_get (stats, t, &frames);
  g_assert_true (frames.has_frames);
  g_assert_cmpuint (frames.n_frames, ==, 120);
  g_assert_cmpfloat_with_epsilon (frames.fps, 120 / (120 * FRAME_US / 1e6), EPS);
  g_assert_cmpfloat (fabs (frames.fps - 60.0), <, 0.01);
  g_assert_cmpuint (frames.slow_frames, ==, 0);
  g_assert_cmpuint (frames.frozen_frames, ==, 0);
  g_assert_cmpuint (frames.dropped_frames, ==, 0);
  g_assert_cmpfloat_with_epsilon (frames.longest_frame_ms, FRAME_US / 1000.0, EPS);

  /* Asked between two frames: the frame in progress is not late, it adds
   * nothing. */
  isobar_frame_stats_get (stats, t + 10000, &frames);
  g_assert_cmpuint (frames.n_frames, ==, 120);
  g_assert_cmpuint (frames.slow_frames, ==, 0);
  g_assert_cmpuint (frames.dropped_frames, ==, 0);
  g_assert_cmpfloat_with_epsilon (frames.longest_frame_ms, FRAME_US / 1000.0, EPS);
}

static void
test_one_long_gap (void)
{
  g_autoptr(IsobarFrameStats) stats = isobar_frame_stats_new ();
  IsobarRunFrames frames;
  gint64 t = T0;

  isobar_frame_stats_start (stats, T0);
  for (guint i = 0; i < 60; i++)
    isobar_frame_stats_add_frame (stats, t += FRAME_US);

  /* The main loop blocked for 2.3 s, then it recovers. */
  isobar_frame_stats_add_frame (stats, t += 2300 * 1000);
  for (guint i = 0; i < 60; i++)
    isobar_frame_stats_add_frame (stats, t += FRAME_US);

  isobar_frame_stats_get (stats, t, &frames);
  g_assert_true (frames.has_frames);
  g_assert_cmpuint (frames.n_frames, ==, 121);
  g_assert_cmpuint (frames.slow_frames, ==, 1);
  g_assert_cmpuint (frames.frozen_frames, ==, 1);
  /* round (2300 / 16.667) − 1 = 138 − 1 */
  g_assert_cmpuint (frames.dropped_frames, ==, 137);
  g_assert_cmpfloat_with_epsilon (frames.longest_frame_ms, 2300.0, EPS);
  /* 121 frames in 4.3 s */
  g_assert_cmpfloat_with_epsilon (frames.fps, 121 / ((120 * FRAME_US + 2300000) / 1e6), EPS);
}

static void
test_thresholds (void)
{
  g_autoptr(IsobarFrameStats) stats = isobar_frame_stats_new ();
  IsobarRunFrames frames;
  gint64 t = T0;

  isobar_frame_stats_start (stats, T0);
  /* 16.667 ms and 25 ms are not slow: one interval, or jitter around it;
   * 25.001 ms missed a refresh: slow, and one frame dropped (1.5 intervals
   * round to 2). */
  isobar_frame_stats_add_frame (stats, t += 16667);
  isobar_frame_stats_get (stats, t, &frames);
  g_assert_cmpuint (frames.slow_frames, ==, 0);

  isobar_frame_stats_add_frame (stats, t += 25000);
  isobar_frame_stats_get (stats, t, &frames);
  g_assert_cmpuint (frames.slow_frames, ==, 0);
  g_assert_cmpuint (frames.dropped_frames, ==, 0);

  isobar_frame_stats_add_frame (stats, t += 25001);
  isobar_frame_stats_get (stats, t, &frames);
  g_assert_cmpuint (frames.slow_frames, ==, 1);
  g_assert_cmpuint (frames.dropped_frames, ==, 1);
  g_assert_cmpuint (frames.frozen_frames, ==, 0);

  /* 700 ms exactly is slow but not frozen; 700.001 ms is frozen. */
  isobar_frame_stats_add_frame (stats, t += 700000);
  isobar_frame_stats_get (stats, t, &frames);
  g_assert_cmpuint (frames.slow_frames, ==, 2);
  g_assert_cmpuint (frames.frozen_frames, ==, 0);
  g_assert_cmpuint (frames.dropped_frames, ==, 1 + 41);  /* round (42.0) − 1 */

  isobar_frame_stats_add_frame (stats, t += 700001);
  isobar_frame_stats_get (stats, t, &frames);
  g_assert_cmpuint (frames.slow_frames, ==, 3);
  g_assert_cmpuint (frames.frozen_frames, ==, 1);
  g_assert_cmpuint (frames.n_frames, ==, 5);
  g_assert_cmpfloat_with_epsilon (frames.longest_frame_ms, 700.001, EPS);
}

static void
test_first_frame_from_start (void)
{
  g_autoptr(IsobarFrameStats) stats = isobar_frame_stats_new ();
  IsobarRunFrames frames;

  /* The run starts, the loop blocks for a second, then the first frame. */
  isobar_frame_stats_start (stats, T0);
  isobar_frame_stats_add_frame (stats, T0 + G_USEC_PER_SEC);
  isobar_frame_stats_get (stats, T0 + G_USEC_PER_SEC, &frames);

  g_assert_cmpuint (frames.n_frames, ==, 1);
  g_assert_cmpuint (frames.frozen_frames, ==, 1);
  g_assert_cmpfloat_with_epsilon (frames.longest_frame_ms, 1000.0, EPS);
  g_assert_cmpfloat_with_epsilon (frames.fps, 1.0, EPS);
}

static void
test_freeze_in_progress (void)
{
  g_autoptr(IsobarFrameStats) stats = isobar_frame_stats_new ();
  IsobarRunFrames frames;
  gint64 t = T0;

  isobar_frame_stats_start (stats, T0);
  for (guint i = 0; i < 30; i++)
    isobar_frame_stats_add_frame (stats, t += FRAME_US);

  /* No frame for 900 ms, and the run ends now: the freeze counts as the
   * frame in progress, though it was never drawn. */
  isobar_frame_stats_get (stats, t + 900 * 1000, &frames);
  g_assert_true (frames.has_frames);
  g_assert_cmpuint (frames.n_frames, ==, 30);
  g_assert_cmpuint (frames.slow_frames, ==, 1);
  g_assert_cmpuint (frames.frozen_frames, ==, 1);
  g_assert_cmpuint (frames.dropped_frames, ==, 53);  /* round (54.0) − 1 */
  g_assert_cmpfloat_with_epsilon (frames.longest_frame_ms, 900.0, EPS);
  g_assert_cmpfloat_with_epsilon (frames.fps, 30 / ((30 * FRAME_US + 900000) / 1e6), EPS);

  /* Asking does not change the figures: when the frame comes, it counts
   * once. */
  isobar_frame_stats_add_frame (stats, t += 1000 * 1000);
  isobar_frame_stats_get (stats, t, &frames);
  g_assert_cmpuint (frames.n_frames, ==, 31);
  g_assert_cmpuint (frames.slow_frames, ==, 1);
  g_assert_cmpuint (frames.frozen_frames, ==, 1);
  g_assert_cmpuint (frames.dropped_frames, ==, 59);  /* round (60.0) − 1 */
  g_assert_cmpfloat_with_epsilon (frames.longest_frame_ms, 1000.0, EPS);

  /* A window that froze from the start, without a single frame, still
   * reports the freeze. */
  isobar_frame_stats_start (stats, T0);
  isobar_frame_stats_get (stats, T0 + 800 * 1000, &frames);
  g_assert_true (frames.has_frames);
  g_assert_cmpuint (frames.n_frames, ==, 0);
  g_assert_cmpfloat (frames.fps, ==, 0.0);
  g_assert_cmpuint (frames.frozen_frames, ==, 1);
  g_assert_cmpfloat_with_epsilon (frames.longest_frame_ms, 800.0, EPS);
}

static void
test_input_delays (void)
{
  g_autoptr(IsobarFrameStats) stats = isobar_frame_stats_new ();
  IsobarRunFrames frames;

  isobar_frame_stats_start (stats, T0);
  isobar_frame_stats_add_input_delay (stats, 12.5);
  isobar_frame_stats_add_input_delay (stats, 340.0);
  isobar_frame_stats_add_input_delay (stats, 3.0);
  /* A coarse event clock can put an event a hair after its handling. */
  isobar_frame_stats_add_input_delay (stats, -1.0);

  isobar_frame_stats_get (stats, T0, &frames);
  g_assert_true (frames.has_input_delay);
  g_assert_cmpuint (frames.n_input_events, ==, 4);
  g_assert_cmpfloat_with_epsilon (frames.input_delay_ms, 340.0, EPS);
  g_assert_false (frames.has_frames);
}

static void
test_restart_forgets (void)
{
  g_autoptr(IsobarFrameStats) stats = isobar_frame_stats_new ();
  IsobarRunFrames frames;
  gint64 t = T0;

  isobar_frame_stats_start (stats, T0);
  isobar_frame_stats_add_frame (stats, t += 2 * G_USEC_PER_SEC);
  isobar_frame_stats_add_input_delay (stats, 80.0);

  isobar_frame_stats_start (stats, t);
  isobar_frame_stats_add_frame (stats, t += FRAME_US);
  isobar_frame_stats_get (stats, t, &frames);
  g_assert_cmpuint (frames.n_frames, ==, 1);
  g_assert_cmpuint (frames.frozen_frames, ==, 0);
  g_assert_cmpuint (frames.slow_frames, ==, 0);
  g_assert_cmpfloat_with_epsilon (frames.longest_frame_ms, FRAME_US / 1000.0, EPS);
  g_assert_false (frames.has_input_delay);

  /* A frame stamped before the previous one takes no time. */
  isobar_frame_stats_add_frame (stats, t - 5000);
  isobar_frame_stats_get (stats, t, &frames);
  g_assert_cmpuint (frames.n_frames, ==, 2);
  g_assert_cmpuint (frames.slow_frames, ==, 0);
}

static void
test_resync (void)
{
  g_autoptr(IsobarFrameStats) stats = isobar_frame_stats_new ();
  IsobarRunFrames frames;
  gint64 t = T0;

  isobar_frame_stats_start (stats, T0);
  for (guint i = 0; i < 10; i++)
    isobar_frame_stats_add_frame (stats, t += FRAME_US);

  /* Hidden for 3 s: no frozen frame when it is shown again... */
  t += 3 * G_USEC_PER_SEC;
  isobar_frame_stats_resync (stats, t);
  isobar_frame_stats_get (stats, t, &frames);
  g_assert_cmpuint (frames.slow_frames, ==, 0);
  isobar_frame_stats_add_frame (stats, t += FRAME_US);
  isobar_frame_stats_get (stats, t, &frames);
  g_assert_cmpuint (frames.n_frames, ==, 11);
  g_assert_cmpuint (frames.slow_frames, ==, 0);
  g_assert_cmpuint (frames.frozen_frames, ==, 0);
  g_assert_cmpuint (frames.dropped_frames, ==, 0);
  /* ...but the hidden time is elapsed time. */
  g_assert_cmpfloat_with_epsilon (frames.fps, 11 / ((11 * FRAME_US + 3000000) / 1e6), EPS);

  /* A resync never moves the last frame back. */
  isobar_frame_stats_resync (stats, t - G_USEC_PER_SEC);
  isobar_frame_stats_add_frame (stats, t += FRAME_US);
  isobar_frame_stats_get (stats, t, &frames);
  g_assert_cmpuint (frames.slow_frames, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/frame-stats/empty", test_empty);
  g_test_add_func ("/frame-stats/steady-60hz", test_steady_60hz);
  g_test_add_func ("/frame-stats/one-long-gap", test_one_long_gap);
  g_test_add_func ("/frame-stats/thresholds", test_thresholds);
  g_test_add_func ("/frame-stats/first-frame-from-start", test_first_frame_from_start);
  g_test_add_func ("/frame-stats/freeze-in-progress", test_freeze_in_progress);
  g_test_add_func ("/frame-stats/input-delays", test_input_delays);
  g_test_add_func ("/frame-stats/restart-forgets", test_restart_forgets);
  g_test_add_func ("/frame-stats/resync", test_resync);

  return g_test_run ();
}
