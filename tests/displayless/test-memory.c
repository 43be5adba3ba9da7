/* test-memory.c: what a thread freed goes back to the system after a trim,
 * a frame-sized block freed and allocated again keeps its pages, and no
 * thread a run can start shares the main thread's arena.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "isobar-memory.h"
#include "test-util.h"

#if defined (__SANITIZE_ADDRESS__)
#define ALLOCATOR_REPLACED 1
#elif defined (__has_feature)
#if __has_feature (address_sanitizer)
#define ALLOCATOR_REPLACED 1
#endif
#endif

#define TREE_BYTES  (32 * 1024 * 1024)
#define NODE_BYTES  48  /* about a json-glib node's */
#define TIMEOUT     30  /* seconds, for a trim */
/* A frame's paint surface during a run: the panel's column from its
 * progress line to its figures, 340 × 506 px of 4 bytes. */
#define FRAME_BYTES (340 * 506 * 4)
#define FRAMES      20

/* Resident kilobytes of this process. */
static gsize
resident_kb (void)
{
  g_autofree char *text = NULL;
  unsigned long pages = 0, resident = 0;

  g_assert_true (g_file_get_contents ("/proc/self/statm", &text, NULL, NULL));
  g_assert_cmpint (sscanf (text, "%lu %lu", &pages, &resident), ==, 2);
  return resident * (sysconf (_SC_PAGESIZE) / 1024);
}

/* Builds a "tree" of small blocks, as a parser thread does, and frees it. */
static gpointer
tree_thread (gpointer data)
{
  guint n = TREE_BYTES / NODE_BYTES;
  g_autofree gpointer *nodes = g_new (gpointer, n);

  for (guint i = 0; i < n; i++)
    nodes[i] = g_malloc0 (NODE_BYTES);
  for (guint i = 0; i < n; i++)
    g_free (nodes[i]);
  return NULL;
}

static void
trim (void)
{
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  isobar_memory_trim_async (NULL, test_async_store_cb, &pending);
  result = test_async_wait (&pending, TIMEOUT);
  isobar_memory_trim_finish (result, NULL);
}

/* The thread's arena keeps nothing: without isobar_memory_merge_small_blocks()
 * its top, the whole tree, stayed resident after the trim. */
static void
test_thread_tree_returned (void)
{
  gsize before, after;

#ifdef ALLOCATOR_REPLACED
  g_test_skip ("AddressSanitizer replaces the C library's allocator, whose arenas this tests");
  return;
#endif
#ifndef HAVE_MALLOC_TRIM
  g_test_skip ("the C library has no malloc_trim()");
  return;
#endif

  trim ();
  before = resident_kb ();
  g_thread_join (g_thread_new ("tree", tree_thread, NULL));
  trim ();
  after = resident_kb ();

  g_test_message ("resident %" G_GSIZE_FORMAT " KiB before, %" G_GSIZE_FORMAT " KiB after a %d MiB tree",
                  before, after, TREE_BYTES >> 20);
  /* A quarter of the tree: what is kept is all of it, or nothing. */
  g_assert_cmpuint (after, <, before + TREE_BYTES / 1024 / 4);
}

/* Minor page faults of the calling thread so far. */
static long
thread_faults (void)
{
  struct rusage usage;

  g_assert_cmpint (getrusage (RUSAGE_THREAD, &usage), ==, 0);
  return usage.ru_minflt;
}

static gpointer
frames_thread (gpointer data)
{
  long *faults = data;

  for (guint i = 0; i < FRAMES; i++)
    {
      long before = thread_faults ();
      /* As cairo allocates an image surface: cleared, then painted. */
      g_autofree guint8 *surface = g_malloc0 (FRAME_BYTES);

      memset (surface, 0xff, FRAME_BYTES);
      faults[i] = thread_faults () - before;
    }
  return NULL;
}

/* A block the size of a frame's paint surface, allocated and freed once a
 * frame, is given the same pages again: with the 128 KiB threshold it was
 * mapped afresh each time and every page of it faulted in each frame. */
static void
test_frame_surface_reused (void)
{
  long faults[FRAMES] = { 0 };
  long later = 0;

#ifdef ALLOCATOR_REPLACED
  g_test_skip ("AddressSanitizer replaces the C library's allocator, whose thresholds this tests");
  return;
#endif
#ifndef HAVE_MALLOPT
  g_test_skip ("the C library has no mallopt()");
  return;
#endif

  g_thread_join (g_thread_new ("frames", frames_thread, faults));
  for (guint i = 1; i < FRAMES; i++)
    later += faults[i];

  g_test_message ("page faults painting a %d KiB surface: %ld the first time, %ld in the %d frames after",
                  FRAME_BYTES / 1024, faults[0], later, FRAMES - 1);
  /* Fresh pages every frame would be FRAME_BYTES / 4096 faults a frame. */
  g_assert_cmpint (later, <, FRAME_BYTES / sysconf (_SC_PAGESIZE));
}

