/* isobar-banner.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ISOBAR_TYPE_BANNER (isobar_banner_get_type ())

G_DECLARE_FINAL_TYPE (IsobarBanner, isobar_banner, ISOBAR, BANNER, GtkWidget)

/* A strip under the header bar that slides in with a message and an optional
 * button bound to an action (GtkInfoBar without its deprecation). Add the
 * "error" style class for failures; the default look is informational.
 *
 * Properties: title, button-label (NULL hides the button), action-name,
 * revealed. */
GtkWidget  *isobar_banner_new              (void);
const char *isobar_banner_get_title        (IsobarBanner *self);
void        isobar_banner_set_title        (IsobarBanner *self,
                                            const char   *title);
const char *isobar_banner_get_button_label (IsobarBanner *self);
void        isobar_banner_set_button_label (IsobarBanner *self,
                                            const char   *label);
const char *isobar_banner_get_action_name  (IsobarBanner *self);
void        isobar_banner_set_action_name  (IsobarBanner *self,
                                            const char   *action_name);
gboolean    isobar_banner_get_revealed     (IsobarBanner *self);
void        isobar_banner_set_revealed     (IsobarBanner *self,
                                            gboolean      revealed);

G_END_DECLS
