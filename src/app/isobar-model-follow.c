/* isobar-model-follow.c: following a list of runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "isobar-model-follow.h"

gboolean
isobar_model_follow (GListModel **model,
                     gulong      *handler,
                     GListModel  *list,
                     GCallback    on_changed,
                     gpointer     data)
{
  g_return_val_if_fail (model != NULL, FALSE);
  g_return_val_if_fail (handler != NULL, FALSE);
  g_return_val_if_fail (list == NULL || G_IS_LIST_MODEL (list), FALSE);

  if (*model == list)
    return FALSE;

  g_clear_signal_handler (handler, *model);
  g_set_object (model, list);
  if (list != NULL)
    *handler = g_signal_connect_swapped (list, "items-changed", on_changed, data);

  return TRUE;
}
