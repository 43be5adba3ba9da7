/* test-verdict.c: the verdict on a run, from records with chosen figures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "isobar-verdict.h"

typedef struct
{
  const char *fetch;
  const char *compute;
  /* figures */
  double      wall_ms;
  double      fetch_ms;
  double      p99;
  double      max;
  guint       long_tasks;
  double      blocked_ms;
  /* frames: has_frames when fps > 0 */
  double      fps;
  guint       frozen_frames;
  guint       dropped_frames;
  double      longest_frame_ms;
  /* input: has_input_delay when ≥ 0 */
  double      input_delay_ms;
  /* helpers lost and replaced */
  guint       helpers_restarted;
  guint       jobs_retried;
} Figures;

static IsobarRunRecord *
make_record (const Figures *f)
{
  IsobarRunRecord *record = isobar_run_record_new (f->fetch, f->compute);
  IsobarRunFigures figures = { 0 };
  IsobarRunFrames frames = { 0 };

  figures.wall_ms = f->wall_ms;
  figures.fetch_ms = f->fetch_ms;
  figures.lateness.n_samples = 1000;
  figures.lateness.p50 = MIN (0.1, f->p99);
  figures.lateness.p95 = f->p99;
  figures.lateness.p99 = f->p99;
  figures.lateness.max = f->max;
  figures.lateness.long_tasks = f->long_tasks;
  figures.lateness.blocked_ms = f->blocked_ms;
  figures.helpers_restarted = f->helpers_restarted;
  figures.jobs_retried = f->jobs_retried;
  isobar_run_record_set_figures (record, &figures);

  if (f->fps > 0)
    {
      frames.has_frames = TRUE;
      frames.fps = f->fps;
      frames.n_frames = (guint) (f->fps * f->wall_ms / 1000.0);
      frames.frozen_frames = f->frozen_frames;
      frames.dropped_frames = f->dropped_frames;
      frames.longest_frame_ms = f->longest_frame_ms;
    }
  if (f->input_delay_ms >= 0)
    {
      frames.has_input_delay = TRUE;
      frames.n_input_events = 3;
      frames.input_delay_ms = f->input_delay_ms;
    }
  isobar_run_record_set_frames (record, &frames);

  return record;
}

/* The verdict of @f: its level is @level and its text holds every string
 * of @present (NULL-terminated) and none of @absent. */
static void
assert_verdict (const Figures       *f,
                IsobarVerdictLevel   level,
                const char * const  *present,
                const char * const  *absent)
{
  g_autoptr(IsobarRunRecord) record = make_record (f);
  g_autofree char *text = isobar_verdict_describe (record);
  g_autofree char *again = isobar_verdict_describe (record);

  g_test_message ("%s + %s: %s — %s", f->fetch, f->compute,
                  isobar_verdict_level_label (isobar_verdict_level (record)), text);
  g_assert_cmpint (isobar_verdict_level (record), ==, level);
  g_assert_cmpstr (text, ==, again);
  g_assert_true (g_str_has_suffix (text, "."));
  g_assert_null (strstr (text, "  "));

  for (guint i = 0; present != NULL && present[i] != NULL; i++)
    if (strstr (text, present[i]) == NULL)
      g_error ("“%s” is not in “%s”", present[i], text);
  for (guint i = 0; absent != NULL && absent[i] != NULL; i++)
    if (strstr (text, absent[i]) != NULL)
      g_error ("“%s” should not be in “%s”", absent[i], text);
}

#define STRINGS(...) ((const char * const[]) { __VA_ARGS__, NULL })

