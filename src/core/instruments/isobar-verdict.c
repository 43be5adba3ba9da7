/* isobar-verdict.c: what a run did to the UI, in plain words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "isobar-executor.h"
#include "isobar-fetcher.h"
#include "isobar-frame-stats.h"
#include "isobar-verdict.h"

/* A frame this long shows as a visible hitch: two refreshes at 60 Hz. */
#define JANKY_FRAME_MS 33.0
/* A freeze is "in one piece" when its longest stall is this share of all
 * the time blocked. */
#define ONE_PIECE_SHARE 0.9

/* NAN and other unmeasured figures count as nothing. */
static double
measured (double value)
{
  return isfinite (value) && value > 0.0 ? value : 0.0;
}

IsobarVerdictLevel
isobar_verdict_level (IsobarRunRecord *record)
{
  const IsobarRunFigures *figures;
  const IsobarRunFrames *frames;

  g_return_val_if_fail (ISOBAR_IS_RUN_RECORD (record), ISOBAR_VERDICT_SMOOTH);

  figures = isobar_run_record_get_figures (record);
  frames = isobar_run_record_get_frames (record);

  if (measured (figures->lateness.max) >= ISOBAR_FROZEN_FRAME_MS ||
      (frames->has_frames && frames->frozen_frames > 0))
    return ISOBAR_VERDICT_FROZEN;

  if (figures->lateness.long_tasks > 0 ||
      measured (figures->lateness.p99) > ISOBAR_RAIL_FRAME_MS ||
      (frames->has_input_delay && measured (frames->input_delay_ms) > ISOBAR_RAIL_INPUT_MS) ||
      (frames->has_frames && measured (frames->longest_frame_ms) > JANKY_FRAME_MS))
    return ISOBAR_VERDICT_JANKY;

  return ISOBAR_VERDICT_SMOOTH;
}

const char *
isobar_verdict_level_label (IsobarVerdictLevel level)
{
  switch (level)
    {
    case ISOBAR_VERDICT_SMOOTH:
      /* Translators: a verdict on how the window responded during a run */
      return _("Smooth");
    case ISOBAR_VERDICT_JANKY:
      /* Translators: a verdict on how the window responded during a run:
       * it stuttered */
      return _("Janky");
    case ISOBAR_VERDICT_FROZEN:
      /* Translators: a verdict on how the window responded during a run:
       * it stopped responding for a while */
      return _("Froze");
    default:
      g_return_val_if_reached (NULL);
    }
}

char *
isobar_verdict_format_duration (double ms)
{
  ms = measured (ms);

  if (ms >= 999.5)
    /* Translators: a duration in seconds */
    return g_strdup_printf (_("%.1f s"), ms / 1000.0);
  if (ms >= 0.95)
    /* Translators: a duration in milliseconds */
    return g_strdup_printf (_("%.0f ms"), ms);
  return g_strdup_printf (_("%.1f ms"), ms);
}

/* A lateness: "12.3 ms", "0.4 ms", "2.3 s" (a tenth of a millisecond
 * tells one smooth run from another). */
static char *
format_lateness (double ms)
{
  ms = measured (ms);

  if (ms >= 999.95)
    return g_strdup_printf (_("%.1f s"), ms / 1000.0);
  return g_strdup_printf (_("%.1f ms"), ms);
}

/* The frames the display would have shown: counted by the frame clock
 * when there was one, else estimated from the time blocked. */
static guint
frames_lost (const IsobarRunFigures *figures,
             const IsobarRunFrames  *frames)
{
  if (frames->has_frames)
    return frames->dropped_frames;
  return (guint) round (measured (figures->lateness.blocked_ms) / ISOBAR_RAIL_FRAME_MS);
}

