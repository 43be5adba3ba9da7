/* isobar-chart-layer.c: a part of a chart drawn once and painted from an
 * image until what it depends on changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "isobar-chart-layer.h"

struct _IsobarChartLayer
{
  cairo_surface_t *image;     /* (owned) (nullable) */
  int              width;
  int              height;
  int              scale;
  GBytes          *key;       /* (owned) (nullable) */
  guint            n_draws;
};

IsobarChartLayer *
isobar_chart_layer_new (void)
{
  return g_new0 (IsobarChartLayer, 1);
}

void
isobar_chart_layer_free (IsobarChartLayer *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->image, cairo_surface_destroy);
  g_clear_pointer (&self->key, g_bytes_unref);
  g_free (self);
}

static gboolean
is_current (IsobarChartLayer *self,
            int               width,
            int               height,
            int               scale,
            gconstpointer     key,
            gsize             key_size)
{
  return self->image != NULL &&
         self->width == width && self->height == height && self->scale == scale &&
         g_bytes_get_size (self->key) == key_size &&
         memcmp (g_bytes_get_data (self->key, NULL), key, key_size) == 0;
}

void
isobar_chart_layer_paint (IsobarChartLayer     *self,
                          cairo_t              *cr,
                          int                   width,
                          int                   height,
                          int                   scale,
                          gconstpointer         key,
                          gsize                 key_size,
                          IsobarChartLayerDraw  draw,
                          gpointer              user_data)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (key != NULL || key_size == 0);
  g_return_if_fail (draw != NULL);

  if (width <= 0 || height <= 0 || scale <= 0)
    return;

  if (!is_current (self, width, height, scale, key, key_size))
    {
      cairo_t *layer_cr;

      g_clear_pointer (&self->image, cairo_surface_destroy);
      g_clear_pointer (&self->key, g_bytes_unref);

      self->image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
      cairo_surface_set_device_scale (self->image, scale, scale);
      layer_cr = cairo_create (self->image);
      draw (layer_cr, user_data);
      cairo_destroy (layer_cr);
      cairo_surface_flush (self->image);

      self->width = width;
      self->height = height;
      self->scale = scale;
      self->key = g_bytes_new (key, key_size);
      self->n_draws++;
    }

  cairo_save (cr);
  cairo_set_source_surface (cr, self->image, 0, 0);
  cairo_paint (cr);
  cairo_restore (cr);
}

guint
isobar_chart_layer_get_n_draws (IsobarChartLayer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_draws;
}
