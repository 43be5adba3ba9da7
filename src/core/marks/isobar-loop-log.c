/* isobar-loop-log.c: what the main loop spent its time on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "isobar-loop-log.h"

/* About 2 s of a busy run's spans; the ring holds plain structs only. */
#define CAPACITY 8192
/* A poll shorter than this is the loop checking, not sleeping. */
#define MIN_IDLE_US 20
/* How far behind a window's start a span may end and still be looked at:
 * spans are logged when they end, so the ring is ordered by end, nearly. */
#define LOOK_BEHIND_US G_USEC_PER_SEC

typedef struct
{
  const char *what;
  gint64      start_us;
  gint64      end_us;
  guint16     width;
  guint16     height;
} Span;

static GThread      *log_thread;
static Span         *ring;
static guint         head;
static guint         count;
static GPollFunc     next_poll;
static const char   *idle_what;

static void
push (const char *what,
      gint64      start_us,
      gint64      end_us,
      int         width,
      int         height)
{
  Span *span = &ring[head];

  span->what = what;
  span->start_us = start_us;
  span->end_us = end_us;
  span->width = CLAMP (width, 0, G_MAXUINT16);
  span->height = CLAMP (height, 0, G_MAXUINT16);
  head = (head + 1) % CAPACITY;
  if (count < CAPACITY)
    count++;
}

static gint
logged_poll (GPollFD *fds,
             guint    n_fds,
             gint     timeout)
{
  gint64 start_us = g_get_monotonic_time ();
  gint64 end_us;
  gint result;

  result = next_poll (fds, n_fds, timeout);
  end_us = g_get_monotonic_time ();
  if (timeout != 0 && end_us - start_us >= MIN_IDLE_US)
    push (idle_what, start_us, end_us, 0, 0);

  return result;
}

void
isobar_loop_log_start (GMainContext *context)
{
  g_return_if_fail (context != NULL);
  g_return_if_fail (log_thread == NULL);

  log_thread = g_thread_self ();
  ring = g_new0 (Span, CAPACITY);
  idle_what = g_intern_static_string ("idle");
  next_poll = g_main_context_get_poll_func (context);
  g_main_context_set_poll_func (context, logged_poll);
}

gboolean
isobar_loop_log_is_here (void)
{
  return log_thread != NULL && log_thread == g_thread_self ();
}

gint64
isobar_loop_log_begin (void)
{
  return isobar_loop_log_is_here () ? g_get_monotonic_time () : 0;
}

void
isobar_loop_log_end_area (gint64      begin_us,
                          const char *what,
                          int         width,
                          int         height)
{
  if (begin_us == 0 || !isobar_loop_log_is_here ())
    return;

  push (g_intern_static_string (what), begin_us, g_get_monotonic_time (), width, height);
}

void
isobar_loop_log_end (gint64      begin_us,
                     const char *what)
{
  isobar_loop_log_end_area (begin_us, what, 0, 0);
}

void
isobar_loop_log_add (const char *what,
                     gint64      start_us,
                     gint64      end_us)
{
  if (!isobar_loop_log_is_here () || end_us < start_us)
    return;

  push (g_intern_static_string (what), start_us, end_us, 0, 0);
}

/* Outer spans first: by start, then the longer first. */
static int
compare_spans (gconstpointer a,
               gconstpointer b)
{
  const Span *x = a;
  const Span *y = b;

  if (x->start_us != y->start_us)
    return x->start_us < y->start_us ? -1 : 1;
  if (x->end_us != y->end_us)
    return x->end_us > y->end_us ? -1 : 1;
  return 0;
}