static void
test_frozen_one_piece (void)
{
  /* Everything on the UI thread, no window: frames lost from the time
   * blocked (2317 / 16.667 = 139). */
  const Figures f = {
    .fetch = "ui-thread", .compute = "ui-thread", .wall_ms = 2500, .fetch_ms = 150,
    .p99 = 2300, .max = 2317, .long_tasks = 1, .blocked_ms = 2317,
    .input_delay_ms = -1,
  };
  /* Three stalls, but the longest is nearly all of the time blocked. */
  const Figures mostly_one = {
    .fetch = "thread-pool", .compute = "ui-thread", .wall_ms = 3000, .fetch_ms = 500,
    .p99 = 1200, .max = 2000, .long_tasks = 3, .blocked_ms = 2150,
    .fps = 12, .frozen_frames = 1, .dropped_frames = 126, .longest_frame_ms = 2010,
    .input_delay_ms = 1990,
  };

  assert_verdict (&f, ISOBAR_VERDICT_FROZEN,
                  STRINGS ("The window froze for 2.3 s in one piece", "139 frames were lost",
                           "The downloads and the analysis ran on the UI thread",
                           "worker threads or helper processes"),
                  STRINGS ("Input", "times"));
  assert_verdict (&mostly_one, ISOBAR_VERDICT_FROZEN,
                  STRINGS ("froze for 2.0 s in one piece", "126 frames were lost",
                           "Input waited up to 2.0 s (RAIL asks for 100 ms).",
                           "The analysis ran on the UI thread; move it"),
                  STRINGS ("downloads"));
}

static void
test_frozen_several (void)
{
  const Figures f = {
    .fetch = "thread-pool", .compute = "ui-thread", .wall_ms = 6000, .fetch_ms = 400,
    .p99 = 900, .max = 2300, .long_tasks = 3, .blocked_ms = 4100,
    .fps = 20, .frozen_frames = 2, .dropped_frames = 246, .longest_frame_ms = 2310,
    .input_delay_ms = 2100,
  };
  /* A window that had nothing to draw lost no frame. */
  const Figures no_frame_lost = {
    .fetch = "thread-pool", .compute = "ui-thread", .wall_ms = 3000, .fetch_ms = 400,
    .p99 = 700, .max = 800, .long_tasks = 2, .blocked_ms = 1600,
    .fps = 1, .dropped_frames = 0, .longest_frame_ms = 16,
    .input_delay_ms = -1,
  };
  /* The frame clock saw a frozen frame though no long task was measured. */
  const Figures frames_only = {
    .fetch = "async", .compute = "thread-pool", .wall_ms = 3000, .fetch_ms = 900,
    .p99 = 2, .max = 10, .long_tasks = 0, .blocked_ms = 0,
    .fps = 40, .frozen_frames = 1, .dropped_frames = 48, .longest_frame_ms = 812,
    .input_delay_ms = -1,
  };

  assert_verdict (&f, ISOBAR_VERDICT_FROZEN,
                  STRINGS ("The window froze 3 times, 4.1 s in all; the longest freeze lasted 2.3 s",
                           "246 frames were lost", "Input waited up to 2.1 s",
                           "The analysis ran on the UI thread"),
                  STRINGS ("in one piece", "downloads"));
  assert_verdict (&no_frame_lost, ISOBAR_VERDICT_FROZEN,
                  STRINGS ("The window froze 2 times, 1.6 s in all; the longest freeze lasted 800 ms."),
                  STRINGS ("lost"));
  assert_verdict (&frames_only, ISOBAR_VERDICT_FROZEN,
                  STRINGS ("froze for 812 ms in one piece", "48 frames were lost"),
                  STRINGS ("UI thread;"));
}

