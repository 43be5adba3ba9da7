/* isobar-forecast-loader.c: a place's forecast, cache first, then the
 * network. Each load bumps the loader's generation; a step that finds its
 * load is no longer the current one (superseded, cancelled or cleared)
 * returns without touching anything.
 *
 * Over 600 lines because it is one state machine: the cache read, the parse,
 * the fetch, the store and the properties they set all check the same
 * generation; apart, a reader would have to hold four files to follow a load.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "isobar-forecast-loader.h"
#include "isobar-parser.h"

struct _IsobarForecastLoader
{
  GObject           parent_instance;

  IsobarDataSource *data_source;      /* (owned) */
  IsobarCache      *cache;            /* (owned) */

  /* The load in flight */
  GCancellable     *load_cancellable; /* (owned) (nullable) */
  guint             generation;       /* bumped by every load, cancel and clear */

  /* What it has come to, as the properties show it */
  IsobarLocation   *location;         /* (owned) (nullable) */
  IsobarForecast   *forecast;         /* (owned) (nullable) */
  GDateTime        *updated_at;       /* (owned) (nullable) */
  GError           *error;            /* (owned) (nullable) */
  gboolean          from_cache;
  gboolean          fetching;
  gboolean          reading_cache;
};

G_DEFINE_FINAL_TYPE (IsobarForecastLoader, isobar_forecast_loader, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOCATION,
  PROP_FORECAST,
  PROP_UPDATED_AT,
  PROP_FROM_CACHE,
  PROP_FETCHING,
  PROP_READING_CACHE,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One load: the task data of the GTask its caller waits for. The fetch
 * and the cache read each hold a reference to that task. */
typedef struct
{
  IsobarLocation *location;            /* (owned) */
  char           *cache_key;           /* (owned) */
  GCancellable   *cancellable;         /* (owned) the load's own, cancelled when it is dropped */
  GCancellable   *caller_cancellable;  /* (owned) (nullable) */
  gulong          caller_cancelled_id;
  GDateTime      *stored_at;           /* (owned) (nullable) when the cached copy was stored */
  guint           generation;
  gboolean        fresh;               /* the fetch has answered */
} Load;

static void
load_free (gpointer data)
{
  Load *load = data;

  if (load->caller_cancelled_id != 0)
    g_cancellable_disconnect (load->caller_cancellable, load->caller_cancelled_id);
  g_clear_object (&load->caller_cancellable);
  g_clear_object (&load->cancellable);
  g_clear_object (&load->location);
  g_clear_pointer (&load->cache_key, g_free);
  g_clear_pointer (&load->stored_at, g_date_time_unref);
  g_free (load);
}

static void
caller_cancelled_cb (GCancellable *caller,
                     gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

/* Whether @task's load is still the one whose results count. */
static gboolean
load_is_current (GTask *task)
{
  IsobarForecastLoader *self = g_task_get_source_object (task);
  Load *load = g_task_get_task_data (task);

  return load->generation == self->generation;
}

/* Makes the load in flight stale and stops what it waits for. */
static void
drop_load (IsobarForecastLoader *self)
{
  self->generation++;
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
}

/* Setters that notify only on change. Callers that change several
 * properties freeze notifications around them, so that a handler of any of
 * them reads the whole new state. */

static void
set_flag (IsobarForecastLoader *self,
          gboolean             *field,
          gboolean              value,
          guint                 prop_id)
{
  value = !!value;
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static gboolean
same_error (const GError *a,
            const GError *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_error_matches (a, b->domain, b->code) && g_strcmp0 (a->message, b->message) == 0;
}

static void
set_error (IsobarForecastLoader *self,
           const GError         *error)
{
  if (same_error (self->error, error))
    return;
  g_clear_error (&self->error);
  self->error = error != NULL ? g_error_copy (error) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
set_forecast (IsobarForecastLoader *self,
              IsobarForecast       *forecast,
              GDateTime            *updated_at,
              gboolean              from_cache)
{
  gboolean same_time;

  g_object_freeze_notify (G_OBJECT (self));

  if (g_set_object (&self->forecast, forecast))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORECAST]);

  if (self->updated_at == NULL || updated_at == NULL)
    same_time = self->updated_at == updated_at;
  else
    same_time = g_date_time_equal (self->updated_at, updated_at);
  if (!same_time)
    {
      g_clear_pointer (&self->updated_at, g_date_time_unref);
      self->updated_at = updated_at != NULL ? g_date_time_ref (updated_at) : NULL;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED_AT]);
    }

  set_flag (self, &self->from_cache, from_cache, PROP_FROM_CACHE);

  g_object_thaw_notify (G_OBJECT (self));
}

