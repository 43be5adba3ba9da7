/* app-fixture.h: the whole application, run as main() runs it, for tests
 * that drive it through its actions (test-app.c, test-app-python.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "isobar-application.h"
#include "isobar-core.h"
#include "isobar-window-private.h"

#include "display-util.h"

G_BEGIN_DECLS

/* The default workload: short enough for CI, long enough that the
 * analysis on the UI thread is one long task. */
#define APP_RUN_PLACES 4
#define APP_RUN_YEARS 20
#define APP_RUN_DEPTH 20000
#define APP_RUN_SECONDS 180

typedef struct
{
  IsobarApplication   *app;
  IsobarRunController *controller;
  IsobarWindow        *window;
  GSettings           *settings;
  char                *tmp_dir;
  /* Run without owning the application id on the session bus, so that it
   * can run beside another test's application (the default is unique). */
  gboolean             non_unique;
} AppFixture;

typedef void (*AppBody) (AppFixture *f);

/* Clean settings (memory backend) with the simulator and the workload
 * above, a 1400 × 900 window, a private temporary folder. */
void             app_fixture_set_up      (AppFixture    *f,
                                          gconstpointer  user_data);
/* Checks that nothing keeps the application alive once it has quit and
 * that no child process (helper, simulator, Python) is left, not even a
 * zombie. */
void             app_fixture_tear_down   (AppFixture    *f,
                                          gconstpointer  user_data);
/* Runs the real application with @body called once its window is up;
 * cancels what @body left running and quits. */
void             app_fixture_run         (AppFixture    *f,
                                          AppBody        body);

guint            app_fixture_n_runs      (AppFixture    *f);
/* DisplayCondition: no run is running. */
gboolean         app_fixture_run_over    (gpointer       f);
/* Activates app.@name, which must exist. */
void             app_fixture_activate    (AppFixture    *f,
                                          const char    *name,
                                          GVariant      *parameter);
/* Runs under @preset through the actions; returns the new record. */
IsobarRunRecord *app_fixture_run_preset  (AppFixture    *f,
                                          const char    *preset);
void             app_fixture_log_record  (IsobarRunRecord *record);
/* Shows @view ("forecast", "climate", "runs") and lets it draw. */
void             app_fixture_show_view   (AppFixture    *f,
                                          const char    *view);
/* screenshot-@name-light.png and screenshot-@name-dark.png of the window. */
void             app_fixture_shoot       (AppFixture    *f,
                                          const char    *name);

/* Each case runs the whole application once. */
#define APP_TEST(name)                                  \
  static void                                           \
  test_app_##name (AppFixture    *f,                    \
                   gconstpointer  user_data)            \
  {                                                     \
    if (!display_skip_without ())                       \
      app_fixture_run (f, name##_body);                 \
  }

G_END_DECLS
