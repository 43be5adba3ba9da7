/* isobar-preset.c: the presets of the responsiveness panel, and the names
 * of the strategies in words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "isobar-error.h"
#include "isobar-preset.h"

typedef struct
{
  const char            *id;
  gboolean               has_strategies;
  IsobarFetchStrategy    fetch;
  IsobarComputeStrategy  compute;
  const char            *label;        /* N_() */
  const char            *description;  /* N_() */
} Preset;

/* DESIGN.md, "Strategies": the panel's order. */
static const Preset presets[] = {
  {
    ISOBAR_PRESET_RECOMMENDED, TRUE, ISOBAR_FETCH_THREAD_POOL, ISOBAR_COMPUTE_PROCESS_POOL,
    N_("Recommended"),
    N_("Worker threads download while helper processes, started ahead of time, analyse on every core: "
       "the window stays responsive.")
  },
  {
    ISOBAR_PRESET_UI_THREAD, TRUE, ISOBAR_FETCH_UI_THREAD, ISOBAR_COMPUTE_UI_THREAD,
    N_("Everything on the UI Thread"),
    N_("The downloads and the analysis run where the window draws and handles input, so the window "
       "freezes until they are done.")
  },
  {
    ISOBAR_PRESET_PYTHON_THREADS, TRUE, ISOBAR_FETCH_THREAD_POOL, ISOBAR_COMPUTE_GIL_THREADS,
    N_("Python Threads"),
    N_("Worker threads that must hold one interpreter lock, handed over at every switch interval as in "
       "CPython, and the UI thread needs it too, as a PyGObject main loop does: checked against real "
       "CPython threads run by Isobar itself (Runs page → Real Python).")
  },
  {
    ISOBAR_PRESET_PYTHON_MULTIPROCESSING, TRUE, ISOBAR_FETCH_THREAD_POOL, ISOBAR_COMPUTE_PICKLE_POOL,
    N_("Python Multiprocessing"),
    N_("A pool of worker processes, started once, receives each piece of the analysis with all of its "
       "data through a pipe and sends the result back, as Python’s ProcessPoolExecutor and "
       "multiprocessing.Pool do by pickling: every core works and the window stays responsive, "
       "but shipping the data costs time; checked against a real ProcessPoolExecutor run by Isobar "
       "itself (Runs page → Real Python).")
  },
  {
    ISOBAR_PRESET_CUSTOM, FALSE, 0, 0,
    N_("Custom"),
    N_("The download and analysis strategies as you choose them below.")
  },
};

static const Preset *
find_preset (const char *id)
{
  if (id == NULL)
    return NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (presets); i++)
    {
      if (g_str_equal (presets[i].id, id))
        return &presets[i];
    }

  return NULL;
}

const char * const *
isobar_preset_list (void)
{
  static const char * const ids[] = {
    ISOBAR_PRESET_RECOMMENDED,
    ISOBAR_PRESET_UI_THREAD,
    ISOBAR_PRESET_PYTHON_THREADS,
    ISOBAR_PRESET_PYTHON_MULTIPROCESSING,
    ISOBAR_PRESET_CUSTOM,
    NULL,
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (ids) == G_N_ELEMENTS (presets) + 1);

  return ids;
}

gboolean
isobar_preset_is_valid (const char *id)
{
  return find_preset (id) != NULL;
}

gboolean
isobar_preset_get_strategies (const char            *id,
                              IsobarFetchStrategy   *fetch,
                              IsobarComputeStrategy *compute)
{
  const Preset *preset = find_preset (id);

  g_return_val_if_fail (fetch != NULL, FALSE);
  g_return_val_if_fail (compute != NULL, FALSE);

  if (preset == NULL || !preset->has_strategies)
    return FALSE;

  *fetch = preset->fetch;
  *compute = preset->compute;
  return TRUE;
}

const char *
isobar_preset_match (IsobarFetchStrategy   fetch,
                     IsobarComputeStrategy compute)
{
  for (gsize i = 0; i < G_N_ELEMENTS (presets); i++)
    {
      if (presets[i].has_strategies && presets[i].fetch == fetch && presets[i].compute == compute)
        return presets[i].id;
    }

  return ISOBAR_PRESET_CUSTOM;
}

const char *
isobar_preset_get_label (const char *id)
{
  const Preset *preset = find_preset (id);

  g_return_val_if_fail (preset != NULL, NULL);

  return _(preset->label);
}

const char *
isobar_preset_get_description (const char *id)
{
  const Preset *preset = find_preset (id);

  g_return_val_if_fail (preset != NULL, NULL);

  return _(preset->description);
}

const char *
isobar_fetch_strategy_get_label (IsobarFetchStrategy strategy)
{
  switch (strategy)
    {
    case ISOBAR_FETCH_UI_THREAD:
      /* Translators: a way of downloading: on the thread that draws the window */
      return _("UI thread");
    case ISOBAR_FETCH_WORKER:
      return _("One worker thread");
    case ISOBAR_FETCH_THREAD_POOL:
      return _("Thread pool");
    case ISOBAR_FETCH_ASYNC:
      /* Translators: a way of downloading; libsoup is the name of a library */
      return _("Asynchronous (libsoup)");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
isobar_compute_strategy_get_label (IsobarComputeStrategy strategy)
{
  switch (strategy)
    {
    case ISOBAR_COMPUTE_UI_THREAD:
      /* Translators: a way of running the analysis: on the thread that draws the window */
      return _("UI thread");
    case ISOBAR_COMPUTE_THREAD_POOL:
      return _("Thread pool");
    case ISOBAR_COMPUTE_GIL_THREADS:
      /* Translators: threads that share one lock, like Python's global interpreter lock */
      return _("Threads with an interpreter lock");
    case ISOBAR_COMPUTE_PROCESS_POOL:
      return _("Helper process pool");
    case ISOBAR_COMPUTE_PICKLE_POOL:
      /* Translators: ProcessPoolExecutor is the name of a Python class */
      return _("Process pool shipping every job, as Python’s ProcessPoolExecutor");
    case ISOBAR_COMPUTE_PROCESS_PER_JOB:
      return _("A helper process per job");
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
isobar_preset_apply (GSettings   *settings,
                     const char  *id,
                     GError     **error)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsBackend) backend = NULL;
  g_autoptr(GSettings) batch = NULL;
  g_autofree char *path = NULL;
  const Preset *preset;

  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  preset = find_preset (id);
  if (preset == NULL)
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is what was asked for, e.g. “fastest” */
                   _("There is no strategy preset called “%s”"), id != NULL ? id : "");
      return FALSE;
    }

  /* One change, so that a listener never sees the preset with the
   * strategies of another. A private object on the same backend and path
   * takes the delay: g_settings_delay() cannot be undone, and @settings
   * must go on writing at once. */
  g_object_get (settings,
                "settings-schema", &schema,
                "backend", &backend,
                "path", &path,
                NULL);
  batch = g_settings_new_full (schema, backend, path);
  g_settings_delay (batch);
  g_settings_set_string (batch, "preset", preset->id);
  if (preset->has_strategies)
    {
      g_settings_set_string (batch, "fetch-strategy", isobar_fetch_strategy_to_string (preset->fetch));
      g_settings_set_string (batch, "compute-strategy", isobar_compute_strategy_to_string (preset->compute));
    }
  g_settings_apply (batch);

  return TRUE;
}