/* The spans of the ring that overlap [from, to], clipped to it. */
static GArray *
collect (gint64 from_us,
         gint64 to_us)
{
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (Span));

  for (guint i = 0; i < count; i++)
    {
      Span span = ring[(head + CAPACITY - 1 - i) % CAPACITY];

      if (span.end_us < from_us - LOOK_BEHIND_US)
        break;
      if (span.end_us <= from_us || span.start_us >= to_us)
        continue;
      span.start_us = MAX (span.start_us, from_us);
      span.end_us = MIN (span.end_us, to_us);
      g_array_append_val (spans, span);
    }
  g_array_sort (spans, compare_spans);

  return spans;
}

void
isobar_loop_log_explain (gint64           from_us,
                         gint64           to_us,
                         IsobarLateEvent *event)
{
  g_autoptr(GArray) spans = NULL;
  g_autoptr(GArray) causes = NULL;
  g_autofree gint64 *inner_us = NULL;
  g_autofree guint *stack = NULL;
  guint depth = 0;
  gint64 outer_us = 0;
  gint64 idle_us = 0;

  g_return_if_fail (event != NULL);

  memset (event, 0, sizeof *event);
  event->cpu_ms = -1;
  event->queued_ms = -1;
  event->ms = MAX (0, to_us - from_us) / 1000.0;
  if (!isobar_loop_log_is_here () || to_us <= from_us)
    return;

  /* A sweep with a stack of the spans that contain the current one: each
   * span's own time is its length less that of the spans directly in it. */
  spans = collect (from_us, to_us);
  inner_us = g_new0 (gint64, spans->len);
  stack = g_new0 (guint, spans->len);
  for (guint i = 0; i < spans->len; i++)
    {
      const Span *span = &g_array_index (spans, Span, i);

      while (depth > 0 && g_array_index (spans, Span, stack[depth - 1]).end_us <= span->start_us)
        depth--;
      if (depth > 0 && span->end_us <= g_array_index (spans, Span, stack[depth - 1]).end_us)
        inner_us[stack[depth - 1]] += span->end_us - span->start_us;
      else
        {
          /* Outermost (or overlapping the last one oddly: counted alone). */
          depth = 0;
          if (span->what == idle_what)
            idle_us += span->end_us - span->start_us;
          else
            outer_us += span->end_us - span->start_us;
        }
      stack[depth++] = i;
    }

  causes = g_array_new (FALSE, FALSE, sizeof (IsobarLateCause));
  for (guint i = 0; i < spans->len; i++)
    {
      const Span *span = &g_array_index (spans, Span, i);

      IsobarLateCause cause = {
        .what = span->what,
        .ms = MAX (0, span->end_us - span->start_us - inner_us[i]) / 1000.0,
        .count = 1,
        .width = span->width,
        .height = span->height,
      };

      if (span->what != idle_what)
        isobar_late_causes_add (causes, &cause);
    }
  isobar_late_causes_sort (causes);

  event->idle_ms = idle_us / 1000.0;
  event->other_ms = MAX (0, (to_us - from_us) - idle_us - outer_us) / 1000.0;
  event->n_causes = MIN (causes->len, ISOBAR_LATE_MAX_CAUSES);
  for (guint i = 0; i < event->n_causes; i++)
    event->causes[i] = g_array_index (causes, IsobarLateCause, i);
}

gint64
isobar_loop_log_thread_cpu_us (void)
{
  struct timespec now;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now) != 0)
    return -1;
  return (gint64) now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

gint64
isobar_loop_log_thread_queued_us (void)
{
  /* Opened once per thread: /proc/thread-self names the opener. */
  static __thread int fd = -2;
  char text[128];
  ssize_t n;
  char *end = NULL;
  gint64 run_ns;

  if (fd == -2)
    fd = open ("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;

  do
    n = pread (fd, text, sizeof text - 1, 0);
  while (n < 0 && errno == EINTR);
  if (n <= 0)
    return -1;
  text[n] = '\0';

  /* "<on the CPU, ns> <waiting on a run queue, ns> <time slices>" */
  g_ascii_strtoll (text, &end, 10);
  if (end == text)
    return -1;
  run_ns = g_ascii_strtoll (end, &end, 10);

  return run_ns / 1000;
}