static void
test_janky (void)
{
  const Figures gil = {
    .fetch = "thread-pool", .compute = "gil-threads", .wall_ms = 4000, .fetch_ms = 800,
    .p99 = 12.34, .max = 180, .long_tasks = 5, .blocked_ms = 520,
    .input_delay_ms = 150,
  };
  const Figures one_task = {
    .fetch = "async", .compute = "process-pool", .wall_ms = 4000, .fetch_ms = 800,
    .p99 = 3, .max = 75, .long_tasks = 1, .blocked_ms = 75,
    .fps = 58, .dropped_frames = 4, .longest_frame_ms = 80,
    .input_delay_ms = 8,
  };
  const Figures p99_only = {
    .fetch = "async", .compute = "thread-pool", .wall_ms = 4000, .fetch_ms = 800,
    .p99 = 20.1, .max = 40, .long_tasks = 0, .blocked_ms = 0,
    .input_delay_ms = -1,
  };
  const Figures frame_only = {
    .fetch = "async", .compute = "thread-pool", .wall_ms = 4000, .fetch_ms = 800,
    .p99 = 4, .max = 12, .long_tasks = 0, .blocked_ms = 0,
    .fps = 55, .longest_frame_ms = 45, .dropped_frames = 2,
    .input_delay_ms = -1,
  };
  const Figures input_only = {
    .fetch = "async", .compute = "thread-pool", .wall_ms = 4000, .fetch_ms = 800,
    .p99 = 4, .max = 12, .long_tasks = 0, .blocked_ms = 0,
    .input_delay_ms = 130,
  };

  assert_verdict (&gil, ISOBAR_VERDICT_JANKY,
                  STRINGS ("The window stuttered: 5 tasks over 50 ms, the longest 180 ms; p99 lateness 12.3 ms.",
                           "Input waited up to 150 ms", "interpreter lock", "waited",
                           "at most one analysis thread", "every core"),
                  STRINGS ("froze", "frames were lost"));
  assert_verdict (&one_task, ISOBAR_VERDICT_JANKY,
                  STRINGS ("1 task over 50 ms", "75 ms", "p99 lateness 3.0 ms", "4 frames were lost.",
                           "Input was handled within 8 ms."),
                  STRINGS ("interpreter", "stayed off"));
  assert_verdict (&p99_only, ISOBAR_VERDICT_JANKY,
                  STRINGS ("no task over 50 ms", "20.1 ms"), NULL);
  assert_verdict (&frame_only, ISOBAR_VERDICT_JANKY,
                  STRINGS ("no task over 50 ms", "45 ms", "2 frames were lost"), NULL);
  assert_verdict (&input_only, ISOBAR_VERDICT_JANKY,
                  STRINGS ("Input waited up to 130 ms (RAIL asks for 100 ms)."), NULL);
}

/* A Janky verdict says why, from the late frames the record explains. */
static void
test_janky_why (void)
{
  const Figures frame_only = {
    .fetch = "thread-pool", .compute = "process-pool", .wall_ms = 2500, .fetch_ms = 400,
    .p99 = 4, .max = 20, .fps = 58, .longest_frame_ms = 41, .dropped_frames = 3,
    .input_delay_ms = -1,
  };
  g_autoptr(IsobarRunRecord) record = make_record (&frame_only);
  IsobarLateEvent late[2] = {
    { .at_ms = 100, .ms = 41, .n_causes = 2,
      .causes = { { .what = g_intern_static_string ("paint"), .ms = 20, .count = 1 },
                  { .what = g_intern_static_string ("latency graph drawn"), .ms = 12, .count = 1,
                    .width = 1280, .height = 320 } } },
    { .at_ms = 900, .ms = 30, .n_causes = 1,
      .causes = { { .what = g_intern_static_string ("paint"), .ms = 21, .count = 1 } } },
  };
  g_autofree char *text = NULL;

  isobar_run_record_set_late (record, ISOBAR_LATE_FRAME, late, G_N_ELEMENTS (late));
  text = isobar_verdict_describe (record);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "The 2 slowest moments spent their time on paint (41 ms) and "
                                  "latency graph drawn, 1280×320 px (12 ms)."));
}

static void
test_smooth (void)
{
  const Figures pool = {
    .fetch = "thread-pool", .compute = "process-pool", .wall_ms = 3000, .fetch_ms = 900,
    .p99 = 1.23, .max = 9, .long_tasks = 0, .blocked_ms = 0,
    .fps = 59.8, .dropped_frames = 0, .longest_frame_ms = 18,
    .input_delay_ms = 8.2,
  };
  const Figures no_window = {
    .fetch = "async", .compute = "thread-pool", .wall_ms = 3000, .fetch_ms = 900,
    .p99 = 0.42, .max = 3, .long_tasks = 0, .blocked_ms = 0,
    .input_delay_ms = -1,
  };
  const Figures gil = {
    .fetch = "thread-pool", .compute = "gil-threads", .wall_ms = 3000, .fetch_ms = 900,
    .p99 = 2, .max = 9, .long_tasks = 0, .blocked_ms = 0,
    .input_delay_ms = -1,
  };

  Figures restarted = pool;

  assert_verdict (&pool, ISOBAR_VERDICT_SMOOTH,
                  STRINGS ("The window stayed responsive: no task over 50 ms, p99 lateness 1.2 ms, "
                           "60 frames per second.",
                           "Input was handled within 8 ms.", "stayed off the UI thread"),
                  STRINGS ("lost", "interpreter", "replaced"));
  /* Helpers that died were replaced, and the verdict says so. */
  restarted.helpers_restarted = 1;
  restarted.jobs_retried = 2;
  assert_verdict (&restarted, ISOBAR_VERDICT_SMOOTH,
                  STRINGS ("1 helper crashed or hung and was replaced; 2 jobs ran again, "
                           "and the results are complete."),
                  STRINGS ("helpers crashed"));
  assert_verdict (&no_window, ISOBAR_VERDICT_SMOOTH,
                  STRINGS ("p99 lateness 0.4 ms.", "stayed off the UI thread"),
                  STRINGS ("frames per second", "Input"));
  assert_verdict (&gil, ISOBAR_VERDICT_SMOOTH,
                  STRINGS ("interpreter lock", "at most one analysis thread"),
                  STRINGS ("waited"));
}

