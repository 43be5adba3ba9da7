/* isobar-cli-engine.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <unistd.h>

#include "isobar-cli.h"
#include "isobar-cli-engine.h"

/* The index of @id in @valid_ids, or -1. */
static int
find_id (const char         *id,
         const char * const *valid_ids,
         guint               n_valid)
{
  for (guint v = 0; v < n_valid; v++)
    if (g_str_equal (id, valid_ids[v]))
      return (int) v;

  return -1;
}

int
isobar_cli_parse_id_list (const char         *command,
                          const char         *option,
                          const char         *list,
                          const char * const *valid_ids,
                          guint               n_valid,
                          gboolean            presets,
                          GArray            **strategies)
{
  g_auto(GStrv) ids = g_strsplit (list, ",", -1);
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (int));

  for (guint i = 0; i == 0 || ids[i] != NULL; i++)
    {
      /* An empty list is one empty, unknown id. */
      const char *id = ids[i] != NULL ? g_strstrip (ids[i]) : "";
      int value = find_id (id, valid_ids, n_valid);
      gboolean seen = FALSE;

      if (value < 0)
        {
          g_autofree char *valid = g_strjoinv (", ", (char **) valid_ids);

          if (presets)
            /* Translators: as in “Unknown preset “x”: use one or more of
             * recommended, ui-thread, …, separated by commas.” */
            return isobar_cli_usage_error (command, _("Unknown preset “%s”: use one or more of %s, "
                                                      "separated by commas."),
                                           id, valid);
          /* Translators: as in “Unknown --fetch strategy “x”: use one or
           * more of ui-thread, worker, …, separated by commas.” */
          return isobar_cli_usage_error (command, _("Unknown %s strategy “%s”: use one or more of %s, "
                                                    "separated by commas."),
                                         option, id, valid);
        }

      for (guint k = 0; k < values->len; k++)
        seen |= g_array_index (values, int, k) == value;
      if (!seen)
        g_array_append_val (values, value);
      if (ids[i] == NULL)
        break;
    }

  *strategies = g_steal_pointer (&values);

  return ISOBAR_CLI_EXIT_OK;
}

int
isobar_cli_parse_fetch_strategies (const char  *command,
                                   const char  *option,
                                   const char  *list,
                                   GArray     **strategies)
{
  const char *valid[ISOBAR_FETCH_ASYNC + 2] = { NULL };

  for (int s = ISOBAR_FETCH_UI_THREAD; s <= ISOBAR_FETCH_ASYNC; s++)
    valid[s] = isobar_fetch_strategy_to_string ((IsobarFetchStrategy) s);

  return isobar_cli_parse_id_list (command, option, list, valid, ISOBAR_FETCH_ASYNC + 1, FALSE, strategies);
}

int
isobar_cli_parse_compute_strategies (const char  *command,
                                     const char  *option,
                                     const char  *list,
                                     GArray     **strategies)
{
  g_autoptr(GPtrArray) valid = g_ptr_array_new ();

  /* Every id the engine knows, in enum order (index = value). */
  for (int s = 0; isobar_compute_strategy_to_string ((IsobarComputeStrategy) s) != NULL; s++)
    g_ptr_array_add (valid, (gpointer) isobar_compute_strategy_to_string ((IsobarComputeStrategy) s));
  g_ptr_array_add (valid, NULL);

  return isobar_cli_parse_id_list (command, option, list, (const char * const *) valid->pdata,
                                   valid->len - 1, FALSE, strategies);
}

typedef struct
{
  const char *prefix;
  guint       n_places;
  glong       width;    /* of the line shown, in characters */
} Progress;

static void
progress_show (Progress   *progress,
               const char *text)
{
  glong width = g_utf8_strlen (text, -1);

  /* Pad over the rest of a longer line shown before. */
  g_printerr ("\r%s%*s", text, (int) MAX (progress->width - width, 0), "");
  progress->width = width;
}

static void
on_progress (IsobarPipeline *pipeline,
             guint           places_fetched,
             guint           jobs_done,
             guint           jobs_total,
             gpointer        user_data)
{
  Progress *progress = user_data;
  g_autofree char *text = NULL;

  /* Translators: a progress line, as in “run 2/15 · places 3/8 · jobs 40/96”. */
  text = g_strdup_printf (_("%s · places %u/%u · jobs %u/%u"), progress->prefix,
                          places_fetched, progress->n_places, jobs_done, jobs_total);
  progress_show (progress, text);
}

IsobarRunRecord *
isobar_cli_run_pipeline (IsobarCliSession  *session,
                         IsobarPipeline    *pipeline,
                         GPtrArray         *locations,
                         const char        *progress_prefix,
                         GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  Progress progress = { progress_prefix, locations->len, 0 };
  gulong handler = 0;

  if (progress_prefix != NULL && isatty (STDERR_FILENO))
    handler = g_signal_connect (pipeline, "progress", G_CALLBACK (on_progress), &progress);

  isobar_pipeline_run_async (pipeline, locations, isobar_cli_session_get_cancellable (session),
                             isobar_cli_session_callback, session);
  result = isobar_cli_session_wait (session);

  if (handler != 0)
    {
      g_signal_handler_disconnect (pipeline, handler);
      progress_show (&progress, "");
      g_printerr ("\r");
    }

  return isobar_pipeline_run_finish (pipeline, result, error);
}