/* glibc marks a block from any arena but the main thread's with
 * NON_MAIN_ARENA (0x4) in the size word just before it. */
static gboolean
from_main_arena (gconstpointer block)
{
  gsize size_word;

  /* By address: the word is outside the block, as the compiler knows. */
  memcpy (&size_word, GSIZE_TO_POINTER (GPOINTER_TO_SIZE (block) - sizeof size_word), sizeof size_word);
  return (size_word & 0x4) == 0;
}

/* Threads that are all alive at once, each with its first blocks. */
typedef struct
{
  GMutex mutex;
  GCond  cond;
  guint  n_threads;
  guint  arrived;
  guint  on_main_arena;
} Crowd;

static gpointer
crowd_thread (gpointer data)
{
  Crowd *crowd = data;
  /* Its first allocation of this size: from the arena it was given. */
  gpointer block = malloc (200);

  g_mutex_lock (&crowd->mutex);
  crowd->arrived++;
  if (from_main_arena (block))
    crowd->on_main_arena++;
  g_cond_broadcast (&crowd->cond);
  /* Nobody leaves before all have their arena: a thread that exits gives
   * its arena to the next one that asks. */
  while (crowd->arrived < crowd->n_threads)
    g_cond_wait (&crowd->cond, &crowd->mutex);
  g_mutex_unlock (&crowd->mutex);
  free (block);

  return NULL;
}

/* More threads at once than glibc's default of 8 arenas a core: none of
 * them is handed the main thread's arena (on 2 cores, without
 * isobar_memory_keep_threads_off_main_arena (), 1 of 20 was, in each
 * of 5 tries). */
static void
test_threads_off_main_arena (void)
{
  Crowd crowd = { 0 };
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  gpointer mine;

#ifdef ALLOCATOR_REPLACED
  g_test_skip ("AddressSanitizer replaces the C library's allocator, whose arenas this tests");
  return;
#endif
#ifndef __GLIBC__
  g_test_skip ("the arenas tested are glibc's");
  return;
#endif

  /* The size word is read as glibc lays it out. */
  mine = malloc (200);
  g_assert_true (from_main_arena (mine));
  free (mine);

  /* Beyond the default limit, and within the app's (a machine of more
   * than 18 cores has a default above it: the crowd is then smaller). */
  crowd.n_threads = MIN (8 * g_get_num_processors () + 4, 150);
  g_mutex_init (&crowd.mutex);
  g_cond_init (&crowd.cond);
  for (guint i = 0; i < crowd.n_threads; i++)
    g_ptr_array_add (threads, g_thread_new ("crowd", crowd_thread, &crowd));
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));
  g_mutex_clear (&crowd.mutex);
  g_cond_clear (&crowd.cond);

  g_test_message ("%u threads at once on %u cores: %u given the main thread's arena",
                  crowd.n_threads, g_get_num_processors (), crowd.on_main_arena);
  g_assert_cmpuint (crowd.on_main_arena, ==, 0);
}

/* The upper end of a "u" key's range in the app's schema. */
static guint32
schema_max (GSettingsSchema *schema,
            const char      *name)
{
  g_autoptr(GSettingsSchemaKey) key = g_settings_schema_get_key (schema, name);
  g_autoptr(GVariant) range = g_settings_schema_key_get_range (key);
  g_autoptr(GVariant) limits = NULL;
  const char *kind = NULL;
  guint32 min = 0, max = 0;

  g_variant_get (range, "(&sv)", &kind, &limits);
  g_assert_cmpstr (kind, ==, "range");
  g_variant_get (limits, "(uu)", &min, &max);

  return max;
}

/* The arena limit counts the threads the settings can ask for: the
 * schema may not allow more than it does. */
static void
test_arena_limit_covers_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  g_assert_nonnull (source);
  schema = g_settings_schema_source_lookup (source, "io.github.isobar.Isobar", TRUE);
  g_assert_nonnull (schema);
  g_assert_cmpuint (schema_max (schema, "fetch-concurrency"), <=, ISOBAR_MEMORY_MAX_DOWNLOAD_THREADS);
  g_assert_cmpuint (schema_max (schema, "compute-workers"), <=, ISOBAR_MEMORY_MAX_COMPUTE_THREADS);
}

int
main (int   argc,
      char *argv[])
{
  /* As the app does, before any thread. */
  isobar_memory_keep_large_blocks_apart ();
  isobar_memory_merge_small_blocks ();
  isobar_memory_keep_threads_off_main_arena ();

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memory/thread-tree-returned", test_thread_tree_returned);
  g_test_add_func ("/memory/frame-surface-reused", test_frame_surface_reused);
  g_test_add_func ("/memory/threads-off-main-arena", test_threads_off_main_arena);
  g_test_add_func ("/memory/arena-limit-covers-settings", test_arena_limit_covers_settings);

  return g_test_run ();
}
