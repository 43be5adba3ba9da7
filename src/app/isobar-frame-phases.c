/* isobar-frame-phases.c: the phases of each frame, in the loop log.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "isobar-core.h"
#include "isobar-frame-phases.h"

/* GdkFrameClock's signals in the order it emits them in one frame; each is
 * handled after GTK's own handlers, so the time at each is when that phase
 * ended, and a phase is the time from the previous one's end. What each
 * phase is called in the log ("before-paint" only starts the frame). */
static const struct
{
  const char *signal;
  const char *what;
} phases[] = {
  { "before-paint", NULL },
  /* Translators: a phase of drawing a frame: widget tick callbacks and animations */
  { "update", N_("frame update") },
  /* Translators: a phase of drawing a frame: measuring and placing widgets */
  { "layout", N_("layout") },
  /* Translators: a phase of drawing a frame: drawing widgets and rendering them */
  { "paint", N_("paint") },
  /* Translators: a phase of drawing a frame: handing it to the display */
  { "after-paint", N_("after paint") },
};

typedef struct
{
  IsobarFramePhases *owner;
  guint              index;                /* in phases[] */
  gulong             handler;
} Phase;

struct _IsobarFramePhases
{
  GdkFrameClock *clock;                    /* (owned) */
  Phase          phases[G_N_ELEMENTS (phases)];
  gint64         last_end_us;              /* 0 outside a frame */
};

static void
on_phase_end (GdkFrameClock *clock,
              Phase         *phase)
{
  IsobarFramePhases *self = phase->owner;
  gint64 now = g_get_monotonic_time ();

  if (phases[phase->index].what != NULL && self->last_end_us != 0)
    isobar_loop_log_add (phases[phase->index].what, self->last_end_us, now);
  self->last_end_us = phase->index + 1 < G_N_ELEMENTS (phases) ? now : 0;
}

IsobarFramePhases *
isobar_frame_phases_new (GdkFrameClock *clock)
{
  IsobarFramePhases *self;

  g_return_val_if_fail (GDK_IS_FRAME_CLOCK (clock), NULL);

  self = g_new0 (IsobarFramePhases, 1);
  self->clock = g_object_ref (clock);
  if (!isobar_loop_log_is_here ())
    return self;

  for (guint i = 0; i < G_N_ELEMENTS (phases); i++)
    {
      Phase *phase = &self->phases[i];

      phase->owner = self;
      phase->index = i;
      phase->handler = g_signal_connect_after (clock, phases[i].signal, G_CALLBACK (on_phase_end), phase);
    }

  return self;
}

void
isobar_frame_phases_free (IsobarFramePhases *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (phases); i++)
    g_clear_signal_handler (&self->phases[i].handler, self->clock);
  g_clear_object (&self->clock);
  g_free (self);
}
