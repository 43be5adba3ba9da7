/* isobar-interpreter-lock.c: a Python-style global interpreter lock.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The algorithm is CPython's "new GIL" (Python/ceval_gil.h, 3.2 and later;
 * ceval_gil.c from 3.12) with FORCE_SWITCHING, ported step by step with its
 * two mutexes and two conditions: a waiter waits one interval on the lock's
 * condition; if no switch happened meanwhile it sets the drop request,
 * which the holder polls at its checkpoints; the holder then drops the lock
 * and waits on the second condition until some other thread has taken it.
 *
 * Over 600 lines because take_gil () and drop_gil () are kept whole and in
 * CPython's order, beside the main-loop attachment that calls them from a
 * GMainContext's poll: apart, they could no longer be read against CPython's.
 */

#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <time.h>

#include "isobar-interpreter-lock.h"

/* The primitives CPython's GIL is built on (Python/condvar.h with pthreads):
 * a pthread mutex and condition variables timed on CLOCK_MONOTONIC. Not
 * GMutex/GCond: which waiter a signal wakes, and when a timed waiter counts
 * as timed out, belong to the condition variable, and GLib's futex-based
 * GCond is not glibc's pthread_cond_t; with the same one as CPython, the
 * handoff cannot differ from CPython's for that reason. */
typedef pthread_mutex_t Mutex;
typedef pthread_cond_t  Cond;

static void
mutex_init (Mutex *mutex)
{
  if (pthread_mutex_init (mutex, NULL) != 0)
    g_error ("pthread_mutex_init failed");
}

static void
cond_init (Cond *cond)
{
  pthread_condattr_t attr;

  if (pthread_condattr_init (&attr) != 0 ||
      pthread_condattr_setclock (&attr, CLOCK_MONOTONIC) != 0 ||
      pthread_cond_init (cond, &attr) != 0)
    g_error ("pthread_cond_init failed");
  pthread_condattr_destroy (&attr);
}

#define mutex_lock(m)      pthread_mutex_lock (m)
#define mutex_unlock(m)    pthread_mutex_unlock (m)
#define mutex_clear(m)     pthread_mutex_destroy (m)
#define cond_signal(c)     pthread_cond_signal (c)
#define cond_broadcast(c)  pthread_cond_broadcast (c)
#define cond_wait(c, m)    pthread_cond_wait (c, m)
#define cond_clear(c)      pthread_cond_destroy (c)

/* PyCOND_TIMEDWAIT (): FALSE when @us passed without a signal. */
static gboolean
cond_timed_wait (Cond  *cond,
                 Mutex *mutex,
                 gint64 us)
{
  struct timespec deadline;

  clock_gettime (CLOCK_MONOTONIC, &deadline);
  deadline.tv_sec += us / G_USEC_PER_SEC;
  deadline.tv_nsec += (us % G_USEC_PER_SEC) * 1000;
  if (deadline.tv_nsec >= 1000000000)
    {
      deadline.tv_sec++;
      deadline.tv_nsec -= 1000000000;
    }

  return pthread_cond_timedwait (cond, mutex, &deadline) != ETIMEDOUT;
}

struct _IsobarInterpreterLock
{
  GObject                     parent_instance;

  /* gil->mutex and gil->cond: the lock's state, and "it was released". */
  Mutex                       mutex;
  Cond                        cond;
  /* gil->switch_mutex and gil->switch_cond (FORCE_SWITCHING): "somebody
   * else took it", also broadcast by a main-loop waiter giving up. */
  Mutex                       switch_mutex;
  Cond                        switch_cond;
  gint                        drop_request;  /* (atomic) gil_drop_request */
  gpointer                    last_holder;   /* (atomic) (unowned) GThread:
                                              * gil->last_holder, written
                                              * with switch_mutex held */
  gint                        waiters;       /* (atomic) threads in take */
  IsobarRunTimeline          *timeline;      /* (atomic) (owned) (nullable): set once */
  guint                       lock_track;    /* its track in the timeline */

  /* Protected by mutex. */
  guint                       interval_us;
  gboolean                    locked;
  GThread                    *holder;        /* (unowned) identity only */
  IsobarInterpreterLockRole   holder_role;
  GThread                    *stats_holder;  /* (unowned) the last holder since the stats were reset */
  guint64                     switch_number; /* bumped when the holder changes */
  GMainContext               *context;       /* (owned) (nullable) attached context */
  IsobarInterpreterLockStats  stats;
  gint64                      held_since_us; /* with a timeline: the holder's */
  guint                       holder_track;
};