/* The cache: read, parse in a worker, offer it if nothing fresher came. */

static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GBytes *body = task_data;
  GError *error = NULL;
  IsobarForecast *forecast = isobar_parse_forecast (body, &error);

  if (forecast == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, forecast, g_object_unref);
}

static void
cache_set_aside_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *aside = isobar_cache_set_aside_finish (ISOBAR_CACHE (object), result, &error);

  if (aside != NULL)
    g_message ("The unreadable cache entry was moved to %s; the forecast is fetched again", aside);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_warning ("%s", error->message);
}

static void
cache_parse_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IsobarForecastLoader *self = ISOBAR_FORECAST_LOADER (object);
  Load *load = g_task_get_task_data (task);
  g_autoptr(IsobarForecast) forecast = NULL;
  g_autoptr(GError) error = NULL;

  forecast = g_task_propagate_pointer (G_TASK (result), &error);

  if (!load_is_current (task))
    return;

  g_object_freeze_notify (G_OBJECT (self));
  set_flag (self, &self->reading_cache, FALSE, PROP_READING_CACHE);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    ; /* by the caller's cancellable */
  else if (forecast == NULL)
    {
      g_message ("Ignoring the cached forecast for %s: %s",
                 isobar_location_get_name (load->location), error->message);
      /* Corrupt, truncated or not ours: out of the way of the fresh copy
       * (unless that copy has replaced it already). */
      if (!load->fresh)
        isobar_cache_set_aside_async (self->cache, load->cache_key, NULL, cache_set_aside_cb, NULL);
    }
  else if (!load->fresh)
    set_forecast (self, forecast, load->stored_at, TRUE);

  g_object_thaw_notify (G_OBJECT (self));
}

