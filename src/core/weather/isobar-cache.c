/* isobar-cache.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "isobar-cache.h"
#include "isobar-error.h"
#include "isobar-file-write.h"

struct _IsobarCache
{
  GObject  parent_instance;

  char    *directory;  /* (owned) */
};

G_DEFINE_FINAL_TYPE (IsobarCache, isobar_cache, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DIRECTORY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
isobar_cache_finalize (GObject *object)
{
  IsobarCache *self = ISOBAR_CACHE (object);

  g_clear_pointer (&self->directory, g_free);

  G_OBJECT_CLASS (isobar_cache_parent_class)->finalize (object);
}

static void
isobar_cache_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  IsobarCache *self = ISOBAR_CACHE (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      g_value_set_string (value, self->directory);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isobar_cache_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  IsobarCache *self = ISOBAR_CACHE (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      self->directory = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isobar_cache_class_init (IsobarCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = isobar_cache_finalize;
  object_class->get_property = isobar_cache_get_property;
  object_class->set_property = isobar_cache_set_property;

  properties[PROP_DIRECTORY] =
    g_param_spec_string ("directory", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
isobar_cache_init (IsobarCache *self)
{
}

IsobarCache *
isobar_cache_new (const char *directory)
{
  g_return_val_if_fail (directory != NULL && *directory != '\0', NULL);

  return g_object_new (ISOBAR_TYPE_CACHE, "directory", directory, NULL);
}

const char *
isobar_cache_get_directory (IsobarCache *self)
{
  g_return_val_if_fail (ISOBAR_IS_CACHE (self), NULL);

  return self->directory;
}

static void
append_coordinate (GString *key,
                   double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buffer, sizeof buffer, "%.4f", value);
  if (strcmp (buffer, "-0.0000") == 0)
    strcpy (buffer, "0.0000");
  g_string_append (key, buffer);
}

char *
isobar_cache_key_for_forecast (IsobarLocation *location,
                               IsobarUnits     units)
{
  GString *key;

  g_return_val_if_fail (ISOBAR_IS_LOCATION (location), NULL);

  key = g_string_new ("forecast_");
  append_coordinate (key, isobar_location_get_latitude (location));
  g_string_append_c (key, '_');
  append_coordinate (key, isobar_location_get_longitude (location));
  g_string_append (key, units == ISOBAR_UNITS_IMPERIAL ? "_imperial" : "_metric");
  g_string_append (key, ".json");

  /* Only [a-z0-9._-], whatever a locale or a future field brings. */
  for (gsize i = 0; i < key->len; i++)
    {
      char c = g_ascii_tolower (key->str[i]);

      if (!g_ascii_isdigit (c) && !(c >= 'a' && c <= 'z') &&
          c != '.' && c != '_' && c != '-')
        c = '_';
      key->str[i] = c;
    }

  return g_string_free (key, FALSE);
}

/* A key names a file in our directory and nothing else: no separator, no
 * hidden or temporary file (they start with '.'). */
static gboolean
key_is_valid (const char *key)
{
  if (key == NULL || *key == '\0' || *key == '.' || strlen (key) > 200)
    return FALSE;

  for (const char *p = key; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'z') &&
          *p != '.' && *p != '_' && *p != '-')
        return FALSE;
    }
  return TRUE;
}

/* The file of @key, or NULL once @task has returned the error of a key
 * that is not valid. */
static GFile *
file_for_key (IsobarCache *self,
              const char  *key,
              GTask       *task)
{
  g_autofree char *path = NULL;

  if (!key_is_valid (key))
    {
      g_task_return_new_error (task, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                               _("“%s” is not a valid cache key"), key != NULL ? key : "");
      return NULL;
    }

  path = g_build_filename (self->directory, key, NULL);
  return g_file_new_for_path (path);
}

/* Store: make the directory (in a worker thread: it may touch the disk),
 * then write a temporary file and rename it over the old one
 * (isobar-file-write): a reader never finds a half-written entry. */

typedef struct
{
  GFile  *file;  /* (owned) */
  GBytes *body;  /* (owned) */
} StoreData;

static void
store_data_free (gpointer data)
{
  StoreData *store = data;

  g_clear_object (&store->file);
  g_clear_pointer (&store->body, g_bytes_unref);
  g_free (store);
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!isobar_file_write_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        /* (the message names the file) */
        g_task_return_new_error (task, ISOBAR_ERROR, ISOBAR_ERROR_CACHE, "%s", error->message);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
make_directory_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  IsobarCache *self = source_object;
  int saved_errno;

  if (g_mkdir_with_parents (self->directory, 0700) == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  saved_errno = errno;
  g_task_return_new_error (task, ISOBAR_ERROR, ISOBAR_ERROR_CACHE,
                           _("Could not create the cache folder %s: %s"),
                           self->directory, g_strerror (saved_errno));
}

static void
make_directory_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  StoreData *store = g_task_get_task_data (task);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  isobar_file_write_async (store->file, store->body, ISOBAR_FILE_WRITE_PRIVATE,
                           g_task_get_cancellable (task), written_cb, g_object_ref (task));
}

void
isobar_cache_store_async (IsobarCache         *self,
                          const char          *key,
                          GBytes              *body,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) mkdir_task = NULL;
  StoreData *store;
  GFile *file;

  g_return_if_fail (ISOBAR_IS_CACHE (self));
  g_return_if_fail (body != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, isobar_cache_store_async);
  g_task_set_name (task, "[isobar] cache store");

  if ((file = file_for_key (self, key, task)) == NULL)
    return;

  store = g_new0 (StoreData, 1);
  store->file = file;
  store->body = g_bytes_ref (body);
  g_task_set_task_data (task, store, store_data_free);

  mkdir_task = g_task_new (self, cancellable, make_directory_cb, g_object_ref (task));
  g_task_set_source_tag (mkdir_task, make_directory_thread);
  g_task_set_name (mkdir_task, "[isobar] cache mkdir");
  g_task_run_in_thread (mkdir_task, make_directory_thread);
}

gboolean
isobar_cache_store_finish (IsobarCache   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (ISOBAR_IS_CACHE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == isobar_cache_store_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Load: read the whole file, then ask when it was written. */

typedef struct
{
  GFile     *file;       /* (owned) */
  GBytes    *body;       /* (owned) (nullable) */
  GDateTime *stored_at;  /* (owned) (nullable) */
} LoadData;

static void
load_data_free (gpointer data)
{
  LoadData *load = data;

  g_clear_object (&load->file);
  g_clear_pointer (&load->body, g_bytes_unref);
  g_clear_pointer (&load->stored_at, g_date_time_unref);
  g_free (load);
}

static void
return_load_error (GTask  *task,
                   GError *error)
{
  LoadData *load = g_task_get_task_data (task);
  g_autofree char *path = NULL;

  /* Not found and cancelled are answers the caller expects as they are. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, error);
      return;
    }

  path = g_file_get_path (load->file);
  g_task_return_new_error (task, ISOBAR_ERROR, ISOBAR_ERROR_CACHE,
                           _("Could not read %s: %s"), path, error->message);
  g_error_free (error);
}

static void
query_info_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GDateTime) modified = NULL;
  GError *error = NULL;
  LoadData *load = g_task_get_task_data (task);

  info = g_file_query_info_finish (G_FILE (object), result, &error);
  if (info == NULL)
    {
      return_load_error (task, error);
      return;
    }

  modified = g_file_info_get_modification_date_time (info);
  if (modified != NULL)
    load->stored_at = g_date_time_to_local (modified);

  g_task_return_boolean (task, TRUE);
}

static void
load_contents_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadData *load = g_task_get_task_data (task);
  GError *error = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    {
      return_load_error (task, error);
      return;
    }

  load->body = g_bytes_new_take (contents, length);
  g_file_query_info_async (load->file,
                           G_FILE_ATTRIBUTE_TIME_MODIFIED "," G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                           G_FILE_QUERY_INFO_NONE,
                           G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task),
                           query_info_cb,
                           g_object_ref (task));
}

void
isobar_cache_load_async (IsobarCache         *self,
                         const char          *key,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *load;
  GFile *file;

  g_return_if_fail (ISOBAR_IS_CACHE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, isobar_cache_load_async);
  g_task_set_name (task, "[isobar] cache load");

  if ((file = file_for_key (self, key, task)) == NULL)
    return;

  load = g_new0 (LoadData, 1);
  load->file = file;
  g_task_set_task_data (task, load, load_data_free);

  g_file_load_contents_async (file, cancellable, load_contents_cb, g_object_ref (task));
}

GBytes *
isobar_cache_load_finish (IsobarCache   *self,
                          GAsyncResult  *result,
                          GDateTime    **stored_at,
                          GError       **error)
{
  LoadData *load;

  g_return_val_if_fail (ISOBAR_IS_CACHE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == isobar_cache_load_async, NULL);

  if (stored_at != NULL)
    *stored_at = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;

  load = g_task_get_task_data (G_TASK (result));
  if (stored_at != NULL && load->stored_at != NULL)
    *stored_at = g_date_time_ref (load->stored_at);

  return g_bytes_ref (load->body);
}

/* Set aside: a rename in a worker thread. */

static void
set_aside_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  g_autofree char *path = g_file_get_path (task_data);
  g_autofree char *aside = g_strconcat (path, ".unreadable", NULL);
  int saved_errno;

  if (g_rename (path, aside) == 0)
    {
      g_task_return_pointer (task, g_steal_pointer (&aside), g_free);
      return;
    }

  saved_errno = errno;
  g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                           /* Translators: the first %s is a file name, the second the system's reason */
                           _("Could not move %s aside: %s"), path, g_strerror (saved_errno));
}

void
isobar_cache_set_aside_async (IsobarCache         *self,
                              const char          *key,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GFile *file;

  g_return_if_fail (ISOBAR_IS_CACHE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, isobar_cache_set_aside_async);
  g_task_set_name (task, "[isobar] cache set aside");

  if ((file = file_for_key (self, key, task)) == NULL)
    return;

  g_task_set_task_data (task, file, g_object_unref);
  g_task_run_in_thread (task, set_aside_thread);
}

char *
isobar_cache_set_aside_finish (IsobarCache   *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (ISOBAR_IS_CACHE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == isobar_cache_set_aside_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
