/* isobar-reference.h: the same analysis run by real CPython, as a judge.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "isobar-climate-series.h"
#include "isobar-run-record.h"

G_BEGIN_DECLS

/* Its records' presets are "cpython-serial", "cpython-threads" and
 * "cpython-processes" (ISOBAR_PRESET_CPYTHON_* in isobar-python-check.h).
 * Progress has this "preset" while the program times its kernel to choose
 * the depth (only when IsobarReferenceSettings.resamples is 0). */
#define ISOBAR_REFERENCE_PRESET_CALIBRATION "calibration"

/* What to run. A zero-filled struct asks for the defaults. */
typedef struct
{
  const char *const *strategies;   /* "serial", "threads", "processes";
                                    * NULL: all three, in that order */
  guint   workers;                 /* 0: the number of cores */
  double  switch_interval_ms;      /* sys.setswitchinterval; 0: 5 */
  guint   resamples;               /* 0: the program picks for target_seconds */
  double  target_seconds;          /* the serial run's length when it picks; 0: 3 */
  guint64 seed;                    /* the chunks' base seed; with the C
                                    * report's seed, the same resamples */
  guint   chunks_per_place;        /* the bootstrap cut into this many
                                    * jobs a place (the engine's count
                                    * for its own depth, so that both
                                    * hand back as many results); 0:
                                    * chunks of 512 resamples, as the
                                    * engine cuts the same depth */
} IsobarReferenceSettings;

/* One place's warming trend as CPython computed it: °C per decade, and the
 * 95 % interval of the bootstrap (NAN when the place has fewer than 3
 * complete years). */
typedef struct
{
  char   *name;
  double  trend;
  double  ci_low;
  double  ci_high;
} IsobarReferenceTrend;

#define ISOBAR_TYPE_REFERENCE_TREND (isobar_reference_trend_get_type ())

GType                 isobar_reference_trend_get_type (void) G_GNUC_CONST;
IsobarReferenceTrend *isobar_reference_trend_copy     (const IsobarReferenceTrend *trend);
void                  isobar_reference_trend_free     (IsobarReferenceTrend       *trend);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsobarReferenceTrend, isobar_reference_trend_free)

#define ISOBAR_TYPE_REFERENCE (isobar_reference_get_type ())

G_DECLARE_FINAL_TYPE (IsobarReference, isobar_reference, ISOBAR, REFERENCE, GObject)

/* Runs src/reference/isobar-reference.py, the stdlib-only CPython program
 * that ships with Isobar: the bootstrap of each place's warming trend under
 * real `threading` and `ProcessPoolExecutor` while its main thread measures
 * its own lateness as IsobarLatencyWatchdog does. The interpreter is the
 * "interpreter" property, else $ISOBAR_PYTHON, else `python3` on PATH; the
 * program is the "script" property, else $ISOBAR_REFERENCE_SCRIPT
 * (uninstalled runs), else PKGDATADIR's copy.
 *
 * The series go to the program's stdin as one line of JSON (built in a
 * worker thread, written without blocking); stdin then stays open for the
 * whole run, and its end (this process dying) stops the program and its
 * pool. A cancel sends it SIGTERM (SIGKILL after half a second) and the run
 * returns once it is reaped. Its lines are read asynchronously on the
 * thread-default main context of the run_async() call.
 *
 * Signal "progress" (const char *preset, guint done, guint total): chunks
 * done of the strategy running, "calibration" while it chooses the depth.
 *
 * One run at a time per object. */
IsobarReference *isobar_reference_new         (void);
/* With a given interpreter (a path, or a name looked up on PATH) and/or
 * program; NULL for the usual search. Properties "interpreter" and
 * "script", construct-only. */
IsobarReference *isobar_reference_new_full    (const char                    *interpreter,
                                               const char                    *script);

/* FALSE with ISOBAR_ERROR_NOT_FOUND and a message a user can act on when no
 * interpreter or no program is there; spawns nothing. */
gboolean         isobar_reference_check       (IsobarReference               *self,
                                               GError                       **error);

/* @series: IsobarClimateSeries, one per place; @names: char *, the same
 * length, or NULL ("Place 1", …). Fails as check() does, with
 * ISOBAR_ERROR_HELPER when the program exits non-zero or prints what is
 * not its output (its stderr folded into the message), with
 * G_IO_ERROR_CANCELLED once the program is killed and reaped after a
 * cancel. */
void             isobar_reference_run_async   (IsobarReference               *self,
                                               GPtrArray                     *series,
                                               GPtrArray                     *names,
                                               const IsobarReferenceSettings *settings,
                                               GCancellable                  *cancellable,
                                               GAsyncReadyCallback            callback,
                                               gpointer                       user_data);
/* (element-type IsobarRunRecord) (transfer full): one per strategy, in the
 * order run. */
GPtrArray       *isobar_reference_run_finish  (IsobarReference               *self,
                                               GAsyncResult                  *result,
                                               GError                       **error);

/* (element-type IsobarReferenceTrend) (transfer full) (nullable): the trends
 * of the last successful run of @strategy_preset ("cpython-threads", …),
 * in the order of the places; NULL if it has not run. */
GPtrArray       *isobar_reference_get_trends  (IsobarReference               *self,
                                               const char                    *strategy_preset);
/* The depth of the last successful run (the resamples per place it ran
 * at), and whether the program chose it; 0 before a run. */
guint            isobar_reference_get_resamples (IsobarReference             *self,
                                                 gboolean                    *calibrated);

G_END_DECLS