static void
describe_frozen (GString                *text,
                 const IsobarRunFigures *figures,
                 const IsobarRunFrames  *frames)
{
  const IsobarLatencyStats *lateness = &figures->lateness;
  double longest_ms = measured (lateness->max);
  double blocked_ms = measured (lateness->blocked_ms);
  guint lost = frames_lost (figures, frames);
  g_autofree char *longest = NULL;
  g_autofree char *total = NULL;
  g_autofree char *lost_text = NULL;

  /* Frozen by the frame clock alone, without the watchdog's figures. */
  if (longest_ms < ISOBAR_LONG_TASK_MS && frames->has_frames)
    longest_ms = measured (frames->longest_frame_ms);
  longest = isobar_verdict_format_duration (longest_ms);

  if (lateness->long_tasks <= 1 || longest_ms >= ONE_PIECE_SHARE * blocked_ms)
    {
      if (lost == 0)
        /* Translators: %s is a duration (“2.3 s”) */
        g_string_append_printf (text, _("The window froze for %s in one piece."), longest);
      else
        g_string_append_printf (text,
                                g_dngettext (GETTEXT_PACKAGE,
                                             /* Translators: %s is a duration (“2.3 s”), %u
                                              * a number of frames */
                                             "The window froze for %s in one piece: %u frame was lost.",
                                             "The window froze for %s in one piece: %u frames were lost.",
                                             lost),
                                longest, lost);
      return;
    }

  total = isobar_verdict_format_duration (blocked_ms);
  if (lost == 0)
    {
      g_string_append_printf (text,
                              g_dngettext (GETTEXT_PACKAGE,
                                           /* Translators: %u is a number of freezes; the
                                            * first %s their total duration (“4.1 s”), the
                                            * second the longest one's (“2.3 s”) */
                                           "The window froze %u time, %s in all; the longest freeze lasted %s.",
                                           "The window froze %u times, %s in all; the longest freeze lasted %s.",
                                           lateness->long_tasks),
                              lateness->long_tasks, total, longest);
      return;
    }

  /* Translators: completes “The window froze 3 times, 4.1 s in all; the
   * longest freeze lasted 2.3 s: …” */
  lost_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u frame was lost", "%u frames were lost", lost),
                               lost);
  g_string_append_printf (text,
                          g_dngettext (GETTEXT_PACKAGE,
                                       /* Translators: %u is a number of freezes; the first
                                        * %s their total duration (“4.1 s”), the second the
                                        * longest one's (“2.3 s”), the third says how many
                                        * frames were lost (“246 frames were lost”) */
                                       "The window froze %u time, %s in all; the longest freeze lasted %s: %s.",
                                       "The window froze %u times, %s in all; the longest freeze lasted %s: %s.",
                                       lateness->long_tasks),
                          lateness->long_tasks, total, longest, lost_text);
}

static void
describe_janky (GString                *text,
                const IsobarRunFigures *figures,
                const IsobarRunFrames  *frames)
{
  const IsobarLatencyStats *lateness = &figures->lateness;
  g_autofree char *p99 = format_lateness (lateness->p99);

  if (lateness->long_tasks > 0)
    {
      g_autofree char *longest = isobar_verdict_format_duration (lateness->max);

      g_string_append_printf (text,
                              g_dngettext (GETTEXT_PACKAGE,
                                           /* Translators: %u is a number of tasks; the
                                            * first %s the longest one's duration, the
                                            * second a lateness (“12.3 ms”): the main loop
                                            * ran this late or less 99 % of the time */
                                           "The window stuttered: %u task over 50 ms, %s long; p99 lateness %s.",
                                           "The window stuttered: %u tasks over 50 ms, the longest %s; p99 lateness %s.",
                                           lateness->long_tasks),
                              lateness->long_tasks, longest, p99);
    }
  else if (frames->has_frames)
    {
      g_autofree char *longest_frame = isobar_verdict_format_duration (frames->longest_frame_ms);

      /* Translators: the first %s is a lateness (“12.3 ms”), the second a
       * frame's duration (“45 ms”) */
      g_string_append_printf (text, _("The window stuttered: no task over 50 ms, but p99 lateness %s "
                                      "and the longest frame %s."), p99, longest_frame);
    }
  else
    {
      /* Translators: %s is a lateness (“21.5 ms”): the main loop ran this
       * late or less 99 % of the time */
      g_string_append_printf (text, _("The window stuttered: no task over 50 ms, but p99 lateness %s."), p99);
    }

  if (frames->has_frames && frames->dropped_frames > 0)
    {
      g_string_append_c (text, ' ');
      g_string_append_printf (text,
                              /* Translators: %u is a number of frames the display did not show */
                              g_dngettext (GETTEXT_PACKAGE, "%u frame was lost.", "%u frames were lost.",
                                           frames->dropped_frames),
                              frames->dropped_frames);
    }
}

