/* test-chart-layer.c: a chart's layer is drawn once and painted from its
 * image until its size, scale or key changes, and paints what drawing
 * directly would have.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "isobar-chart-layer.h"

#define WIDTH  120
#define HEIGHT 80

typedef struct
{
  guint  calls;
  double red;   /* the colour of the line, part of the key */
} Drawing;

/* Antialiased: a diagonal line and a circle, so that a layer painted at the
 * wrong offset or scale cannot match. */
static void
draw_shapes (cairo_t  *cr,
             gpointer  user_data)
{
  Drawing *drawing = user_data;

  drawing->calls++;
  cairo_set_source_rgba (cr, drawing->red, 0.2, 0.6, 0.9);
  cairo_set_line_width (cr, 1.5);
  cairo_move_to (cr, 3.5, 70.25);
  cairo_line_to (cr, 111.0, 9.5);
  cairo_stroke (cr);
  cairo_arc (cr, 60.0, 40.0, 17.3, 0, 2 * G_PI);
  cairo_fill (cr);
}

/* A transparent surface @scale device pixels per pixel. */
static cairo_surface_t *
new_target (int scale)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH * scale, HEIGHT * scale);

  cairo_surface_set_device_scale (surface, scale, scale);
  return surface;
}

static void
assert_same_pixels (cairo_surface_t *a,
                    cairo_surface_t *b)
{
  int height = cairo_image_surface_get_height (a);
  int stride = cairo_image_surface_get_stride (a);

  cairo_surface_flush (a);
  cairo_surface_flush (b);
  g_assert_cmpint (cairo_image_surface_get_width (a), ==, cairo_image_surface_get_width (b));
  g_assert_cmpint (height, ==, cairo_image_surface_get_height (b));
  g_assert_cmpint (stride, ==, cairo_image_surface_get_stride (b));
  g_assert_cmpmem (cairo_image_surface_get_data (a), (gsize) stride * height,
                   cairo_image_surface_get_data (b), (gsize) stride * height);
}

/* Draws @drawing straight on a target, and through @layer on another, and
 * compares them. */
static void
paint_and_compare (IsobarChartLayer *layer,
                   Drawing          *drawing,
                   int               scale)
{
  cairo_surface_t *direct = new_target (scale);
  cairo_surface_t *layered = new_target (scale);
  Drawing reference = *drawing;
  cairo_t *cr;

  cr = cairo_create (direct);
  draw_shapes (cr, &reference);
  cairo_destroy (cr);

  cr = cairo_create (layered);
  isobar_chart_layer_paint (layer, cr, WIDTH, HEIGHT, scale, &drawing->red, sizeof drawing->red,
                            draw_shapes, drawing);
  cairo_destroy (cr);

  assert_same_pixels (direct, layered);
  cairo_surface_destroy (direct);
  cairo_surface_destroy (layered);
}

static void
test_drawn_once (void)
{
  g_autoptr(IsobarChartLayer) layer = isobar_chart_layer_new ();
  Drawing drawing = { 0, 0.8 };

  for (guint i = 0; i < 5; i++)
    paint_and_compare (layer, &drawing, 1);
  g_assert_cmpuint (drawing.calls, ==, 1);
  g_assert_cmpuint (isobar_chart_layer_get_n_draws (layer), ==, 1);
}

static void
test_drawn_again_when_changed (void)
{
  g_autoptr(IsobarChartLayer) layer = isobar_chart_layer_new ();
  Drawing drawing = { 0, 0.8 };
  cairo_surface_t *target = new_target (1);
  cairo_t *cr = cairo_create (target);

  paint_and_compare (layer, &drawing, 1);
  g_assert_cmpuint (drawing.calls, ==, 1);

  /* Another colour: the key differs. */
  drawing.red = 0.1;
  paint_and_compare (layer, &drawing, 1);
  g_assert_cmpuint (drawing.calls, ==, 2);

  /* Another scale: drawn at it, and still the same pixels. */
  paint_and_compare (layer, &drawing, 2);
  g_assert_cmpuint (drawing.calls, ==, 3);
  paint_and_compare (layer, &drawing, 2);
  g_assert_cmpuint (drawing.calls, ==, 3);

  /* Another size */
  isobar_chart_layer_paint (layer, cr, WIDTH / 2, HEIGHT, 1, &drawing.red, sizeof drawing.red,
                            draw_shapes, &drawing);
  g_assert_cmpuint (drawing.calls, ==, 4);

  /* Nothing to paint on: nothing drawn. */
  isobar_chart_layer_paint (layer, cr, 0, HEIGHT, 1, &drawing.red, sizeof drawing.red,
                            draw_shapes, &drawing);
  g_assert_cmpuint (drawing.calls, ==, 4);
  g_assert_cmpuint (isobar_chart_layer_get_n_draws (layer), ==, 4);

  cairo_destroy (cr);
  cairo_surface_destroy (target);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chart-layer/drawn-once", test_drawn_once);
  g_test_add_func ("/chart-layer/drawn-again-when-changed", test_drawn_again_when_changed);

  return g_test_run ();
}
