/* isobar-data-source.c: the data source class: its kind (and the setting's
 * ids for it), its URLs (held by its server client), its properties and the
 * public calls that read or change them. A change of configuration bumps the
 * generation, replaces the server client and stops the simulator when it is
 * no longer wanted. The searches and forecasts are in
 * isobar-data-source-operations.c, the simulator in
 * isobar-data-source-simulator.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "isobar-data-source-private.h"
#include "isobar-urls.h"

G_DEFINE_FINAL_TYPE (IsobarDataSource, isobar_data_source, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_FORECAST_URL,
  PROP_ARCHIVE_URL,
  PROP_GEOCODING_URL,
  PROP_SIMULATOR_ARGUMENTS,
  PROP_USING_SIMULATOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const kind_ids[] = {
  [ISOBAR_DATA_SOURCE_KIND_AUTO] = "auto",
  [ISOBAR_DATA_SOURCE_KIND_OPEN_METEO] = "open-meteo",
  [ISOBAR_DATA_SOURCE_KIND_SIMULATOR] = "simulator",
};

IsobarDataSourceKind
isobar_data_source_kind_from_string (const char *id)
{
  for (gsize i = 0; id != NULL && i < G_N_ELEMENTS (kind_ids); i++)
    {
      if (g_str_equal (id, kind_ids[i]))
        return (IsobarDataSourceKind) i;
    }
  return ISOBAR_DATA_SOURCE_KIND_AUTO;
}

const char *
isobar_data_source_kind_to_string (IsobarDataSourceKind kind)
{
  if ((guint) kind >= G_N_ELEMENTS (kind_ids))
    return kind_ids[ISOBAR_DATA_SOURCE_KIND_AUTO];
  return kind_ids[kind];
}

void
_isobar_data_source_set_using_simulator (IsobarDataSource *self,
                                         gboolean          using_simulator)
{
  if (self->using_simulator == using_simulator)
    return;
  self->using_simulator = using_simulator;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USING_SIMULATOR]);
}

/* A new client for the URLs of the current one. */
static IsobarClient *
new_server_client (IsobarDataSource *self)
{
  return isobar_client_new (isobar_client_get_forecast_url (self->server_client),
                            isobar_client_get_archive_url (self->server_client),
                            isobar_client_get_geocoding_url (self->server_client));
}

/* After a change of kind, URLs or simulator arguments: @server_client
 * (transfer full), for the URLs configured now, replaces the old one. */
static void
configuration_changed (IsobarDataSource *self,
                       IsobarClient     *server_client,
                       gboolean          simulator_changed)
{
  self->generation++;
  g_clear_object (&self->server_client);
  self->server_client = server_client;

  if (self->kind == ISOBAR_DATA_SOURCE_KIND_SIMULATOR)
    {
      if (simulator_changed)
        _isobar_data_source_stop_simulator (self);
      _isobar_data_source_set_using_simulator (self, TRUE);
    }
  else
    {
      /* open-meteo never uses it; auto tries the server again first. */
      _isobar_data_source_stop_simulator (self);
      _isobar_data_source_set_using_simulator (self, FALSE);
    }

  if (simulator_changed)
    g_clear_object (&self->simulator);
}

static void
isobar_data_source_dispose (GObject *object)
{
  IsobarDataSource *self = ISOBAR_DATA_SOURCE (object);

  isobar_data_source_shutdown (self);
  g_clear_object (&self->simulator);

  G_OBJECT_CLASS (isobar_data_source_parent_class)->dispose (object);
}

static void
isobar_data_source_finalize (GObject *object)
{
  IsobarDataSource *self = ISOBAR_DATA_SOURCE (object);

  g_clear_object (&self->server_client);
  g_clear_pointer (&self->simulator_arguments, g_strfreev);
  g_clear_pointer (&self->simulator_waiters, g_ptr_array_unref);

  G_OBJECT_CLASS (isobar_data_source_parent_class)->finalize (object);
}