static void
describe_smooth (GString                *text,
                 const IsobarRunFigures *figures,
                 const IsobarRunFrames  *frames)
{
  g_autofree char *p99 = format_lateness (figures->lateness.p99);

  if (frames->has_frames)
    {
      double fps = measured (frames->fps);
      gulong rounded = (gulong) round (fps);

      g_string_append_printf (text,
                              g_dngettext (GETTEXT_PACKAGE,
                                           /* Translators: %s is a lateness (“1.2 ms”),
                                            * %.0f a number of frames per second */
                                           "The window stayed responsive: no task over 50 ms, p99 lateness %s, "
                                           "%.0f frame per second.",
                                           "The window stayed responsive: no task over 50 ms, p99 lateness %s, "
                                           "%.0f frames per second.",
                                           rounded),
                              p99, fps);
    }
  else
    {
      /* Translators: %s is a lateness (“1.2 ms”): the main loop ran this
       * late or less 99 % of the time */
      g_string_append_printf (text, _("The window stayed responsive: no task over 50 ms, p99 lateness %s."), p99);
    }
}

static void
describe_input (GString               *text,
                const IsobarRunFrames *frames)
{
  g_autofree char *delay = NULL;

  if (!frames->has_input_delay)
    return;

  delay = isobar_verdict_format_duration (frames->input_delay_ms);
  g_string_append_c (text, ' ');
  if (measured (frames->input_delay_ms) > ISOBAR_RAIL_INPUT_MS)
    /* Translators: %s is a duration (“2.1 s”); RAIL is a performance model
     * whose name stays as it is */
    g_string_append_printf (text, _("Input waited up to %s (RAIL asks for 100 ms)."), delay);
  else
    /* Translators: %s is a duration (“8 ms”) */
    g_string_append_printf (text, _("Input was handled within %s."), delay);
}

static void
append_sentence (GString    *text,
                 const char *sentence)
{
  g_string_append_c (text, ' ');
  g_string_append (text, sentence);
}

/* gil-threads: where the UI thread's time went. */
static void
describe_lock (GString         *text,
               IsobarRunRecord *record)
{
  const IsobarRunLock *lock = isobar_run_record_get_lock (record);
  double interval_ms = isobar_run_record_get_settings (record)->switch_interval_ms;
  g_autofree char *total = NULL;
  g_autofree char *longest = NULL;
  g_autofree char *interval = NULL;

  if (!lock->has_lock || lock->main_acquisitions == 0)
    return;

  total = isobar_verdict_format_duration (lock->main_wait_ms);
  longest = isobar_verdict_format_duration (lock->main_max_wait_ms);
  interval = isobar_verdict_format_duration (interval_ms);
  g_string_append_c (text, ' ');
  g_string_append_printf (text,
                          g_dngettext (GETTEXT_PACKAGE,
                                       /* Translators: %u is how many times the UI thread
                                        * took the interpreter lock; the first %s the time
                                        * it waited for it in all (“930 ms”), the second
                                        * its longest wait (“22 ms”), the third the switch
                                        * interval (“5 ms”) */
                                       "The UI thread took the lock %u time and waited %s for it in all, "
                                       "%s at most; a thread asks for it after %s.",
                                       "The UI thread took the lock %u times and waited %s for it in all, "
                                       "%s at most; a thread asks for it after %s.",
                                       (gulong) MIN (lock->main_acquisitions, G_MAXULONG)),
                          (guint) MIN (lock->main_acquisitions, G_MAXUINT), total, longest, interval);
}

/* Helpers that died or hung during the run: the run went on without them. */
static void
describe_helpers (GString                *text,
                  const IsobarRunFigures *figures)
{
  g_autofree char *retried = NULL;

  if (figures->helpers_restarted == 0 && figures->jobs_retried == 0)
    return;

  /* Translators: %u is a number of analysis jobs; completes “2 helpers
   * crashed or hung and were replaced; …, and the results are complete.” */
  retried = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u job ran again", "%u jobs ran again",
                                          figures->jobs_retried),
                             figures->jobs_retried);
  g_string_append_c (text, ' ');
  g_string_append_printf (text,
                          g_dngettext (GETTEXT_PACKAGE,
                                       /* Translators: %u is a number of helper processes;
                                        * %s says how many jobs ran again (“2 jobs ran
                                        * again”) */
                                       "%u helper crashed or hung and was replaced; %s, and the results are complete.",
                                       "%u helpers crashed or hung and were replaced; %s, and the results are complete.",
                                       figures->helpers_restarted),
                          figures->helpers_restarted, retried);
}