static void
cache_load_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IsobarForecastLoader *self = g_task_get_source_object (task);
  Load *load = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) parse_task = NULL;

  body = isobar_cache_load_finish (ISOBAR_CACHE (object), result, &load->stored_at, &error);

  if (!load_is_current (task))
    return;

  if (body == NULL || load->fresh)
    {
      if (error != NULL &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("Could not read the cached forecast: %s", error->message);
      set_flag (self, &self->reading_cache, FALSE, PROP_READING_CACHE);
      return;
    }

  parse_task = g_task_new (self, load->cancellable, cache_parse_cb, g_steal_pointer (&task));
  g_task_set_source_tag (parse_task, cache_load_cb);
  g_task_set_name (parse_task, "[isobar] parse cached forecast");
  g_task_set_task_data (parse_task, g_steal_pointer (&body), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (parse_task, parse_thread);
}

/* The network */

static void
cache_store_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!isobar_cache_store_finish (ISOBAR_CACHE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("Could not save the forecast for offline use: %s", error->message);
}

static void
forecast_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IsobarForecastLoader *self = g_task_get_source_object (task);
  Load *load = g_task_get_task_data (task);
  g_autoptr(IsobarForecast) forecast = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;

  forecast = isobar_data_source_forecast_finish (ISOBAR_DATA_SOURCE (object), result, &body, &error);

  if (!load_is_current (task))
    {
      /* Dropped, so its cancellable is cancelled: whatever the fetch
       * brought, this load is over. */
      g_clear_error (&error);
      g_cancellable_set_error_if_cancelled (load->cancellable, &error);
      g_assert (error != NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* By the caller's cancellable: not a failure to show. */
      set_flag (self, &self->fetching, FALSE, PROP_FETCHING);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_object_freeze_notify (G_OBJECT (self));
  set_flag (self, &self->fetching, FALSE, PROP_FETCHING);

  if (forecast == NULL)
    {
      /* The last good forecast stays; the error says why it is not new. */
      set_error (self, error);
      g_object_thaw_notify (G_OBJECT (self));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  load->fresh = TRUE;
  now = g_date_time_new_now_local ();
  set_error (self, NULL);
  set_forecast (self, forecast, now, FALSE);
  g_object_thaw_notify (G_OBJECT (self));

  /* Not the load's cancellable: switching places must not lose the copy. */
  if (body != NULL)
    isobar_cache_store_async (self->cache, load->cache_key, body, NULL, cache_store_cb, NULL);

  g_task_return_boolean (task, TRUE);
}

/* Forgets what belonged to the place loaded last (not "location"). */
static void
forget (IsobarForecastLoader *self)
{
  g_object_freeze_notify (G_OBJECT (self));
  set_forecast (self, NULL, NULL, FALSE);
  set_error (self, NULL);
  g_object_thaw_notify (G_OBJECT (self));
}

void
isobar_forecast_loader_load_async (IsobarForecastLoader *self,
                                   IsobarLocation       *location,
                                   IsobarUnits           units,
                                   guint                 days,
                                   gboolean              read_cache,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  IsobarForecastRequest request = { .units = units, .days = days };
  Load *load;

  g_return_if_fail (ISOBAR_IS_FORECAST_LOADER (self));
  g_return_if_fail (ISOBAR_IS_LOCATION (location));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  request.latitude = isobar_location_get_latitude (location);
  request.longitude = isobar_location_get_longitude (location);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, isobar_forecast_loader_load_async);
  g_task_set_name (task, "[isobar] forecast load");

  /* The older load completes with G_IO_ERROR_CANCELLED when its fetch
   * returns; nothing it brings is applied. */
  drop_load (self);

  load = g_new0 (Load, 1);
  load->location = g_object_ref (location);
  load->cache_key = isobar_cache_key_for_forecast (location, units);
  load->cancellable = g_cancellable_new ();
  load->generation = self->generation;
  g_task_set_task_data (task, load, load_free);
  self->load_cancellable = g_object_ref (load->cancellable);

  if (cancellable != NULL)
    {
      load->caller_cancellable = g_object_ref (cancellable);
      load->caller_cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                         g_object_ref (load->cancellable), g_object_unref);
    }

  g_object_freeze_notify (G_OBJECT (self));

  /* A different place: nothing of the previous one may stay. */
  if (self->location != NULL && !isobar_location_equal (self->location, location))
    forget (self);
  if (g_set_object (&self->location, location))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCATION]);

  set_flag (self, &self->reading_cache, read_cache, PROP_READING_CACHE);
  if (read_cache)
    isobar_cache_load_async (self->cache, load->cache_key, load->cancellable,
                             cache_load_cb, g_object_ref (task));

  set_flag (self, &self->fetching, TRUE, PROP_FETCHING);
  isobar_data_source_forecast_async (self->data_source, &request, load->cancellable,
                                     forecast_cb, g_steal_pointer (&task));

  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