G_DEFINE_FINAL_TYPE (IsobarInterpreterLock, isobar_interpreter_lock, G_TYPE_OBJECT)

/* The poll function has no user data, so attached contexts are found in a
 * process-wide list; the wrapper picks the one the calling thread owns. */
typedef struct
{
  GMainContext          *context;            /* (unowned) the lock owns it */
  IsobarInterpreterLock *lock;               /* (unowned) removed in detach */
  GPollFunc              saved_poll;
} Attachment;

static GMutex attachments_mutex;
static GSList *attachments;                 /* (element-type Attachment) */

/* A wait for the lock, on the waiter's track. */
static void
record_wait (IsobarRunTimeline *timeline,
             guint              track,
             gint64             start_us,
             gint64             end_us)
{
  if (timeline != NULL)
    isobar_run_timeline_add_slice (timeline, track, ISOBAR_RUN_TIMELINE_LOCK, "wait for the interpreter lock",
                                   start_us, end_us, NULL, NULL);
}

/* A holding, as it ends: noted with the mutex held (so that holdings cannot
 * overlap), recorded after it is let go. */
typedef struct
{
  guint  track;
  gint64 start_us;
  gint64 end_us;
} Holding;

/* Called with the mutex held, before the release. */
static void
holding_end (IsobarInterpreterLock *self,
             Holding               *holding)
{
  holding->track = self->holder_track;
  holding->start_us = self->held_since_us;
  holding->end_us = g_atomic_pointer_get (&self->timeline) != NULL ? g_get_monotonic_time () : 0;
}

static void
holding_record (IsobarInterpreterLock *self,
                const Holding         *holding)
{
  IsobarRunTimeline *timeline = g_atomic_pointer_get (&self->timeline);

  if (timeline != NULL && holding->end_us > 0)
    isobar_run_timeline_add_slice (timeline, self->lock_track, ISOBAR_RUN_TIMELINE_LOCK,
                                   isobar_run_timeline_get_track_name (timeline, holding->track),
                                   holding->start_us, holding->end_us, NULL, NULL);
}

/* take_gil () of CPython 3.11 (Python/ceval_gil.h; ceval_gil.c in 3.12),
 * step by step. Returns FALSE if a main-loop waiter gave up because its
 * context was detached. */
static gboolean
lock_take (IsobarInterpreterLock     *self,
           IsobarInterpreterLockRole  role)
{
  GThread *me = g_thread_self ();
  IsobarRunTimeline *timeline = g_atomic_pointer_get (&self->timeline);
  guint track = timeline != NULL ? isobar_run_timeline_thread_track (timeline, NULL) : 0;
  gint64 start_us = g_get_monotonic_time ();
  gint64 now_us;
  gboolean waited;

#define GIVE_UP() (role == ISOBAR_INTERPRETER_LOCK_ROLE_MAIN_LOOP && self->context == NULL)

  mutex_lock (&self->mutex);
  g_atomic_int_inc (&self->waiters);
  waited = self->locked;

  /* "if (!locked) goto _ready;" */
  while (self->locked && !GIVE_UP ())
    {
      guint64 saved_switch = self->switch_number;
      gboolean timed_out;

      /* COND_TIMED_WAIT (gil->cond, gil->mutex, interval): one wait. Woken
       * by a drop that another waiter won, take_gil () starts a whole new
       * interval, and so does this. */
      timed_out = !cond_timed_wait (&self->cond, &self->mutex, self->interval_us);

      /* "If we timed out and no switch occurred in the meantime, it is
       * time to ask the GIL-holding thread to drop it." */
      if (timed_out && self->locked && self->switch_number == saved_switch)
        {
          g_atomic_int_set (&self->drop_request, 1);
          self->stats.drop_requests++;
        }
    }
  g_atomic_int_add (&self->waiters, -1);

  if (self->locked)
    {
      /* Gave up: a dropper may be waiting for a waiter that is gone. */
      mutex_unlock (&self->mutex);
      mutex_lock (&self->switch_mutex);
      cond_broadcast (&self->switch_cond);
      mutex_unlock (&self->switch_mutex);
      record_wait (timeline, track, start_us, g_get_monotonic_time ());
      return FALSE;
    }

#undef GIVE_UP

  /* _ready: "This mutex must be taken before modifying gil->last_holder". */
  mutex_lock (&self->switch_mutex);
  self->locked = TRUE;
  self->holder = me;
  self->holder_role = role;
  if (g_atomic_pointer_get (&self->last_holder) != me)
    {
      g_atomic_pointer_set (&self->last_holder, me);
      self->switch_number++;
    }
  cond_signal (&self->switch_cond);
  mutex_unlock (&self->switch_mutex);

  /* RESET_GIL_DROP_REQUEST (): the request is served. */
  g_atomic_int_set (&self->drop_request, 0);

  if (self->stats_holder != NULL && self->stats_holder != me)
    self->stats.switches++;
  self->stats_holder = me;
  now_us = g_get_monotonic_time ();
  self->stats.acquisitions[role]++;
  self->stats.wait_us[role] += now_us - start_us;
  self->stats.max_wait_us[role] = MAX (self->stats.max_wait_us[role], now_us - start_us);
  self->held_since_us = now_us;
  self->holder_track = track;
  mutex_unlock (&self->mutex);

  if (waited)
    record_wait (timeline, track, start_us, now_us);

  return TRUE;
}

