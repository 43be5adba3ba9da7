/* isobar-year-item.c: one year of a climate report, for list models.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "isobar-year-item.h"

struct _IsobarYearItem
{
  GObject       parent_instance;

  IsobarYearRow row;
};

G_DEFINE_FINAL_TYPE (IsobarYearItem, isobar_year_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_YEAR,
  PROP_MEAN,
  PROP_MIN,
  PROP_MAX,
  PROP_ANOMALY,
  PROP_N_MISSING,
  PROP_INCOMPLETE,
  PROP_HOTTEST,
  PROP_HOTTEST_JULIAN,
  PROP_COLDEST,
  PROP_COLDEST_JULIAN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
isobar_year_item_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  IsobarYearItem *self = ISOBAR_YEAR_ITEM (object);

  switch (prop_id)
    {
    case PROP_YEAR:
      g_value_set_int (value, self->row.year);
      break;
    case PROP_MEAN:
      g_value_set_double (value, self->row.mean);
      break;
    case PROP_MIN:
      g_value_set_double (value, self->row.min);
      break;
    case PROP_MAX:
      g_value_set_double (value, self->row.max);
      break;
    case PROP_ANOMALY:
      g_value_set_double (value, self->row.anomaly);
      break;
    case PROP_N_MISSING:
      g_value_set_uint (value, self->row.n_missing);
      break;
    case PROP_INCOMPLETE:
      g_value_set_boolean (value, isobar_year_item_get_incomplete (self));
      break;
    case PROP_HOTTEST:
      g_value_set_double (value, self->row.hottest.value);
      break;
    case PROP_HOTTEST_JULIAN:
      g_value_set_uint (value, self->row.hottest.julian);
      break;
    case PROP_COLDEST:
      g_value_set_double (value, self->row.coldest.value);
      break;
    case PROP_COLDEST_JULIAN:
      g_value_set_uint (value, self->row.coldest.julian);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
temperature_pspec (const char *name)
{
  /* NAN is a value, not a valid default: 0. */
  return g_param_spec_double (name, NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
julian_pspec (const char *name)
{
  return g_param_spec_uint (name, NULL, NULL, 0, G_MAXUINT32, 0,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static void
isobar_year_item_class_init (IsobarYearItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = isobar_year_item_get_property;

  properties[PROP_YEAR] =
    g_param_spec_int ("year", NULL, NULL, G_MININT32, G_MAXINT32, 0,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MEAN] = temperature_pspec ("mean");
  properties[PROP_MIN] = temperature_pspec ("min");
  properties[PROP_MAX] = temperature_pspec ("max");
  properties[PROP_ANOMALY] = temperature_pspec ("anomaly");
  properties[PROP_N_MISSING] =
    g_param_spec_uint ("n-missing", NULL, NULL, 0, G_MAXUINT32, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_INCOMPLETE] =
    g_param_spec_boolean ("incomplete", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HOTTEST] = temperature_pspec ("hottest");
  properties[PROP_HOTTEST_JULIAN] = julian_pspec ("hottest-julian");
  properties[PROP_COLDEST] = temperature_pspec ("coldest");
  properties[PROP_COLDEST_JULIAN] = julian_pspec ("coldest-julian");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
isobar_year_item_init (IsobarYearItem *self)
{
}

IsobarYearItem *
isobar_year_item_new (const IsobarYearRow *row)
{
  IsobarYearItem *self;

  g_return_val_if_fail (row != NULL, NULL);

  self = g_object_new (ISOBAR_TYPE_YEAR_ITEM, NULL);
  self->row = *row;

  return self;
}

const IsobarYearRow *
isobar_year_item_get_row (IsobarYearItem *self)
{
  g_return_val_if_fail (ISOBAR_IS_YEAR_ITEM (self), NULL);

  return &self->row;
}

int
isobar_year_item_get_year (IsobarYearItem *self)
{
  g_return_val_if_fail (ISOBAR_IS_YEAR_ITEM (self), 0);

  return self->row.year;
}

double
isobar_year_item_get_mean (IsobarYearItem *self)
{
  g_return_val_if_fail (ISOBAR_IS_YEAR_ITEM (self), NAN);

  return self->row.mean;
}

double
isobar_year_item_get_min (IsobarYearItem *self)
{
  g_return_val_if_fail (ISOBAR_IS_YEAR_ITEM (self), NAN);

  return self->row.min;
}

double
isobar_year_item_get_max (IsobarYearItem *self)
{
  g_return_val_if_fail (ISOBAR_IS_YEAR_ITEM (self), NAN);

  return self->row.max;
}

double
isobar_year_item_get_anomaly (IsobarYearItem *self)
{
  g_return_val_if_fail (ISOBAR_IS_YEAR_ITEM (self), NAN);

  return self->row.anomaly;
}

guint
isobar_year_item_get_n_missing (IsobarYearItem *self)
{
  g_return_val_if_fail (ISOBAR_IS_YEAR_ITEM (self), 0);

  return self->row.n_missing;
}

gboolean
isobar_year_item_get_incomplete (IsobarYearItem *self)
{
  g_return_val_if_fail (ISOBAR_IS_YEAR_ITEM (self), FALSE);

  return (self->row.flags & ISOBAR_YEAR_INCOMPLETE) != 0;
}

double
isobar_year_item_get_hottest (IsobarYearItem *self)
{
  g_return_val_if_fail (ISOBAR_IS_YEAR_ITEM (self), NAN);

  return self->row.hottest.value;
}

guint32
isobar_year_item_get_hottest_julian (IsobarYearItem *self)
{
  g_return_val_if_fail (ISOBAR_IS_YEAR_ITEM (self), 0);

  return self->row.hottest.julian;
}

double
isobar_year_item_get_coldest (IsobarYearItem *self)
{
  g_return_val_if_fail (ISOBAR_IS_YEAR_ITEM (self), NAN);

  return self->row.coldest.value;
}

guint32
isobar_year_item_get_coldest_julian (IsobarYearItem *self)
{
  g_return_val_if_fail (ISOBAR_IS_YEAR_ITEM (self), 0);

  return self->row.coldest.julian;
}
