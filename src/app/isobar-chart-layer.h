/* isobar-chart-layer.h: a part of a chart drawn once and painted from an
 * image until what it depends on changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A chart whose data changes many times a second (the latency graph) has
 * parts that do not: its grid, its labels, its threshold lines. Drawn as
 * paths and text they are replayed, antialiased and shaped anew, every time
 * the renderer paints the chart; from an image they are one composite. */
typedef struct _IsobarChartLayer IsobarChartLayer;

/* Draws the layer on @cr, in widget coordinates. */
typedef void (*IsobarChartLayerDraw) (cairo_t  *cr,
                                      gpointer  user_data);

IsobarChartLayer *isobar_chart_layer_new   (void);
void              isobar_chart_layer_free  (IsobarChartLayer     *self);

/* Paints the layer on @cr at the origin, @width × @height widget pixels at
 * @scale device pixels each. It is drawn with @draw first when it has not
 * been or when @key (@key_size bytes: all that the drawing depends on
 * besides the size and scale, such as colours and the font) differs from
 * the key it was drawn with. */
void              isobar_chart_layer_paint (IsobarChartLayer     *self,
                                            cairo_t              *cr,
                                            int                   width,
                                            int                   height,
                                            int                   scale,
                                            gconstpointer         key,
                                            gsize                 key_size,
                                            IsobarChartLayerDraw  draw,
                                            gpointer              user_data);

/* How many times the layer was drawn (not painted) so far. */
guint             isobar_chart_layer_get_n_draws (IsobarChartLayer *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsobarChartLayer, isobar_chart_layer_free)

G_END_DECLS
