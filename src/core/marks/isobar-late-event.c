/* isobar-late-event.c: a late frame or a main-loop stall, explained.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "isobar-json-private.h"
#include "isobar-late-event.h"

void
isobar_late_causes_add (GArray                *causes,
                        const IsobarLateCause *cause)
{
  IsobarLateCause *sum = NULL;

  g_return_if_fail (causes != NULL);
  g_return_if_fail (cause != NULL);

  for (guint i = 0; i < causes->len && sum == NULL; i++)
    if (g_array_index (causes, IsobarLateCause, i).what == cause->what)
      sum = &g_array_index (causes, IsobarLateCause, i);
  if (sum == NULL)
    {
      g_array_append_vals (causes, cause, 1);
      return;
    }

  sum->ms += cause->ms;
  sum->count += cause->count;
  if (cause->width * cause->height > sum->width * sum->height)
    {
      sum->width = cause->width;
      sum->height = cause->height;
    }
}

static int
compare_causes (gconstpointer a,
                gconstpointer b)
{
  const IsobarLateCause *x = a;
  const IsobarLateCause *y = b;

  return x->ms > y->ms ? -1 : x->ms < y->ms ? 1 : 0;
}

void
isobar_late_causes_sort (GArray *causes)
{
  g_return_if_fail (causes != NULL);

  g_array_sort (causes, compare_causes);
}

const IsobarLateCause *
isobar_late_event_find_cause (const IsobarLateEvent *event,
                              const char            *what)
{
  g_return_val_if_fail (event != NULL, NULL);
  g_return_val_if_fail (what != NULL, NULL);

  for (guint i = 0; i < event->n_causes; i++)
    if (g_str_equal (event->causes[i].what, what))
      return &event->causes[i];
  return NULL;
}

char *
isobar_late_event_to_string (const IsobarLateEvent *event)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (event != NULL, NULL);

  g_string_append_printf (text, "%.1f ms:", event->ms);
  for (guint i = 0; i < event->n_causes; i++)
    {
      const IsobarLateCause *cause = &event->causes[i];

      g_string_append_printf (text, "%s %s", i > 0 ? "," : "", cause->what);
      if (cause->width > 0 && cause->height > 0)
        g_string_append_printf (text, " %u×%u px", cause->width, cause->height);
      g_string_append_printf (text, " %.1f ms", cause->ms);
      if (cause->count > 1)
        g_string_append_printf (text, " ×%u", cause->count);
    }
  g_string_append_printf (text, "%s other %.1f ms, idle %.1f ms",
                          event->n_causes > 0 ? "," : "", event->other_ms, event->idle_ms);
  if (event->cpu_ms >= 0)
    g_string_append_printf (text, "; on the CPU %.1f ms", event->cpu_ms);
  if (event->queued_ms >= 0)
    g_string_append_printf (text, ", waiting for a core %.1f ms", event->queued_ms);

  return g_string_free (text, FALSE);
}

void
isobar_late_event_log (const char            *kind,
                       const IsobarLateEvent *event)
{
  g_autofree char *text = NULL;

  if (g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, ISOBAR_LATE_LOG_DOMAIN))
    return;

  text = isobar_late_event_to_string (event);
  g_log (ISOBAR_LATE_LOG_DOMAIN, G_LOG_LEVEL_DEBUG, "%s %s", kind, text);
}

void
isobar_late_events_keep_longest (GArray                *events,
                                 const IsobarLateEvent *event,
                                 guint                  max)
{
  guint shortest = 0;

  g_return_if_fail (events != NULL);
  g_return_if_fail (event != NULL);

  if (max == 0)
    return;
  if (events->len < max)
    {
      g_array_append_vals (events, event, 1);
      return;
    }

  for (guint i = 1; i < events->len; i++)
    if (g_array_index (events, IsobarLateEvent, i).ms < g_array_index (events, IsobarLateEvent, shortest).ms)
      shortest = i;
  if (event->ms <= g_array_index (events, IsobarLateEvent, shortest).ms)
    return;

  /* Oldest first: drop the shortest, append the new one. */
  g_array_remove_index (events, shortest);
  g_array_append_vals (events, event, 1);
}

static void
build_number (JsonBuilder *builder,
              const char  *name,
              double       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_double_value (builder, isfinite (value) ? value : 0.0);
}