isobar_forecast_loader_load_finish (IsobarForecastLoader  *self,
                                    GAsyncResult          *result,
                                    GError               **error)
{
  g_return_val_if_fail (ISOBAR_IS_FORECAST_LOADER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == isobar_forecast_loader_load_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
isobar_forecast_loader_cancel (IsobarForecastLoader *self)
{
  g_return_if_fail (ISOBAR_IS_FORECAST_LOADER (self));

  drop_load (self);

  g_object_freeze_notify (G_OBJECT (self));
  set_flag (self, &self->fetching, FALSE, PROP_FETCHING);
  set_flag (self, &self->reading_cache, FALSE, PROP_READING_CACHE);
  g_object_thaw_notify (G_OBJECT (self));
}

void
isobar_forecast_loader_clear (IsobarForecastLoader *self)
{
  g_return_if_fail (ISOBAR_IS_FORECAST_LOADER (self));

  g_object_freeze_notify (G_OBJECT (self));
  isobar_forecast_loader_cancel (self);
  forget (self);
  if (g_set_object (&self->location, NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCATION]);
  g_object_thaw_notify (G_OBJECT (self));
}

IsobarLocation *
isobar_forecast_loader_get_location (IsobarForecastLoader *self)
{
  g_return_val_if_fail (ISOBAR_IS_FORECAST_LOADER (self), NULL);

  return self->location;
}

IsobarForecast *
isobar_forecast_loader_get_forecast (IsobarForecastLoader *self)
{
  g_return_val_if_fail (ISOBAR_IS_FORECAST_LOADER (self), NULL);

  return self->forecast;
}

GDateTime *
isobar_forecast_loader_get_updated_at (IsobarForecastLoader *self)
{
  g_return_val_if_fail (ISOBAR_IS_FORECAST_LOADER (self), NULL);

  return self->updated_at;
}

gboolean
isobar_forecast_loader_get_from_cache (IsobarForecastLoader *self)
{
  g_return_val_if_fail (ISOBAR_IS_FORECAST_LOADER (self), FALSE);

  return self->from_cache;
}

gboolean
isobar_forecast_loader_get_fetching (IsobarForecastLoader *self)
{
  g_return_val_if_fail (ISOBAR_IS_FORECAST_LOADER (self), FALSE);

  return self->fetching;
}

gboolean
isobar_forecast_loader_get_reading_cache (IsobarForecastLoader *self)
{
  g_return_val_if_fail (ISOBAR_IS_FORECAST_LOADER (self), FALSE);

  return self->reading_cache;
}

const GError *
isobar_forecast_loader_get_error (IsobarForecastLoader *self)
{
  g_return_val_if_fail (ISOBAR_IS_FORECAST_LOADER (self), NULL);

  return self->error;
}

/* GObject */

static void
isobar_forecast_loader_dispose (GObject *object)
{
  IsobarForecastLoader *self = ISOBAR_FORECAST_LOADER (object);

  /* A step still in flight finds its load stale and touches nothing. */
  drop_load (self);
  g_clear_object (&self->data_source);
  g_clear_object (&self->cache);
  g_clear_object (&self->location);
  g_clear_object (&self->forecast);
  g_clear_pointer (&self->updated_at, g_date_time_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (isobar_forecast_loader_parent_class)->dispose (object);
}

static void
isobar_forecast_loader_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  IsobarForecastLoader *self = ISOBAR_FORECAST_LOADER (object);

  switch (prop_id)
    {
    case PROP_LOCATION:
      g_value_set_object (value, self->location);
      break;
    case PROP_FORECAST:
      g_value_set_object (value, self->forecast);
      break;
    case PROP_UPDATED_AT:
      g_value_set_boxed (value, self->updated_at);
      break;
    case PROP_FROM_CACHE:
      g_value_set_boolean (value, self->from_cache);
      break;
    case PROP_FETCHING:
      g_value_set_boolean (value, self->fetching);
      break;
    case PROP_READING_CACHE:
      g_value_set_boolean (value, self->reading_cache);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isobar_forecast_loader_class_init (IsobarForecastLoaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags state = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = isobar_forecast_loader_dispose;
  object_class->get_property = isobar_forecast_loader_get_property;

  properties[PROP_LOCATION] = g_param_spec_object ("location", NULL, NULL, ISOBAR_TYPE_LOCATION, state);
  properties[PROP_FORECAST] = g_param_spec_object ("forecast", NULL, NULL, ISOBAR_TYPE_FORECAST, state);
  properties[PROP_UPDATED_AT] = g_param_spec_boxed ("updated-at", NULL, NULL, G_TYPE_DATE_TIME, state);
  properties[PROP_FROM_CACHE] = g_param_spec_boolean ("from-cache", NULL, NULL, FALSE, state);
  properties[PROP_FETCHING] = g_param_spec_boolean ("fetching", NULL, NULL, FALSE, state);
  properties[PROP_READING_CACHE] = g_param_spec_boolean ("reading-cache", NULL, NULL, FALSE, state);
  properties[PROP_ERROR] = g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, state);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
isobar_forecast_loader_init (IsobarForecastLoader *self)
{
}

IsobarForecastLoader *
isobar_forecast_loader_new (IsobarDataSource *data_source,
                            IsobarCache      *cache)
{
  IsobarForecastLoader *self;

  g_return_val_if_fail (ISOBAR_IS_DATA_SOURCE (data_source), NULL);
  g_return_val_if_fail (ISOBAR_IS_CACHE (cache), NULL);

  self = g_object_new (ISOBAR_TYPE_FORECAST_LOADER, NULL);
  self->data_source = g_object_ref (data_source);
  self->cache = g_object_ref (cache);

  return self;
}