/* Called with the mutex held: the release itself. */
static void
lock_release_locked (IsobarInterpreterLock *self)
{
  self->locked = FALSE;
  self->holder = NULL;
  cond_signal (&self->cond);
}

/* drop_gil (): releases the lock and wakes one waiter; then, with
 * FORCE_SWITCHING, if a drop was requested and nobody has taken the lock
 * yet, waits once on switch_cond until somebody has, so that the dropper
 * cannot take it straight back from the waiter that asked. (Unlike
 * CPython, it does not wait when nobody waits at all: a main-loop waiter
 * may have given up on detach.) */
static void
lock_drop_full (IsobarInterpreterLock *self,
                gboolean               forced)
{
  GThread *me = g_thread_self ();
  Holding holding;

  mutex_lock (&self->mutex);
  if (forced)
    self->stats.forced_drops++;
  holding_end (self, &holding);
  lock_release_locked (self);
  mutex_unlock (&self->mutex);
  holding_record (self, &holding);

  if (g_atomic_int_get (&self->drop_request))
    {
      mutex_lock (&self->switch_mutex);
      /* "Not switched yet => wait" */
      if (g_atomic_pointer_get (&self->last_holder) == me && g_atomic_int_get (&self->waiters) > 0)
        {
          g_atomic_int_set (&self->drop_request, 0);
          cond_wait (&self->switch_cond, &self->switch_mutex);
        }
      mutex_unlock (&self->switch_mutex);
    }
}

static void
lock_drop (IsobarInterpreterLock *self)
{
  lock_drop_full (self, FALSE);
}

/* Called with the mutex held. */
static gboolean
lock_held_by_locked (IsobarInterpreterLock *self,
                     GThread               *thread)
{
  return self->locked && self->holder == thread;
}

/* Whether this thread holds the lock. */
static gboolean
lock_held_by_me (IsobarInterpreterLock *self)
{
  gboolean held;

  mutex_lock (&self->mutex);
  held = lock_held_by_locked (self, g_thread_self ());
  mutex_unlock (&self->mutex);

  return held;
}

static gint
lock_poll (GPollFD *fds,
           guint    n_fds,
           gint     timeout)
{
  g_autoptr(IsobarInterpreterLock) self = NULL;
  GPollFunc poll_func = g_poll;
  gint ret;

  g_mutex_lock (&attachments_mutex);
  for (const GSList *l = attachments; l != NULL; l = l->next)
    {
      const Attachment *attachment = l->data;

      if (g_main_context_is_owner (attachment->context))
        {
          self = g_object_ref (attachment->lock);
          poll_func = attachment->saved_poll;
          break;
        }
    }
  g_mutex_unlock (&attachments_mutex);

  if (self == NULL)
    return poll_func (fds, n_fds, timeout);

  /* PyGObject releases the GIL around the poll… */
  if (lock_held_by_me (self))
    lock_drop (self);

  ret = poll_func (fds, n_fds, timeout);

  /* …and needs it back before any callback can run. */
  lock_take (self, ISOBAR_INTERPRETER_LOCK_ROLE_MAIN_LOOP);

  return ret;
}

static void
isobar_interpreter_lock_dispose (GObject *object)
{
  isobar_interpreter_lock_detach (ISOBAR_INTERPRETER_LOCK (object));

  G_OBJECT_CLASS (isobar_interpreter_lock_parent_class)->dispose (object);
}