void
isobar_late_events_build (JsonBuilder *builder,
                          GArray      *events)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (events != NULL);

  json_builder_begin_array (builder);
  for (guint i = 0; i < events->len; i++)
    {
      const IsobarLateEvent *event = &g_array_index (events, IsobarLateEvent, i);

      json_builder_begin_object (builder);
      build_number (builder, "at_ms", event->at_ms);
      build_number (builder, "ms", event->ms);
      build_number (builder, "idle_ms", event->idle_ms);
      build_number (builder, "other_ms", event->other_ms);
      if (event->cpu_ms >= 0)
        build_number (builder, "cpu_ms", event->cpu_ms);
      if (event->queued_ms >= 0)
        build_number (builder, "queued_ms", event->queued_ms);
      json_builder_set_member_name (builder, "causes");
      json_builder_begin_array (builder);
      for (guint j = 0; j < event->n_causes; j++)
        {
          const IsobarLateCause *cause = &event->causes[j];

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "what");
          json_builder_add_string_value (builder, cause->what);
          build_number (builder, "ms", cause->ms);
          json_builder_set_member_name (builder, "count");
          json_builder_add_int_value (builder, cause->count);
          if (cause->width > 0 && cause->height > 0)
            {
              json_builder_set_member_name (builder, "width");
              json_builder_add_int_value (builder, cause->width);
              json_builder_set_member_name (builder, "height");
              json_builder_add_int_value (builder, cause->height);
            }
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* A number member, 0 when absent; FALSE when it is something else. */
static gboolean
read_number (JsonObject *object,
             const char *name,
             double     *value)
{
  JsonNode *node = json_object_get_member (object, name);

  *value = 0.0;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!isobar_json_node_is_number (node))
    return FALSE;
  *value = json_node_get_double (node);
  return isfinite (*value) && *value >= 0.0;
}

/* A measurement: -1 (not measured) when absent. */
static gboolean
read_optional_number (JsonObject *object,
                      const char *name,
                      double     *value)
{
  if (!json_object_has_member (object, name))
    {
      *value = -1;
      return TRUE;
    }
  return read_number (object, name, value);
}

static gboolean
read_cause (JsonNode        *node,
            IsobarLateCause *cause)
{
  JsonObject *object;
  const char *what;
  double count, width, height;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  object = json_node_get_object (node);
  what = json_object_get_string_member_with_default (object, "what", NULL);
  if (what == NULL || !read_number (object, "ms", &cause->ms) ||
      !read_number (object, "count", &count) || count > G_MAXUINT ||
      !read_number (object, "width", &width) || width > G_MAXUINT16 ||
      !read_number (object, "height", &height) || height > G_MAXUINT16)
    return FALSE;

  cause->what = g_intern_string (what);
  cause->count = (guint) count;
  cause->width = (guint) width;
  cause->height = (guint) height;
  return TRUE;
}

static gboolean
read_event (JsonNode        *node,
            IsobarLateEvent *event)
{
  JsonObject *object;
  JsonArray *causes = NULL;
  JsonNode *causes_node;

  memset (event, 0, sizeof *event);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  object = json_node_get_object (node);
  if (!read_number (object, "at_ms", &event->at_ms) ||
      !read_number (object, "ms", &event->ms) ||
      !read_number (object, "idle_ms", &event->idle_ms) ||
      !read_number (object, "other_ms", &event->other_ms))
    return FALSE;
  if (!read_optional_number (object, "cpu_ms", &event->cpu_ms) ||
      !read_optional_number (object, "queued_ms", &event->queued_ms))
    return FALSE;

  causes_node = json_object_get_member (object, "causes");
  if (causes_node != NULL && !JSON_NODE_HOLDS_ARRAY (causes_node))
    return FALSE;
  if (causes_node != NULL)
    causes = json_node_get_array (causes_node);
  for (guint i = 0; causes != NULL && i < json_array_get_length (causes); i++)
    {
      IsobarLateCause cause;

      if (!read_cause (json_array_get_element (causes, i), &cause))
        return FALSE;
      /* More than a writer keeps: the longest come first. */
      if (event->n_causes < ISOBAR_LATE_MAX_CAUSES)
        event->causes[event->n_causes++] = cause;
    }

  return TRUE;
}

gboolean
isobar_late_events_read (JsonNode *node,
                         GArray   *events)
{
  JsonArray *array;

  g_return_val_if_fail (node != NULL, FALSE);
  g_return_val_if_fail (events != NULL, FALSE);

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      IsobarLateEvent event;

      if (!read_event (json_array_get_element (array, i), &event))
        return FALSE;
      g_array_append_val (events, event);
    }

  return TRUE;
}