/* What to change, from the strategies. */
static void
test_advice (void)
{
  const Figures per_job = {
    .fetch = "thread-pool", .compute = "process-per-job", .wall_ms = 3000, .fetch_ms = 900,
    .p99 = 1, .max = 5, .input_delay_ms = -1,
  };
  const Figures fetch_on_ui = {
    .fetch = "ui-thread", .compute = "process-pool", .wall_ms = 3000, .fetch_ms = 1500,
    .p99 = 300, .max = 420, .long_tasks = 8, .blocked_ms = 2400, .input_delay_ms = -1,
  };
  const Figures slow_worker = {
    .fetch = "worker", .compute = "process-pool", .wall_ms = 6000, .fetch_ms = 4200,
    .p99 = 1, .max = 5, .input_delay_ms = -1,
  };
  const Figures quick_worker = {
    .fetch = "worker", .compute = "process-pool", .wall_ms = 6000, .fetch_ms = 2900,
    .p99 = 1, .max = 5, .input_delay_ms = -1,
  };
  const Figures unknown = {
    .fetch = "carrier-pigeon", .compute = "abacus", .wall_ms = 6000, .fetch_ms = 2900,
    .p99 = 1, .max = 5, .input_delay_ms = -1,
  };

  assert_verdict (&per_job, ISOBAR_VERDICT_SMOOTH,
                  STRINGS ("fresh helper process", "ahead of time"), NULL);
  /* 8 stalls of 2.4 s in all, the longest 420 ms: several, not one freeze. */
  assert_verdict (&fetch_on_ui, ISOBAR_VERDICT_JANKY,
                  STRINGS ("8 tasks over 50 ms", "420 ms", "The downloads ran on the UI thread",
                           "libsoup"),
                  STRINGS ("analysis ran"));
  assert_verdict (&slow_worker, ISOBAR_VERDICT_SMOOTH,
                  STRINGS ("The downloads took 4.2 s of 6.0 s", "one place at a time"), NULL);
  assert_verdict (&quick_worker, ISOBAR_VERDICT_SMOOTH, NULL, STRINGS ("one place at a time"));
  assert_verdict (&unknown, ISOBAR_VERDICT_SMOOTH, NULL, STRINGS ("UI thread", "helper"));
}

/* The RAIL limits, at and just past them. */
static void
test_thresholds (void)
{
  Figures f = {
    .fetch = "async", .compute = "process-pool", .wall_ms = 1000, .fetch_ms = 100,
    .p99 = ISOBAR_RAIL_FRAME_MS, .max = 49.9, .input_delay_ms = ISOBAR_RAIL_INPUT_MS,
    .fps = 60, .longest_frame_ms = 33.0,
  };

  assert_verdict (&f, ISOBAR_VERDICT_SMOOTH, NULL, NULL);
  f.p99 = 16.8;
  assert_verdict (&f, ISOBAR_VERDICT_JANKY, NULL, NULL);
  f.p99 = 5;
  f.input_delay_ms = 100.5;
  assert_verdict (&f, ISOBAR_VERDICT_JANKY, NULL, NULL);
  f.input_delay_ms = 5;
  f.longest_frame_ms = 33.5;
  assert_verdict (&f, ISOBAR_VERDICT_JANKY, NULL, NULL);
  f.longest_frame_ms = 20;
  f.max = 699.9;
  f.long_tasks = 1;
  f.blocked_ms = 699.9;
  assert_verdict (&f, ISOBAR_VERDICT_JANKY, STRINGS ("700 ms"), NULL);
  f.max = 700;
  f.blocked_ms = 700;
  /* A window drew, yet lost no frame: nothing said of frames. */
  assert_verdict (&f, ISOBAR_VERDICT_FROZEN, STRINGS ("froze for 700 ms in one piece."), STRINGS ("lost"));
  f.max = 1000;
  f.blocked_ms = 1000;
  assert_verdict (&f, ISOBAR_VERDICT_FROZEN, STRINGS ("froze for 1.0 s in one piece"), NULL);

  /* Figures that were not measured count as nothing. */
  f.max = NAN;
  f.long_tasks = 0;
  f.blocked_ms = NAN;
  f.p99 = NAN;
  assert_verdict (&f, ISOBAR_VERDICT_SMOOTH, NULL, NULL);
}

