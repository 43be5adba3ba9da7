/* isobar-memory.h: giving back the memory a run freed.
 *
 * glibc keeps what a program frees in its arenas (one for each thread that
 * allocated at the same time as another), so after a run whose threads
 * parsed eight archives the process stays near its peak size although the
 * run's data is gone. Trimming returns the free pages to the system.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Keeps blocks of 1 MiB and more in their own mappings, returned to the
 * system when freed, and lets the heap keep a free top of up to 2 MiB
 * between frees. glibc raises its own threshold each time such a block is
 * freed (up to 32 MiB), after which a run's downloaded archives were
 * carved from the arenas and left them fragmented: the window grew by 8 MB
 * a run (BENCHMARKS.md §5d). Below 1 MiB stays in the heap: GTK 4.8's cairo
 * renderer on X11 allocates a surface the size of each frame's damage and
 * frees it at the frame's end; in a mapping of its own, every frame of
 * more than 128 KiB (a 180 × 180 px box) mapped fresh pages and took a
 * page fault on each, half of the drawing's time (BENCHMARKS.md §5m). Call
 * once, early, before threads start. Where the C library has no such
 * setting, does nothing. */
void     isobar_memory_keep_large_blocks_apart (void);

/* Lets a freed small block merge with its free neighbours at once rather
 * than wait in glibc's "fast bins". A thread's arena gives its free top
 * back to the system only from free(), when the merged block is large;
 * malloc_trim() merges what waits in the fast bins but gives back the top
 * of the main arena only. Without this, a thread that built and freed a
 * tree of small blocks (json-glib's nodes of an archive) left its arena's
 * top, megabytes, resident after every trim (BENCHMARKS.md §5l). Call once,
 * early, before threads start. Where the C library has no such setting,
 * does nothing. */
void     isobar_memory_merge_small_blocks (void);

/* Gives every thread an arena of its own, never the main thread's. glibc
 * makes new arenas only up to 8 per core (16 on 2 cores) and then hands
 * further threads the existing ones, the main arena first: a run has ~17
 * threads at once, so one download thread parsed its JSON in the UI
 * thread's arena, and the UI thread waited for its lock, up to 4 ms while
 * that niced thread waited for a core (BENCHMARKS.md §5n). The limit is
 * raised to cover the most threads a run can start, never lowered. Call
 * once, early, before threads start. Where the C library has no such
 * setting, does nothing. */
void     isobar_memory_keep_threads_off_main_arena (void);

/* The most threads a run starts that allocate: its download threads and
 * compute workers at the maxima of the settings "fetch-concurrency" and
 * "compute-workers" (test-memory fails if the schema allows more), and the
 * app's own (main-loop helpers, GTask's pool, the watchdog, the sampler,
 * the steps). */
#define ISOBAR_MEMORY_MAX_DOWNLOAD_THREADS 64
#define ISOBAR_MEMORY_MAX_COMPUTE_THREADS  64
#define ISOBAR_MEMORY_MAX_OTHER_THREADS    32

/* Trims every arena in a background thread (it walks them under their
 * locks: call it when a run has ended, not during one). Where the C library
 * cannot trim, it finishes at once with FALSE. */
void     isobar_memory_trim_async  (GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
/* TRUE when memory was given back. */
gboolean isobar_memory_trim_finish (GAsyncResult        *result,
                                    GError             **error);

G_END_DECLS
