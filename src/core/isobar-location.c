/* isobar-location.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "isobar-location.h"

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

/* Absent strings are NULL, whether they came as NULL or as "". */
static char *
dup_nonempty (const char *s)
{
  return (s != NULL && *s != '\0') ? g_strdup (s) : NULL;
}

static void
isobar_location_finalize (GObject *object)
{
  IsobarLocation *self = ISOBAR_LOCATION (object);

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->country, g_free);
  g_clear_pointer (&self->country_code, g_free);
  g_clear_pointer (&self->admin1, g_free);
  g_clear_pointer (&self->timezone, g_free);

  G_OBJECT_CLASS (isobar_location_parent_class)->finalize (object);
}

static void
isobar_location_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  IsobarLocation *self = ISOBAR_LOCATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_LATITUDE:
      g_value_set_double (value, self->latitude);
      break;
    case PROP_LONGITUDE:
      g_value_set_double (value, self->longitude);
      break;
    case PROP_ELEVATION:
      g_value_set_double (value, self->elevation);
      break;
    case PROP_COUNTRY:
      g_value_set_string (value, self->country);
      break;
    case PROP_COUNTRY_CODE:
      g_value_set_string (value, self->country_code);
      break;
    case PROP_ADMIN1:
      g_value_set_string (value, self->admin1);
      break;
    case PROP_TIMEZONE:
      g_value_set_string (value, self->timezone);
      break;
    case PROP_POPULATION:
      g_value_set_int64 (value, self->population);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isobar_location_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  IsobarLocation *self = ISOBAR_LOCATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_get_int64 (value);
      break;
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    case PROP_LATITUDE:
      self->latitude = g_value_get_double (value);
      break;
    case PROP_LONGITUDE:
      self->longitude = g_value_get_double (value);
      break;
    case PROP_ELEVATION:
      self->elevation = g_value_get_double (value);
      break;
    case PROP_COUNTRY:
      self->country = dup_nonempty (g_value_get_string (value));
      break;
    case PROP_COUNTRY_CODE:
      self->country_code = dup_nonempty (g_value_get_string (value));
      break;
    case PROP_ADMIN1:
      self->admin1 = dup_nonempty (g_value_get_string (value));
      break;
    case PROP_TIMEZONE:
      self->timezone = dup_nonempty (g_value_get_string (value));
      break;
    case PROP_POPULATION:
      self->population = g_value_get_int64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_param (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
}

static void
isobar_location_class_init (IsobarLocationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = isobar_location_finalize;
  object_class->get_property = isobar_location_get_property;
  object_class->set_property = isobar_location_set_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_NAME] = string_param ("name");
  properties[PROP_LATITUDE] = g_param_spec_double ("latitude", NULL, NULL, -90.0, 90.0, 0.0, flags);
  properties[PROP_LONGITUDE] = g_param_spec_double ("longitude", NULL, NULL, -180.0, 180.0, 0.0, flags);
  properties[PROP_ELEVATION] = g_param_spec_double ("elevation", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0.0,
                                                    flags | G_PARAM_LAX_VALIDATION);
  /* Unknown is NAN. g_param_spec_double() refuses a NAN default (it compares
   * it with the bounds) and validation calls NAN invalid (NAN != NAN), so the
   * default is set afterwards and the property validates laxly: the bounds
   * still clamp, and NAN goes through. */
  G_PARAM_SPEC_DOUBLE (properties[PROP_ELEVATION])->default_value = NAN;
  properties[PROP_COUNTRY] = string_param ("country");
  properties[PROP_COUNTRY_CODE] = string_param ("country-code");
  properties[PROP_ADMIN1] = string_param ("admin1");
  properties[PROP_TIMEZONE] = string_param ("timezone");
  properties[PROP_POPULATION] = g_param_spec_int64 ("population", NULL, NULL, 0, G_MAXINT64, 0, flags);

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
