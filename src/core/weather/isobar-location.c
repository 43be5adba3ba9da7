/* isobar-location.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "isobar-location.h"
#include "isobar-model-private.h"

struct _IsobarLocation
{
  GObject  parent_instance;

  gint64   id;
  char    *name;          /* (owned) */
  double   latitude;
  double   longitude;
  double   elevation;     /* NAN when unknown */
  char    *country;       /* (owned) (nullable) */
  char    *country_code;  /* (owned) (nullable) */
  char    *admin1;        /* (owned) (nullable) */
  char    *timezone;      /* (owned) (nullable) */
  gint64   population;
};

G_DEFINE_FINAL_TYPE (IsobarLocation, isobar_location, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_LATITUDE,
  PROP_LONGITUDE,
  PROP_ELEVATION,
  PROP_COUNTRY,
  PROP_COUNTRY_CODE,
  PROP_ADMIN1,
  PROP_TIMEZONE,
  PROP_POPULATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const IsobarModelField fields[N_PROPS] = {
  [PROP_ID] = ISOBAR_MODEL_FIELD (INT64, IsobarLocation, id),
  [PROP_NAME] = ISOBAR_MODEL_FIELD (STRING, IsobarLocation, name),
  [PROP_LATITUDE] = ISOBAR_MODEL_FIELD (DOUBLE, IsobarLocation, latitude),
  [PROP_LONGITUDE] = ISOBAR_MODEL_FIELD (DOUBLE, IsobarLocation, longitude),
  [PROP_ELEVATION] = ISOBAR_MODEL_FIELD (DOUBLE, IsobarLocation, elevation),
  [PROP_COUNTRY] = ISOBAR_MODEL_FIELD (NONEMPTY, IsobarLocation, country),
  [PROP_COUNTRY_CODE] = ISOBAR_MODEL_FIELD (NONEMPTY, IsobarLocation, country_code),
  [PROP_ADMIN1] = ISOBAR_MODEL_FIELD (NONEMPTY, IsobarLocation, admin1),
  [PROP_TIMEZONE] = ISOBAR_MODEL_FIELD (NONEMPTY, IsobarLocation, timezone),
  [PROP_POPULATION] = ISOBAR_MODEL_FIELD (INT64, IsobarLocation, population),
};

static const IsobarModelTable table = { fields, N_PROPS };

static void
isobar_location_class_init (IsobarLocationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  isobar_model_class_setup (object_class, &table);

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, ISOBAR_MODEL_PARAM_FLAGS);
  properties[PROP_NAME] = isobar_model_string_param ("name");
  isobar_model_install_place_params (properties, PROP_LATITUDE);
  properties[PROP_COUNTRY] = isobar_model_string_param ("country");
  properties[PROP_COUNTRY_CODE] = isobar_model_string_param ("country-code");
  properties[PROP_ADMIN1] = isobar_model_string_param ("admin1");
  properties[PROP_TIMEZONE] = isobar_model_string_param ("timezone");
  properties[PROP_POPULATION] = g_param_spec_int64 ("population", NULL, NULL, 0, G_MAXINT64, 0,
                                                    ISOBAR_MODEL_PARAM_FLAGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
isobar_location_init (IsobarLocation *self)
{
  self->elevation = NAN;
}

IsobarLocation *
isobar_location_new (const char *name,
                     double      latitude,
                     double      longitude)
{
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (latitude >= -90.0 && latitude <= 90.0, NULL);
  g_return_val_if_fail (longitude >= -180.0 && longitude <= 180.0, NULL);

  return g_object_new (ISOBAR_TYPE_LOCATION,
                       "name", name,
                       "latitude", latitude,
                       "longitude", longitude,
                       NULL);
}

gint64
isobar_location_get_id (IsobarLocation *self)
{
  g_return_val_if_fail (ISOBAR_IS_LOCATION (self), 0);
  return self->id;
}

const char *
isobar_location_get_name (IsobarLocation *self)
{
  g_return_val_if_fail (ISOBAR_IS_LOCATION (self), NULL);
  return self->name;
}

double
isobar_location_get_latitude (IsobarLocation *self)
{
  g_return_val_if_fail (ISOBAR_IS_LOCATION (self), NAN);
  return self->latitude;
}

double
isobar_location_get_longitude (IsobarLocation *self)
{
  g_return_val_if_fail (ISOBAR_IS_LOCATION (self), NAN);
  return self->longitude;
}

double
isobar_location_get_elevation (IsobarLocation *self)
{
  g_return_val_if_fail (ISOBAR_IS_LOCATION (self), NAN);
  return self->elevation;
}

const char *
isobar_location_get_country (IsobarLocation *self)
{
  g_return_val_if_fail (ISOBAR_IS_LOCATION (self), NULL);
  return self->country;
}

const char *
isobar_location_get_country_code (IsobarLocation *self)
{
  g_return_val_if_fail (ISOBAR_IS_LOCATION (self), NULL);
  return self->country_code;
}

const char *
isobar_location_get_admin1 (IsobarLocation *self)
{
  g_return_val_if_fail (ISOBAR_IS_LOCATION (self), NULL);
  return self->admin1;
}

const char *
isobar_location_get_timezone (IsobarLocation *self)
{
  g_return_val_if_fail (ISOBAR_IS_LOCATION (self), NULL);
  return self->timezone;
}

gint64
isobar_location_get_population (IsobarLocation *self)
{
  g_return_val_if_fail (ISOBAR_IS_LOCATION (self), 0);
  return self->population;
}

/* Appends @part unless it is absent or already said. */
static void
append_part (GPtrArray  *parts,
             const char *part)
{
  if (part == NULL || *part == '\0')
    return;

  for (guint i = 0; i < parts->len; i++)
    {
      if (g_utf8_collate (g_ptr_array_index (parts, i), part) == 0)
        return;
    }

  g_ptr_array_add (parts, (gpointer) part);
}

char *
isobar_location_dup_description (IsobarLocation *self)
{
  g_autoptr(GPtrArray) parts = NULL;

  g_return_val_if_fail (ISOBAR_IS_LOCATION (self), NULL);

  parts = g_ptr_array_new ();
  append_part (parts, self->name);
  append_part (parts, self->admin1);
  append_part (parts, self->country);
  g_ptr_array_add (parts, NULL);

  return g_strjoinv (", ", (char **) parts->pdata);
}

gboolean
isobar_location_equal (IsobarLocation *a,
                       IsobarLocation *b)
{
  g_return_val_if_fail (ISOBAR_IS_LOCATION (a), FALSE);
  g_return_val_if_fail (ISOBAR_IS_LOCATION (b), FALSE);

  if (a == b)
    return TRUE;
  if (a->id != 0 && b->id != 0)
    return a->id == b->id;

  return fabs (a->latitude - b->latitude) <= 1e-4 &&
         fabs (a->longitude - b->longitude) <= 1e-4;
}

GVariant *
isobar_location_to_variant (IsobarLocation *self)
{
  g_return_val_if_fail (ISOBAR_IS_LOCATION (self), NULL);

#define OR_EMPTY(s) ((s) != NULL ? (s) : "")
  return g_variant_new (ISOBAR_LOCATION_VARIANT_TYPE,
                        self->id,
                        OR_EMPTY (self->name),
                        OR_EMPTY (self->admin1),
                        OR_EMPTY (self->country),
                        OR_EMPTY (self->country_code),
                        self->latitude,
                        self->longitude,
                        OR_EMPTY (self->timezone));
#undef OR_EMPTY
}

IsobarLocation *
isobar_location_new_from_variant (GVariant *variant)
{
  gint64 id;
  const char *name, *admin1, *country, *country_code, *timezone;
  double latitude, longitude;

  g_return_val_if_fail (variant != NULL, NULL);
  g_return_val_if_fail (g_variant_is_of_type (variant, G_VARIANT_TYPE (ISOBAR_LOCATION_VARIANT_TYPE)), NULL);

  g_variant_get (variant, "(x&s&s&s&sdd&s)",
                 &id, &name, &admin1, &country, &country_code,
                 &latitude, &longitude, &timezone);

  /* Saved settings may be hand-edited: refuse what a location cannot be. */
  if (!(latitude >= -90.0 && latitude <= 90.0) ||
      !(longitude >= -180.0 && longitude <= 180.0) ||
      id < 0)
    return NULL;

  return g_object_new (ISOBAR_TYPE_LOCATION,
                       "id", id,
                       "name", name,
                       "admin1", admin1,
                       "country", country,
                       "country-code", country_code,
                       "latitude", latitude,
                       "longitude", longitude,
                       "timezone", timezone,
                       NULL);
}
