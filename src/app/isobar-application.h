/* isobar-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "isobar-core.h"

G_BEGIN_DECLS

#define ISOBAR_TYPE_APPLICATION (isobar_application_get_type ())

G_DECLARE_FINAL_TYPE (IsobarApplication, isobar_application, ISOBAR, APPLICATION, AdwApplication)

/* The app: one GSettings (io.github.isobar.Isobar), one data source that
 * follows the data-source and *-url settings, one cache in
 * $XDG_CACHE_HOME/isobar. The data source's simulator stops on shutdown. */
IsobarApplication *isobar_application_new             (void);
GSettings         *isobar_application_get_settings    (IsobarApplication *self);
IsobarDataSource  *isobar_application_get_data_source (IsobarApplication *self);
IsobarCache       *isobar_application_get_cache       (IsobarApplication *self);
/* Runs the pipeline for the app.run, app.cancel, app.preset… actions. */
IsobarRunController *isobar_application_get_run_controller (IsobarApplication *self);

G_END_DECLS
