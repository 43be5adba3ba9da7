/* isobar-memory.c: giving back the memory a run freed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#if defined (HAVE_MALLOC_TRIM) || defined (HAVE_MALLOPT)
#include <malloc.h>
#endif

#include "isobar-background.h"
#include "isobar-memory.h"

/* Blocks this large and larger get mappings of their own: a run's
 * downloaded bodies (megabytes) do, a frame's paint surface does not. */
#define LARGE_BLOCK (1024 * 1024)
/* The heap's free top is given back from free() once this large: more
 * than a frame's paint surface, so that the next frame finds it. */
#define KEPT_TOP    (2 * LARGE_BLOCK)

void
isobar_memory_keep_large_blocks_apart (void)
{
#ifdef HAVE_MALLOPT
  /* Setting either turns glibc's raising of both off. */
  mallopt (M_MMAP_THRESHOLD, LARGE_BLOCK);
  mallopt (M_TRIM_THRESHOLD, KEPT_TOP);
#endif
}

void
isobar_memory_merge_small_blocks (void)
{
#ifdef HAVE_MALLOPT
  /* No block is small enough for a fast bin. The per-thread caches in
   * front of them stay: they hold a few blocks of each size, not trees. */
  mallopt (M_MXFAST, 0);
#endif
}

/* The most threads that allocate at once (isobar-memory.h). */
#define MAX_ALLOCATING_THREADS (ISOBAR_MEMORY_MAX_DOWNLOAD_THREADS + ISOBAR_MEMORY_MAX_COMPUTE_THREADS + \
                                ISOBAR_MEMORY_MAX_OTHER_THREADS)

void
isobar_memory_keep_threads_off_main_arena (void)
{
#if defined (HAVE_MALLOPT) && defined (M_ARENA_MAX)
  /* glibc's own limit, which this never lowers. */
  int per_cores = 8 * (int) g_get_num_processors ();

  mallopt (M_ARENA_MAX, MAX (per_cores, MAX_ALLOCATING_THREADS));
#endif
}

static void
trim_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  gboolean released = FALSE;

  isobar_background_thread_enter ();
#ifdef HAVE_MALLOC_TRIM
  released = malloc_trim (0) != 0;
#endif
  g_task_return_boolean (task, released);
}

void
isobar_memory_trim_async (GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, isobar_memory_trim_async);
  g_task_set_name (task, "[isobar] trim memory");
#ifdef HAVE_MALLOC_TRIM
  g_task_run_in_thread (task, trim_thread);
#else
  g_task_return_boolean (task, FALSE);
#endif
}

gboolean
isobar_memory_trim_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == isobar_memory_trim_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