static void
isobar_interpreter_lock_finalize (GObject *object)
{
  IsobarInterpreterLock *self = ISOBAR_INTERPRETER_LOCK (object);

  if (self->locked)
    g_critical ("IsobarInterpreterLock finalized while a thread holds it");

  g_clear_object (&self->timeline);
  mutex_clear (&self->mutex);
  cond_clear (&self->cond);
  mutex_clear (&self->switch_mutex);
  cond_clear (&self->switch_cond);

  G_OBJECT_CLASS (isobar_interpreter_lock_parent_class)->finalize (object);
}

static void
isobar_interpreter_lock_class_init (IsobarInterpreterLockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = isobar_interpreter_lock_dispose;
  object_class->finalize = isobar_interpreter_lock_finalize;
}

static void
isobar_interpreter_lock_init (IsobarInterpreterLock *self)
{
  mutex_init (&self->mutex);
  cond_init (&self->cond);
  mutex_init (&self->switch_mutex);
  cond_init (&self->switch_cond);
  self->interval_us = ISOBAR_INTERPRETER_LOCK_DEFAULT_SWITCH_INTERVAL_US;
}

IsobarInterpreterLock *
isobar_interpreter_lock_new (void)
{
  return g_object_new (ISOBAR_TYPE_INTERPRETER_LOCK, NULL);
}

void
isobar_interpreter_lock_set_switch_interval (IsobarInterpreterLock *self,
                                             guint                  interval_us)
{
  g_return_if_fail (ISOBAR_IS_INTERPRETER_LOCK (self));
  g_return_if_fail (interval_us > 0);

  mutex_lock (&self->mutex);
  self->interval_us = interval_us;
  mutex_unlock (&self->mutex);
}

guint
isobar_interpreter_lock_get_switch_interval (IsobarInterpreterLock *self)
{
  guint interval_us;

  g_return_val_if_fail (ISOBAR_IS_INTERPRETER_LOCK (self), 0);

  mutex_lock (&self->mutex);
  interval_us = self->interval_us;
  mutex_unlock (&self->mutex);

  return interval_us;
}

void
isobar_interpreter_lock_acquire (IsobarInterpreterLock *self)
{
  g_return_if_fail (ISOBAR_IS_INTERPRETER_LOCK (self));

  if (lock_held_by_me (self))
    g_critical ("%s: this thread already holds the interpreter lock", G_STRFUNC);
  else
    lock_take (self, ISOBAR_INTERPRETER_LOCK_ROLE_WORKER);
}

void
isobar_interpreter_lock_release (IsobarInterpreterLock *self)
{
  g_return_if_fail (ISOBAR_IS_INTERPRETER_LOCK (self));

  if (lock_held_by_me (self))
    lock_drop (self);
  else
    g_critical ("%s: this thread does not hold the interpreter lock", G_STRFUNC);
}

gboolean
isobar_interpreter_lock_yield_if_requested (IsobarInterpreterLock *self)
{
  IsobarInterpreterLockRole role;

  g_return_val_if_fail (ISOBAR_IS_INTERPRETER_LOCK (self), FALSE);

  /* The fast path of every checkpoint, as the eval loop reads its
   * eval_breaker between bytecodes. */
  if (!g_atomic_int_get (&self->drop_request))
    return FALSE;

  /* No lock taken to check: only the holder writes these, and this thread
   * must be the holder. drop_gil () takes gil->mutex once, and so must
   * this: a second acquisition here met the waiter that had just asked,
   * still holding the mutex on its way back to sleep, and put this thread
   * to sleep on it; woken after the asker slept, its signal then went to
   * the oldest waiter (the main loop) where CPython's goes to the asker. */
  if (self->holder != g_thread_self ())
    {
      g_critical ("%s: this thread does not hold the interpreter lock", G_STRFUNC);
      return FALSE;
    }
  role = self->holder_role;

  /* _Py_HandlePending () (3.11): "Give another thread a chance":
   * drop_gil (), then take_gil (). */
  lock_drop_full (self, TRUE);
  lock_take (self, role);

  return TRUE;
}

gboolean
isobar_interpreter_lock_is_held_by_self (IsobarInterpreterLock *self)
{
  g_return_val_if_fail (ISOBAR_IS_INTERPRETER_LOCK (self), FALSE);

  return lock_held_by_me (self);
}