/* Runs of real Python: say so. */
static void
describe_python (GString         *text,
                 IsobarRunRecord *record)
{
  const char *version = isobar_run_record_get_python_version (record);
  const char *loop = isobar_run_record_get_python_loop (record);

  if (version == NULL)
    return;

  g_string_append_c (text, ' ');
  if (g_strcmp0 (loop, "GLib.MainLoop") == 0)
    /* Translators: %s is a Python version (“3.11.2”) */
    g_string_append_printf (text, _("This was real Python %s, not Isobar’s emulation; its main thread ran "
                                    "a GLib main loop, as a PyGObject application does."), version);
  else if (g_strcmp0 (loop, "asyncio") == 0)
    /* Translators: %s is a Python version (“3.11.2”) */
    g_string_append_printf (text, _("This was real Python %s, not Isobar’s emulation; its main thread ran "
                                    "an asyncio event loop (PyGObject was not found)."), version);
  else
    /* Translators: %s is a Python version (“3.11.2”) */
    g_string_append_printf (text, _("This was real Python %s, not Isobar’s emulation; its main thread ran "
                                    "a plain loop (PyGObject was not found)."), version);
}

/* Why, from the strategies, and what to change. */
static void
describe_strategies (GString            *text,
                     IsobarRunRecord    *record,
                     IsobarVerdictLevel  level)
{
  const IsobarRunFigures *figures = isobar_run_record_get_figures (record);
  IsobarFetchStrategy fetch;
  IsobarComputeStrategy compute;
  gboolean fetch_known, compute_known;
  gboolean fetch_on_ui, compute_on_ui;

  fetch_known = isobar_fetch_strategy_from_string (isobar_run_record_get_fetch_strategy (record), &fetch);
  compute_known = isobar_compute_strategy_from_string (isobar_run_record_get_compute_strategy (record), &compute);
  fetch_on_ui = fetch_known && fetch == ISOBAR_FETCH_UI_THREAD;
  compute_on_ui = compute_known && compute == ISOBAR_COMPUTE_UI_THREAD;

  if (fetch_on_ui && compute_on_ui)
    append_sentence (text, _("The downloads and the analysis ran on the UI thread; move them to worker "
                             "threads or helper processes."));
  else if (compute_on_ui)
    append_sentence (text, _("The analysis ran on the UI thread; move it to worker threads or helper "
                             "processes."));
  else if (fetch_on_ui)
    append_sentence (text, _("The downloads ran on the UI thread; use a thread pool or libsoup’s "
                             "asynchronous API."));
  else if (level == ISOBAR_VERDICT_SMOOTH && fetch_known && compute_known)
    append_sentence (text, _("The downloads and the analysis stayed off the UI thread, so it was free to "
                             "draw and to handle input."));

  if (compute_known && compute == ISOBAR_COMPUTE_GIL_THREADS)
    {
      if (level != ISOBAR_VERDICT_SMOOTH)
        append_sentence (text, _("The analysis threads must hold one interpreter lock to run, as Python "
                                 "threads do, and the UI thread must take it too: it waited while they "
                                 "held it."));
      else
        append_sentence (text, _("The analysis threads must hold one interpreter lock to run, as Python "
                                 "threads do."));
      append_sentence (text, _("So at most one analysis thread runs at a time; helper processes have no "
                               "shared lock and use every core."));
      describe_lock (text, record);
    }
  else if (compute_known && compute == ISOBAR_COMPUTE_PROCESS_PER_JOB)
    append_sentence (text, _("Each analysis job started a fresh helper process; a pool of helpers started "
                             "ahead of time saves that start-up."));

  if (fetch_known && fetch == ISOBAR_FETCH_WORKER &&
      measured (figures->fetch_ms) > measured (figures->wall_ms) / 2.0)
    {
      g_autofree char *fetch_time = isobar_verdict_format_duration (figures->fetch_ms);
      g_autofree char *wall_time = isobar_verdict_format_duration (figures->wall_ms);

      g_string_append_c (text, ' ');
      /* Translators: the first %s is a duration (“4.2 s”), the second the
       * whole run's (“6.0 s”) */
      g_string_append_printf (text, _("The downloads took %s of %s: one worker downloaded one place at a "
                                      "time; a thread pool or libsoup’s asynchronous API downloads several "
                                      "at once."), fetch_time, wall_time);
    }
}

