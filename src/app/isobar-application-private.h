/* isobar-application-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "isobar-application.h"

G_BEGIN_DECLS

/* isobar-application-actions.c: app.quit, app.about, app.preferences */
void _isobar_application_add_actions     (IsobarApplication *self);
/* isobar-application-run-actions.c: app.run, app.cancel, app.preset… */
void _isobar_application_add_run_actions (IsobarApplication *self);
void _isobar_application_remove_run_actions (IsobarApplication *self);
/* isobar-application.c: stops the runs (waiting for their processes, at
 * most a few seconds, without blocking the main loop), then quits. */
void _isobar_application_quit            (IsobarApplication *self);

G_END_DECLS