static void
isobar_data_source_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  IsobarDataSource *self = ISOBAR_DATA_SOURCE (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;
    case PROP_FORECAST_URL:
      g_value_set_string (value, isobar_client_get_forecast_url (self->server_client));
      break;
    case PROP_ARCHIVE_URL:
      g_value_set_string (value, isobar_client_get_archive_url (self->server_client));
      break;
    case PROP_GEOCODING_URL:
      g_value_set_string (value, isobar_client_get_geocoding_url (self->server_client));
      break;
    case PROP_SIMULATOR_ARGUMENTS:
      g_value_set_boxed (value, self->simulator_arguments);
      break;
    case PROP_USING_SIMULATOR:
      g_value_set_boolean (value, self->using_simulator);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isobar_data_source_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  IsobarDataSource *self = ISOBAR_DATA_SOURCE (object);
  IsobarClient *client = self->server_client;

  switch (prop_id)
    {
    case PROP_KIND:
      isobar_data_source_set_kind (self, g_value_get_int (value));
      break;
    case PROP_FORECAST_URL:
      isobar_data_source_set_urls (self, g_value_get_string (value),
                                   isobar_client_get_archive_url (client),
                                   isobar_client_get_geocoding_url (client));
      break;
    case PROP_ARCHIVE_URL:
      isobar_data_source_set_urls (self, isobar_client_get_forecast_url (client),
                                   g_value_get_string (value),
                                   isobar_client_get_geocoding_url (client));
      break;
    case PROP_GEOCODING_URL:
      isobar_data_source_set_urls (self, isobar_client_get_forecast_url (client),
                                   isobar_client_get_archive_url (client),
                                   g_value_get_string (value));
      break;
    case PROP_SIMULATOR_ARGUMENTS:
      {
        char **arguments = g_value_get_boxed (value);

        if (self->simulator_arguments == NULL && arguments == NULL)
          break;
        if (self->simulator_arguments != NULL && arguments != NULL &&
            g_strv_equal ((const char * const *) self->simulator_arguments,
                          (const char * const *) arguments))
          break;
        g_strfreev (self->simulator_arguments);
        self->simulator_arguments = g_strdupv (arguments);
        configuration_changed (self, new_server_client (self), TRUE);
        g_object_notify_by_pspec (object, pspec);
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isobar_data_source_class_init (IsobarDataSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = isobar_data_source_dispose;
  object_class->finalize = isobar_data_source_finalize;
  object_class->get_property = isobar_data_source_get_property;
  object_class->set_property = isobar_data_source_set_property;

  properties[PROP_KIND] = g_param_spec_int ("kind", NULL, NULL,
                                            ISOBAR_DATA_SOURCE_KIND_AUTO,
                                            ISOBAR_DATA_SOURCE_KIND_SIMULATOR,
                                            ISOBAR_DATA_SOURCE_KIND_AUTO,
                                            flags);
  properties[PROP_FORECAST_URL] = g_param_spec_string ("forecast-url", NULL, NULL,
                                                       ISOBAR_OPEN_METEO_FORECAST_URL, flags);
  properties[PROP_ARCHIVE_URL] = g_param_spec_string ("archive-url", NULL, NULL,
                                                      ISOBAR_OPEN_METEO_ARCHIVE_URL, flags);
  properties[PROP_GEOCODING_URL] = g_param_spec_string ("geocoding-url", NULL, NULL,
                                                        ISOBAR_OPEN_METEO_GEOCODING_URL, flags);
  properties[PROP_SIMULATOR_ARGUMENTS] = g_param_spec_boxed ("simulator-arguments", NULL, NULL,
                                                             G_TYPE_STRV, flags);
  properties[PROP_USING_SIMULATOR] = g_param_spec_boolean ("using-simulator", NULL, NULL, FALSE,
                                                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                           G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
isobar_data_source_init (IsobarDataSource *self)
{
  self->kind = ISOBAR_DATA_SOURCE_KIND_AUTO;
  self->server_client = isobar_client_new (ISOBAR_OPEN_METEO_FORECAST_URL,
                                           ISOBAR_OPEN_METEO_ARCHIVE_URL,
                                           ISOBAR_OPEN_METEO_GEOCODING_URL);
}

IsobarDataSource *
isobar_data_source_new (void)
{
  return g_object_new (ISOBAR_TYPE_DATA_SOURCE, NULL);
}

IsobarDataSourceKind
isobar_data_source_get_kind (IsobarDataSource *self)
{
  g_return_val_if_fail (ISOBAR_IS_DATA_SOURCE (self), ISOBAR_DATA_SOURCE_KIND_AUTO);

  return self->kind;
}

void
isobar_data_source_set_kind (IsobarDataSource     *self,
                             IsobarDataSourceKind  kind)
{
  g_return_if_fail (ISOBAR_IS_DATA_SOURCE (self));
  g_return_if_fail (kind <= ISOBAR_DATA_SOURCE_KIND_SIMULATOR);

  if (self->kind == kind)
    return;

  self->kind = kind;
  configuration_changed (self, new_server_client (self), FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

void
isobar_data_source_set_urls (IsobarDataSource *self,
                             const char       *forecast_url,
                             const char       *archive_url,
                             const char       *geocoding_url)
{
  gboolean forecast_changed, archive_changed, geocoding_changed;

  g_return_if_fail (ISOBAR_IS_DATA_SOURCE (self));

  /* NULL means the default server. */
  if (forecast_url == NULL)
    forecast_url = ISOBAR_OPEN_METEO_FORECAST_URL;
  if (archive_url == NULL)
    archive_url = ISOBAR_OPEN_METEO_ARCHIVE_URL;
  if (geocoding_url == NULL)
    geocoding_url = ISOBAR_OPEN_METEO_GEOCODING_URL;

  forecast_changed = !g_str_equal (forecast_url, isobar_client_get_forecast_url (self->server_client));
  archive_changed = !g_str_equal (archive_url, isobar_client_get_archive_url (self->server_client));
  geocoding_changed = !g_str_equal (geocoding_url, isobar_client_get_geocoding_url (self->server_client));

  if (!forecast_changed && !archive_changed && !geocoding_changed)
    return;

  configuration_changed (self, isobar_client_new (forecast_url, archive_url, geocoding_url), FALSE);

  if (forecast_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORECAST_URL]);
  if (archive_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARCHIVE_URL]);
  if (geocoding_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GEOCODING_URL]);
}

gboolean
isobar_data_source_get_using_simulator (IsobarDataSource *self)
{
  g_return_val_if_fail (ISOBAR_IS_DATA_SOURCE (self), FALSE);

  return self->using_simulator;
}

void
isobar_data_source_shutdown (IsobarDataSource *self)
{
  g_return_if_fail (ISOBAR_IS_DATA_SOURCE (self));

  _isobar_data_source_stop_simulator (self);
}

IsobarClient *
isobar_data_source_dup_server_client (IsobarDataSource *self)
{
  g_return_val_if_fail (ISOBAR_IS_DATA_SOURCE (self), NULL);

  return g_object_ref (self->server_client);
}

const char * const *
isobar_data_source_get_simulator_arguments (IsobarDataSource *self)
{
  g_return_val_if_fail (ISOBAR_IS_DATA_SOURCE (self), NULL);

  return (const char * const *) self->simulator_arguments;
}