const gint *
isobar_interpreter_lock_get_drop_request (IsobarInterpreterLock *self)
{
  g_return_val_if_fail (ISOBAR_IS_INTERPRETER_LOCK (self), NULL);

  return &self->drop_request;
}

static Attachment *
find_attachment (GMainContext *context)
{
  for (GSList *l = attachments; l != NULL; l = l->next)
    {
      Attachment *attachment = l->data;

      if (attachment->context == context)
        return attachment;
    }

  return NULL;
}

void
isobar_interpreter_lock_attach_to_main_context (IsobarInterpreterLock *self,
                                                GMainContext          *context)
{
  Attachment *attachment;

  g_return_if_fail (ISOBAR_IS_INTERPRETER_LOCK (self));

  if (context == NULL)
    context = g_main_context_default ();

  g_mutex_lock (&attachments_mutex);
  if (find_attachment (context) != NULL)
    {
      g_mutex_unlock (&attachments_mutex);
      g_critical ("%s: the context already has an interpreter lock", G_STRFUNC);
      return;
    }

  mutex_lock (&self->mutex);
  if (self->context != NULL)
    {
      mutex_unlock (&self->mutex);
      g_mutex_unlock (&attachments_mutex);
      g_critical ("%s: the lock is already attached to a context", G_STRFUNC);
      return;
    }
  self->context = g_main_context_ref (context);
  mutex_unlock (&self->mutex);

  attachment = g_new0 (Attachment, 1);
  attachment->context = context;
  attachment->lock = self;
  attachment->saved_poll = g_main_context_get_poll_func (context);
  attachments = g_slist_prepend (attachments, attachment);
  g_main_context_set_poll_func (context, lock_poll);
  g_mutex_unlock (&attachments_mutex);
}

void
isobar_interpreter_lock_detach (IsobarInterpreterLock *self)
{
  g_autoptr(GMainContext) context = NULL;
  Attachment *attachment;
  Holding holding;

  g_return_if_fail (ISOBAR_IS_INTERPRETER_LOCK (self));

  mutex_lock (&self->mutex);
  context = g_steal_pointer (&self->context);
  mutex_unlock (&self->mutex);

  if (context == NULL)
    return;

  g_mutex_lock (&attachments_mutex);
  attachment = find_attachment (context);
  g_assert (attachment != NULL && attachment->lock == self);
  if (g_main_context_get_poll_func (context) == lock_poll)
    g_main_context_set_poll_func (context, attachment->saved_poll);
  attachments = g_slist_remove (attachments, attachment);
  g_free (attachment);
  g_mutex_unlock (&attachments_mutex);

  /* The context's thread never comes back for the lock it may hold (it
   * holds it between a poll and the next), so release it on its behalf, and
   * wake it if it is waiting for the lock. */
  mutex_lock (&self->mutex);
  holding.end_us = 0;
  if (self->locked && self->holder_role == ISOBAR_INTERPRETER_LOCK_ROLE_MAIN_LOOP)
    {
      holding_end (self, &holding);
      lock_release_locked (self);
    }
  cond_broadcast (&self->cond);
  mutex_unlock (&self->mutex);
  holding_record (self, &holding);
}

void
isobar_interpreter_lock_set_timeline (IsobarInterpreterLock *self,
                                      IsobarRunTimeline     *timeline)
{
  g_return_if_fail (ISOBAR_IS_INTERPRETER_LOCK (self));
  g_return_if_fail (ISOBAR_IS_RUN_TIMELINE (timeline));
  g_return_if_fail (self->timeline == NULL);

  self->lock_track = isobar_run_timeline_virtual_track (timeline, "Interpreter lock");
  g_atomic_pointer_set (&self->timeline, g_object_ref (timeline));
}

void
isobar_interpreter_lock_get_stats (IsobarInterpreterLock      *self,
                                   IsobarInterpreterLockStats *stats)
{
  g_return_if_fail (ISOBAR_IS_INTERPRETER_LOCK (self));
  g_return_if_fail (stats != NULL);

  mutex_lock (&self->mutex);
  *stats = self->stats;
  mutex_unlock (&self->mutex);
}

void
isobar_interpreter_lock_reset_stats (IsobarInterpreterLock *self)
{
  g_return_if_fail (ISOBAR_IS_INTERPRETER_LOCK (self));

  mutex_lock (&self->mutex);
  self->stats = (IsobarInterpreterLockStats) { 0 };
  self->stats_holder = self->holder;  /* count switches from now on */
  mutex_unlock (&self->mutex);
}
