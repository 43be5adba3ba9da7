/* isobar-fetcher-async.c: the fetcher's async strategy: libsoup's async
 * API on the caller's main context, up to N requests in flight, each body
 * parsed in a GTask thread while the next download runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "isobar-background.h"
#include "isobar-fetcher-private.h"
#include "isobar-http.h"
#include "isobar-loop-log.h"

static void async_start_next (GTask *task);

/* One request of the async strategy. */
typedef struct
{
  GTask  *task;    /* (owned) the run */
  guint   index;
  gsize   n_bytes;
  gint64  started_us;
} Pending;

/* What a parser thread needs. */
typedef struct
{
  GBytes            *body;      /* (owned) */
  Run               *run;       /* (unowned) alive while it waits */
  const char        *url;       /* (unowned) the run's */
} ParseData;

static void
parse_data_free (ParseData *data)
{
  g_clear_pointer (&data->body, g_bytes_unref);
  g_free (data);
}

static void
pending_free (gpointer data)
{
  Pending *pending = data;

  g_clear_object (&pending->task);
  g_free (pending);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pending, pending_free)

static void
parse_thread (GTask        *parse_task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ParseData *data = task_data;
  GError *error = NULL;
  IsobarArchive *archive;

  isobar_background_thread_enter ();

  if (data->run->timeline != NULL)
    isobar_run_timeline_thread_track (data->run->timeline, "GTask thread");
  archive = _isobar_fetcher_parse_recorded (data->run, data->url, data->body, &error);
  if (archive == NULL)
    g_task_return_error (parse_task, error);
  else
    g_task_return_pointer (parse_task, archive, g_object_unref);
}

static void
parse_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Pending) pending = user_data;
  Run *run = g_task_get_task_data (pending->task);
  g_autoptr(IsobarArchive) archive = NULL;
  g_autoptr(GError) error = NULL;

  archive = g_task_propagate_pointer (G_TASK (result), &error);
  run->producers--;
  _isobar_fetcher_deliver (pending->task, pending->index, archive, error, pending->n_bytes);
  _isobar_fetcher_check_done (pending->task);
}

static void
http_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_auto (IsobarLoopMark) mark = ISOBAR_LOOP_MARK (N_("download handled"));
  g_autoptr(Pending) pending = user_data;
  g_autoptr(GTask) task = g_object_ref (pending->task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = isobar_http_get_finish (result, &error);
  run->in_flight--;
  if (run->timeline != NULL)
    isobar_run_timeline_add_slice (run->timeline,
                                   isobar_run_timeline_virtual_track (run->timeline, "Downloads in flight"),
                                   ISOBAR_RUN_TIMELINE_FETCH, "download", pending->started_us,
                                   g_get_monotonic_time (), "url", run->urls[pending->index]);
  if (body == NULL || g_cancellable_is_cancelled (run->cancellable))
    {
      run->producers--;
      _isobar_fetcher_deliver (task, pending->index, NULL, error, 0);
    }
  else
    {
      /* Still a producer, until the parser returns. */
      g_autoptr(GTask) parse_task = NULL;
      ParseData *data = g_new0 (ParseData, 1);

      pending->n_bytes = g_bytes_get_size (body);
      data->body = g_steal_pointer (&body);
      data->run = run;
      data->url = run->urls[pending->index];
      parse_task = g_task_new (NULL, NULL, parse_done_cb, g_steal_pointer (&pending));
      g_task_set_source_tag (parse_task, http_done_cb);
      g_task_set_name (parse_task, "[isobar] parse archive");
      g_task_set_task_data (parse_task, data, (GDestroyNotify) parse_data_free);
      g_task_run_in_thread (parse_task, parse_thread);
    }

  /* The connection is free: the next download starts while this one parses. */
  async_start_next (task);
  _isobar_fetcher_check_done (task);
}

/* Starts requests until N are in flight or none is left. */
static void
async_start_next (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  while (run->in_flight < run->concurrency && run->next < run->n_requests &&
         !g_cancellable_is_cancelled (run->cancellable))
    {
      guint index = run->next++;
      Pending *pending;

      if (run->urls[index] == NULL)
        {
          _isobar_fetcher_deliver (task, index, NULL, run->url_errors[index], 0);
          continue;
        }

      pending = g_new0 (Pending, 1);
      pending->task = g_object_ref (task);
      pending->index = index;
      pending->started_us = g_get_monotonic_time ();
      run->producers++;
      run->in_flight++;
      isobar_http_get_async (run->session, run->urls[index], run->timeout, run->max_body_size,
                             run->cancellable, http_done_cb, pending);
    }
}

gboolean
_isobar_fetcher_async_run_cb (gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);

  run->producers--;
  async_start_next (task);
  _isobar_fetcher_check_done (task);
  return G_SOURCE_REMOVE;
}