/* Why frames were late, when the record says: the two causes that took
 * the most time over all its explained late frames (or stalls, without a
 * window), e.g. "The 3 slowest moments spent their time on paint (41 ms)
 * and latency graph drawn, 1280×320 px (12 ms)." */
static void
describe_late (GString         *text,
               IsobarRunRecord *record)
{
  g_autoptr(GArray) causes = g_array_new (FALSE, TRUE, sizeof (IsobarLateCause));
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const IsobarLateEvent *events;
  guint n_events;
  g_autofree char *list = NULL;

  events = isobar_run_record_get_late (record, ISOBAR_LATE_FRAME, &n_events);
  if (n_events == 0)
    events = isobar_run_record_get_late (record, ISOBAR_LATE_STALL, &n_events);
  if (n_events == 0)
    return;

  for (guint i = 0; i < n_events; i++)
    for (guint j = 0; j < events[i].n_causes; j++)
      isobar_late_causes_add (causes, &events[i].causes[j]);
  if (causes->len == 0)
    return;
  isobar_late_causes_sort (causes);

  for (guint i = 0; i < MIN (causes->len, 2); i++)
    {
      const IsobarLateCause *cause = &g_array_index (causes, IsobarLateCause, i);
      g_autofree char *duration = isobar_verdict_format_duration (cause->ms);
      const char *what = g_dgettext (GETTEXT_PACKAGE, cause->what);

      if (cause->width > 0 && cause->height > 0)
        /* Translators: a cause of late frames: what (“latency graph drawn”),
         * the area drawn in pixels, and the time it took in all (“12 ms”) */
        g_ptr_array_add (parts, g_strdup_printf (_("%s, %u×%u px (%s)"), what, cause->width, cause->height, duration));
      else
        /* Translators: a cause of late frames: what (“paint”), and the time
         * it took in all (“41 ms”) */
        g_ptr_array_add (parts, g_strdup_printf (_("%s (%s)"), what, duration));
    }
  list = parts->len == 2
         /* Translators: the two causes of late frames that took most time */
         ? g_strdup_printf (_("%s and %s"), (char *) parts->pdata[0], (char *) parts->pdata[1])
         : g_strdup (parts->pdata[0]);

  g_string_append_c (text, ' ');
  g_string_append_printf (text,
                          g_dngettext (GETTEXT_PACKAGE,
                                       /* Translators: %u is a number of late frames or
                                        * stalls, %s what they spent their time on */
                                       "The %u slowest moment spent its time on %s.",
                                       "The %u slowest moments spent their time on %s.",
                                       n_events),
                          n_events, list);
}

char *
isobar_verdict_describe (IsobarRunRecord *record)
{
  const IsobarRunFigures *figures;
  const IsobarRunFrames *frames;
  IsobarVerdictLevel level;
  GString *text;

  g_return_val_if_fail (ISOBAR_IS_RUN_RECORD (record), NULL);

  figures = isobar_run_record_get_figures (record);
  frames = isobar_run_record_get_frames (record);
  level = isobar_verdict_level (record);
  text = g_string_new (NULL);

  switch (level)
    {
    case ISOBAR_VERDICT_FROZEN:
      describe_frozen (text, figures, frames);
      break;
    case ISOBAR_VERDICT_JANKY:
      describe_janky (text, figures, frames);
      describe_late (text, record);
      break;
    case ISOBAR_VERDICT_SMOOTH:
      describe_smooth (text, figures, frames);
      break;
    default:
      g_assert_not_reached ();
    }

  describe_input (text, frames);
  describe_helpers (text, figures);
  describe_strategies (text, record, level);
  describe_python (text, record);

  return g_string_free (text, FALSE);
}
