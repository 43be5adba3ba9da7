/* isobar-parser-archive.c: the historical weather API's answers (see
 * isobar-parser-envelope.c for their shape).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "isobar-error.h"
#include "isobar-parser.h"
#include "isobar-parser-private.h"

IsobarArchive *
isobar_parse_archive (GBytes  *body,
                      GError **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_auto(IsobarParserEnvelope) envelope = { 0 };
  JsonNode *node;

  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = _isobar_parser_load_single_object (body, &node, error);
  if (root == NULL || !_isobar_parser_read_envelope (node, &envelope, error))
    return NULL;

  if (envelope.hourly == NULL && envelope.daily == NULL)
    {
      g_set_error_literal (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
                           _("The history has neither a daily nor an hourly block"));
      return NULL;
    }

  return isobar_archive_new (envelope.latitude,
                             envelope.longitude,
                             envelope.elevation,
                             envelope.timezone,
                             envelope.utc_offset_seconds,
                             envelope.hourly,
                             envelope.daily);
}