static void
test_level_labels (void)
{
  g_assert_cmpstr (isobar_verdict_level_label (ISOBAR_VERDICT_SMOOTH), ==, "Smooth");
  g_assert_cmpstr (isobar_verdict_level_label (ISOBAR_VERDICT_JANKY), ==, "Janky");
  g_assert_cmpstr (isobar_verdict_level_label (ISOBAR_VERDICT_FROZEN), ==, "Froze");
}

/* gil-threads: where the UI thread's time went; real Python: said so. */
static void
test_lock_and_python (void)
{
  const Figures threads = {
    .fetch = "thread-pool", .compute = "gil-threads", .wall_ms = 1600, .fetch_ms = 300,
    .p99 = 19, .max = 24, .input_delay_ms = -1,
  };
  g_autoptr(IsobarRunRecord) record = make_record (&threads);
  g_autoptr(IsobarRunRecord) python = make_record (&threads);
  IsobarRunSettings settings = { .workers = 2, .switch_interval_ms = 5.0 };
  IsobarRunLock lock = {
    .has_lock = TRUE, .switches = 445, .drop_requests = 138, .forced_drops = 136,
    .main_acquisitions = 276, .worker_acquisitions = 488, .main_wait_ms = 930.9,
    .main_max_wait_ms = 22.3,
  };
  g_autofree char *text = NULL;
  g_autofree char *python_text = NULL;

  isobar_run_record_set_settings (record, &settings);
  isobar_run_record_set_lock (record, &lock);
  text = isobar_verdict_describe (record);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "took the lock 276 times"));
  g_assert_nonnull (strstr (text, "931 ms"));
  g_assert_nonnull (strstr (text, "22 ms at most"));
  g_assert_nonnull (strstr (text, "after 5 ms"));
  g_assert_null (strstr (text, "real Python"));

  isobar_run_record_set_strategies (python, "none", "threading");
  isobar_run_record_set_python (python, "CPython", "3.11.2", "GLib.MainLoop");
  python_text = isobar_verdict_describe (python);
  g_assert_nonnull (strstr (python_text, "real Python 3.11.2"));
  g_assert_nonnull (strstr (python_text, "GLib main loop"));
  g_assert_null (strstr (python_text, "took the lock"));

  /* Without PyGObject the reference runs asyncio's loop; records written
   * before it said "plain", and still read so. */
  isobar_run_record_set_python (python, "CPython", "3.11.7", "asyncio");
  g_clear_pointer (&python_text, g_free);
  python_text = isobar_verdict_describe (python);
  g_assert_nonnull (strstr (python_text, "an asyncio event loop"));
  isobar_run_record_set_python (python, "CPython", "3.11.7", "plain");
  g_clear_pointer (&python_text, g_free);
  python_text = isobar_verdict_describe (python);
  g_assert_nonnull (strstr (python_text, "a plain loop"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/verdict/frozen/one-piece", test_frozen_one_piece);
  g_test_add_func ("/verdict/frozen/several", test_frozen_several);
  g_test_add_func ("/verdict/janky", test_janky);
  g_test_add_func ("/verdict/janky-why", test_janky_why);
  g_test_add_func ("/verdict/smooth", test_smooth);
  g_test_add_func ("/verdict/advice", test_advice);
  g_test_add_func ("/verdict/thresholds", test_thresholds);
  g_test_add_func ("/verdict/level-labels", test_level_labels);
  g_test_add_func ("/verdict/lock-and-python", test_lock_and_python);

  return g_test_run ();
}
