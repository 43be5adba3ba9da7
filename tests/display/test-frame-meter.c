/* test-frame-meter.c: the frame meter, the pulse and the responsiveness
 * panel in a real window, with real frames and real key presses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>
#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

#include "display-util.h"
#include "isobar-core.h"
#include "isobar-draw-mark.h"
#include "isobar-frame-meter.h"
#include "isobar-pulse.h"
#include "isobar-responsiveness-panel.h"
#include "isobar-run-controller.h"

/* How long the main loop is blocked to make a freeze. */
#define FREEZE_MS 800

/* TRUE when @widget can be drawn now: not between a resize and its layout,
 * which the live figures, changing every second, often are. */
static gboolean
renders (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot),
                          gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  node = gtk_snapshot_to_node (snapshot);

  return node != NULL;
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  for (guint i = 0; i < 100 && !renders (widget); i++)
    display_settle (10);

  g_free (display_save_screenshot (widget, name));
}

/* A window with a pulse and an entry, watched by a frame meter. */
typedef struct
{
  GtkWindow        *window;  /* weak: GTK owns the toplevel */
  IsobarPulse      *pulse;
  GtkEntry         *entry;
  IsobarFrameMeter *meter;

  /* What "updated" showed, at worst */
  guint             updates;
  guint             live_frozen;
  double            live_longest_ms;
  double            live_fps;
} Fixture;

static gboolean
window_mapped (gpointer data)
{
  Fixture *f = data;

  return gtk_widget_get_mapped (GTK_WIDGET (f->window));
}

static void
on_updated (IsobarFrameMeter *meter,
            Fixture          *f)
{
  IsobarRunFrames frames;

  isobar_frame_meter_get_live (meter, &frames);
  f->updates++;
  if (frames.has_frames)
    {
      f->live_frozen = MAX (f->live_frozen, frames.frozen_frames);
      f->live_longest_ms = MAX (f->live_longest_ms, frames.longest_frame_ms);
      f->live_fps = frames.fps;
    }
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  user_data)
{
  GtkWidget *box;

  if (display_skip_without ())
    return;

  f->window = GTK_WINDOW (gtk_window_new ());
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  gtk_window_set_default_size (f->window, 360, 160);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  f->pulse = ISOBAR_PULSE (isobar_pulse_new ());
  f->entry = GTK_ENTRY (gtk_entry_new ());
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->pulse));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->entry));
  gtk_window_set_child (f->window, box);

  f->meter = isobar_frame_meter_new (GTK_WIDGET (f->window));
  g_assert_true (isobar_frame_meter_get_widget (f->meter) == GTK_WIDGET (f->window));
  g_signal_connect (f->meter, "updated", G_CALLBACK (on_updated), f);

  gtk_window_present (f->window);
  g_assert_true (display_wait_for (window_mapped, f, DISPLAY_WAIT_SECONDS, "the window to be mapped"));
  gtk_widget_grab_focus (GTK_WIDGET (f->entry));
}

static gboolean
window_gone (gpointer data)
{
  Fixture *f = data;

  return f->window == NULL;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  user_data)
{
  if (display_skip_without ())
    return;

  if (f->window != NULL)
    {
      gtk_window_destroy (f->window);
      g_assert_true (display_wait_for (window_gone, f, DISPLAY_WAIT_SECONDS, "the window to be finalized"));
    }

  /* The meter holds no reference on the window, and outlives it quietly. */
  g_assert_null (isobar_frame_meter_get_widget (f->meter));
  g_clear_object (&f->meter);
}

/* Frames */

static void
test_frames_counted (Fixture       *f,
                     gconstpointer  user_data)
{
  IsobarRunFrames frames;
  guint64 pulse_before;

  if (display_skip_without ())
    return;

  display_settle (300);
  pulse_before = isobar_pulse_get_n_frames (f->pulse);
  isobar_frame_meter_begin_run (f->meter);
  display_settle (1200);
  isobar_frame_meter_end_run (f->meter, &frames);

  g_test_message ("Run: %u frames, %.1f fps, %u slow, longest %.1f ms; pulse drew %" G_GUINT64_FORMAT,
                  frames.n_frames, frames.fps, frames.slow_frames, frames.longest_frame_ms,
                  isobar_pulse_get_n_frames (f->pulse) - pulse_before);
  g_assert_true (frames.has_frames);
  g_assert_cmpfloat (frames.fps, >=, 20);
  g_assert_cmpfloat (frames.fps, <=, 250);
  g_assert_cmpuint (frames.n_frames, >=, 24);
  g_assert_cmpuint (frames.frozen_frames, ==, 0);
  g_assert_cmpfloat (frames.longest_frame_ms, <, 700);
  g_assert_false (frames.has_input_delay);
  /* The pulse animates on the same frames. */
  g_assert_cmpuint (isobar_pulse_get_n_frames (f->pulse) - pulse_before, >=, 24);

  /* The live figures of the last full second, announced by "updated". */
  g_assert_cmpuint (f->updates, >=, 1);
  isobar_frame_meter_get_live (f->meter, &frames);
  g_assert_true (frames.has_frames);
  g_assert_cmpfloat (frames.fps, >=, 20);
  g_assert_cmpuint (frames.frozen_frames, ==, 0);

  /* Without begin_run() there is nothing to report. */
  isobar_frame_meter_end_run (f->meter, &frames);
  g_assert_false (frames.has_frames);
  g_assert_cmpuint (frames.n_frames, ==, 0);
}

static gboolean
block_main_loop (gpointer user_data)
{
  g_usleep (FREEZE_MS * 1000);

  return G_SOURCE_REMOVE;
}

static gboolean
live_saw_freeze (gpointer data)
{
  Fixture *f = data;

  return f->live_frozen >= 1;
}

static void
assert_freeze (const IsobarRunFrames *frames)
{
  g_test_message ("Frozen for %d ms: %u frames, %u slow, %u frozen, %u dropped, longest %.1f ms",
                  FREEZE_MS, frames->n_frames, frames->slow_frames, frames->frozen_frames,
                  frames->dropped_frames, frames->longest_frame_ms);
  g_assert_true (frames->has_frames);
  g_assert_cmpuint (frames->frozen_frames, >=, 1);
  g_assert_cmpuint (frames->slow_frames, >=, 1);
  g_assert_cmpuint (frames->dropped_frames, >=, 30);
  g_assert_cmpfloat (frames->longest_frame_ms, >=, 700);
  g_assert_cmpfloat (frames->longest_frame_ms, <, FREEZE_MS + 2000);
}

static void
test_freeze_recorded (Fixture       *f,
                      gconstpointer  user_data)
{
  IsobarRunFrames frames;

  if (display_skip_without ())
    return;

  display_settle (200);
  isobar_frame_meter_begin_run (f->meter);
  display_settle (300);
  g_idle_add (block_main_loop, NULL);
  display_settle (500);
  isobar_frame_meter_end_run (f->meter, &frames);
  assert_freeze (&frames);
  /* The frames went on after the freeze. */
  g_assert_cmpuint (frames.n_frames, >=, 10);

  /* The live figures show it too, within a second or two. */
  g_assert_true (display_wait_for (live_saw_freeze, f, DISPLAY_WAIT_SECONDS, "the live figures to show the freeze"));
  g_assert_cmpfloat (f->live_longest_ms, >=, 700);
}

static gboolean
block_then_end_run (gpointer user_data)
{
  Fixture *f = user_data;
  IsobarRunFrames frames;

  /* Like work on the UI thread that ends the run before the loop ever
   * draws again. */
  g_usleep (FREEZE_MS * 1000);
  isobar_frame_meter_end_run (f->meter, &frames);
  assert_freeze (&frames);

  return G_SOURCE_REMOVE;
}

static void
test_freeze_in_progress (Fixture       *f,
                         gconstpointer  user_data)
{
  if (display_skip_without ())
    return;

  display_settle (200);
  isobar_frame_meter_begin_run (f->meter);
  display_settle (200);
  g_idle_add (block_then_end_run, f);
  display_settle (300);
}

static void
test_hidden_is_not_frozen (Fixture       *f,
                           gconstpointer  user_data)
{
  IsobarRunFrames frames;

  if (display_skip_without ())
    return;

  display_settle (200);
  isobar_frame_meter_begin_run (f->meter);
  display_settle (300);
  gtk_widget_set_visible (GTK_WIDGET (f->window), FALSE);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (f->window)));
  display_settle (FREEZE_MS + 200);

  /* Ended while hidden: no frame in progress. */
  isobar_frame_meter_end_run (f->meter, &frames);
  g_assert_cmpuint (frames.frozen_frames, ==, 0);
  g_assert_cmpfloat (frames.longest_frame_ms, <, 700);

  /* Shown again during a run: the hidden time is no frame either. */
  isobar_frame_meter_begin_run (f->meter);
  gtk_widget_set_visible (GTK_WIDGET (f->window), FALSE);
  display_settle (FREEZE_MS + 200);
  gtk_window_present (f->window);
  g_assert_true (display_wait_for (window_mapped, f, DISPLAY_WAIT_SECONDS, "the window to be mapped again"));
  display_settle (300);
  isobar_frame_meter_end_run (f->meter, &frames);
  g_test_message ("Hidden, then shown: %u frames, longest %.1f ms", frames.n_frames, frames.longest_frame_ms);
  g_assert_cmpuint (frames.n_frames, >=, 5);
  g_assert_cmpuint (frames.frozen_frames, ==, 0);
}

/* Late frames, explained */

#define SLOW_DRAW_MS 80

static void
draw_slowly (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  g_auto (IsobarDrawMark) mark = ISOBAR_DRAW_MARK ("slow test drawing", GTK_WIDGET (area));

  g_usleep (SLOW_DRAW_MS * 1000);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);
}

/* The first cause named @what among @events, or NULL. */
static const IsobarLateCause *
find_cause (const IsobarLateEvent *events,
            guint                  n_events,
            const char            *what)
{
  const IsobarLateCause *cause = NULL;

  for (guint i = 0; i < n_events && cause == NULL; i++)
    cause = isobar_late_event_find_cause (&events[i], what);
  return cause;
}

static void
test_late_frame_explained (Fixture       *f,
                           gconstpointer  user_data)
{
  g_autoptr(IsobarRunRecord) record = isobar_run_record_new ("thread-pool", "process-pool");
  g_autoptr(IsobarRunRecord) read = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  const IsobarLateEvent *events;
  const IsobarLateCause *cause;
  GArray *late;
  IsobarRunFrames frames;
  GtkWidget *area;
  guint n_events;

  if (display_skip_without ())
    return;

  display_settle (200);
  isobar_frame_meter_begin_run (f->meter);
  area = gtk_drawing_area_new ();
  gtk_widget_set_size_request (area, 120, 40);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_slowly, NULL, NULL);
  gtk_box_append (GTK_BOX (gtk_window_get_child (f->window)), area);
  display_settle (500);
  isobar_frame_meter_end_run (f->meter, &frames);

  /* The slow frame is there, and what made it slow is named, with its area. */
  late = isobar_frame_meter_get_late_frames (f->meter);
  g_assert_cmpuint (frames.slow_frames, >=, 1);
  g_assert_cmpuint (late->len, >=, 1);
  cause = find_cause ((const IsobarLateEvent *) late->data, late->len, "slow test drawing");
  g_assert_nonnull (cause);
  g_assert_cmpfloat (cause->ms, >=, SLOW_DRAW_MS);
  g_assert_cmpuint (cause->width, ==, gtk_widget_get_width (area));
  g_assert_cmpuint (cause->height, ==, gtk_widget_get_height (area));

  /* It slept rather than worked: the frame used less CPU than it lasted. */
  for (guint i = 0; i < late->len; i++)
    {
      const IsobarLateEvent *event = &g_array_index (late, IsobarLateEvent, i);

      g_assert_cmpfloat (event->cpu_ms, >=, 0);
      g_assert_cmpfloat (event->queued_ms, >=, 0);
      g_assert_cmpfloat (event->cpu_ms + event->queued_ms, <=, event->ms + 1);
      if (isobar_late_event_find_cause (event, "slow test drawing") != NULL)
        g_assert_cmpfloat (event->cpu_ms, <, event->ms - SLOW_DRAW_MS / 2);
    }

  /* And the run record keeps it through its JSON. */
  isobar_run_record_set_late (record, ISOBAR_LATE_FRAME, (const IsobarLateEvent *) late->data, late->len);
  json = isobar_run_record_to_json (record, FALSE);
  read = isobar_run_record_new_from_json (json, -1, &error);
  g_assert_no_error (error);
  events = isobar_run_record_get_late (read, ISOBAR_LATE_FRAME, &n_events);
  g_assert_cmpuint (n_events, ==, late->len);
  cause = find_cause (events, n_events, "slow test drawing");
  g_assert_nonnull (cause);
  g_assert_cmpfloat (cause->ms, >=, SLOW_DRAW_MS);
  g_assert_cmpuint (cause->width, ==, gtk_widget_get_width (area));
  g_assert_cmpfloat_with_epsilon (events[0].queued_ms, g_array_index (late, IsobarLateEvent, 0).queued_ms, 0.01);
}

/* Input delay */

static gboolean
input_measured (gpointer data)
{
  Fixture *f = data;

  return isobar_frame_meter_get_last_input_delay (f->meter) >= 0;
}

static gboolean
entry_has_text (gpointer data)
{
  Fixture *f = data;

  return g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (f->entry)), "a") == 0;
}

static void
xdotool (const char *arguments)
{
  g_autofree char *command = g_strdup_printf ("xdotool %s", arguments);
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status;

  g_assert_true (g_spawn_command_line_sync (command, NULL, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("“%s” failed: %s", command, err);
}

static void
test_input_delay (Fixture       *f,
                  gconstpointer  user_data)
{
#ifdef GDK_WINDOWING_X11
  g_autofree char *xdotool_path = g_find_program_in_path ("xdotool");
  g_autofree char *focus = NULL;
  GdkSurface *surface;
  IsobarRunFrames frames;
  double delay;
  guint32 now_ms;
#endif

  if (display_skip_without ())
    return;

#ifdef GDK_WINDOWING_X11
  if (xdotool_path == NULL)
    {
      g_test_skip ("xdotool is not installed");
      return;
    }
  if (!GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      g_test_skip ("xdotool needs an X11 display");
      return;
    }

  display_settle (200);
  g_assert_cmpfloat (isobar_frame_meter_get_last_input_delay (f->meter), <, 0);

  surface = gtk_native_get_surface (GTK_NATIVE (f->window));
  focus = g_strdup_printf ("windowfocus --sync %lu", (unsigned long) gdk_x11_surface_get_xid (surface));
  xdotool (focus);
  display_settle (200);

  /* A quick one: handled within a few frames. */
  isobar_frame_meter_begin_run (f->meter);
  xdotool ("key a");
  g_assert_true (display_wait_for (input_measured, f, DISPLAY_WAIT_SECONDS, "the key press to be measured"));
  delay = isobar_frame_meter_get_last_input_delay (f->meter);
  g_test_message ("Key press handled %.1f ms after its timestamp", delay);
  g_assert_cmpfloat (delay, >=, 0);
  g_assert_cmpfloat (delay, <, 500);

  /* It reached the entry: measuring takes nothing from the widgets. */
  g_assert_true (display_wait_for (entry_has_text, f, DISPLAY_WAIT_SECONDS, "the key press to reach the entry"));
  gtk_editable_set_text (GTK_EDITABLE (f->entry), "");

  /* A key press while the main loop is blocked waits for it: the X server
   * stamped it when it happened, in CLOCK_MONOTONIC ms, as
   * g_get_monotonic_time() counts. */
  xdotool ("key b");
  now_ms = (guint32) (g_get_monotonic_time () / 1000);
  g_usleep (300 * 1000);
  display_settle (300);
  delay = isobar_frame_meter_get_last_input_delay (f->meter);
  g_test_message ("Key press during a 300 ms block handled %.1f ms after its timestamp "
                  "(xdotool returned at monotonic %u ms)", delay, now_ms);
  g_assert_cmpfloat (delay, >=, 290);
  g_assert_cmpfloat (delay, <, 1500);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f->entry)), ==, "b");

  /* Both count in the run and in the live figures. */
  isobar_frame_meter_end_run (f->meter, &frames);
  g_assert_true (frames.has_input_delay);
  g_assert_cmpuint (frames.n_input_events, ==, 2);
  g_assert_cmpfloat (frames.input_delay_ms, >=, 290);
  isobar_frame_meter_get_live (f->meter, &frames);
  g_assert_true (frames.has_input_delay);
  g_assert_cmpuint (frames.n_input_events, ==, 2);
  g_assert_cmpfloat (frames.input_delay_ms, >=, 290);
#else
  g_test_skip ("built without X11");
#endif
}

/* Pulse */

static void
test_pulse_reduced_motion (Fixture       *f,
                           gconstpointer  user_data)
{
  GtkSettings *settings;
  guint64 frozen_at;

  if (display_skip_without ())
    return;

  settings = gtk_widget_get_settings (GTK_WIDGET (f->pulse));
  g_object_set (settings, "gtk-enable-animations", TRUE, NULL);
  g_assert_false (isobar_pulse_get_reduced_motion (f->pulse));
  display_settle (300);
  save_screenshot (GTK_WIDGET (f->window), "screenshot-pulse.png");

  g_object_set (settings, "gtk-enable-animations", FALSE, NULL);
  g_assert_true (isobar_pulse_get_reduced_motion (f->pulse));
  /* Still counting frames, with text instead of motion. */
  frozen_at = isobar_pulse_get_n_frames (f->pulse);
  display_settle (300);
  g_assert_cmpuint (isobar_pulse_get_n_frames (f->pulse), >=, frozen_at + 6);
  save_screenshot (GTK_WIDGET (f->window), "screenshot-pulse-reduced.png");

  /* A blocked loop draws nothing. */
  frozen_at = isobar_pulse_get_n_frames (f->pulse);
  g_usleep (200 * 1000);
  g_assert_cmpuint (isobar_pulse_get_n_frames (f->pulse), ==, frozen_at);

  g_object_set (settings, "gtk-enable-animations", TRUE, NULL);
  g_assert_false (isobar_pulse_get_reduced_motion (f->pulse));
}

static void
test_meter_disposed_first (Fixture       *f,
                           gconstpointer  user_data)
{
  if (display_skip_without ())
    return;

  display_settle (200);
  /* Dropping the meter removes its tick callback and controller; the
   * window goes on. */
  g_clear_object (&f->meter);
  display_settle (200);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (f->window)));

  f->meter = isobar_frame_meter_new (GTK_WIDGET (f->window));
}

/* The panel */

typedef struct
{
  GSettings           *settings;
  IsobarDataSource    *data_source;
  IsobarRunController *controller;
  GtkWindow           *window;  /* weak */
  IsobarResponsivenessPanel *panel;
  IsobarFrameMeter    *meter;
} PanelFixture;

static void
on_run (GSimpleAction *action,
        GVariant      *parameter,
        gpointer       user_data)
{
  isobar_run_controller_run (ISOBAR_RUN_CONTROLLER (user_data));
}

static void
on_cancel (GSimpleAction *action,
           GVariant      *parameter,
           gpointer       user_data)
{
  isobar_run_controller_cancel (ISOBAR_RUN_CONTROLLER (user_data));
}

static void
on_preset_change_state (GSimpleAction *action,
                        GVariant      *state,
                        gpointer       user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (isobar_run_controller_apply_preset (ISOBAR_RUN_CONTROLLER (user_data),
                                                     g_variant_get_string (state, NULL), &error));
  g_assert_no_error (error);
}

static void
on_preset_setting_changed (GSimpleAction *action,
                           const char    *key,
                           GSettings     *settings)
{
  g_autoptr(GVariant) preset = g_settings_get_value (settings, "preset");

  g_simple_action_set_state (action, preset);
}

/* The actions the panel's buttons name, as the application provides them. */
static void
add_actions (PanelFixture *f)
{
  g_autoptr(GSimpleActionGroup) app = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) run = g_simple_action_new ("run", NULL);
  g_autoptr(GSimpleAction) cancel = g_simple_action_new ("cancel", NULL);
  g_autoptr(GSimpleAction) preset = NULL;
  g_autoptr(GVariant) state = g_settings_get_value (f->settings, "preset");

  preset = g_simple_action_new_stateful ("preset", G_VARIANT_TYPE_STRING, state);
  g_signal_connect_object (run, "activate", G_CALLBACK (on_run), f->controller, 0);
  g_signal_connect_object (cancel, "activate", G_CALLBACK (on_cancel), f->controller, 0);
  g_signal_connect_object (preset, "change-state", G_CALLBACK (on_preset_change_state), f->controller, 0);
  g_signal_connect_object (f->settings, "changed::preset", G_CALLBACK (on_preset_setting_changed),
                           preset, G_CONNECT_SWAPPED);
  g_action_map_add_action (G_ACTION_MAP (app), G_ACTION (run));
  g_action_map_add_action (G_ACTION_MAP (app), G_ACTION (cancel));
  g_action_map_add_action (G_ACTION_MAP (app), G_ACTION (preset));
  gtk_widget_insert_action_group (GTK_WIDGET (f->window), "app", G_ACTION_GROUP (app));
}

static GtkWidget *
find_row (GtkWidget  *widget,
          GType       type,
          const char *title)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, type, title);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_first (GtkWidget *widget,
            GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_first (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
panel_mapped (gpointer data)
{
  PanelFixture *f = data;

  return gtk_widget_get_mapped (GTK_WIDGET (f->panel));
}

static void
panel_set_up (PanelFixture  *f,
              gconstpointer  user_data)
{
  const char * const keys[] = {
    "preset", "fetch-strategy", "compute-strategy", "fetch-concurrency", "compute-workers",
    "analysis-depth", "run-places", "analysis-years", "simulator-latency", "data-source",
  };

  if (display_skip_without ())
    return;

  f->settings = g_settings_new ("io.github.isobar.Isobar");
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_settings_reset (f->settings, keys[i]);

  f->data_source = isobar_data_source_new ();
  isobar_data_source_set_kind (f->data_source, ISOBAR_DATA_SOURCE_KIND_SIMULATOR);
  f->controller = isobar_run_controller_new (f->settings, f->data_source);

  f->window = GTK_WINDOW (gtk_window_new ());
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  /* Tall enough to show every section in a screenshot. */
  gtk_window_set_default_size (f->window, 380, 1000);
  f->panel = ISOBAR_RESPONSIVENESS_PANEL (isobar_responsiveness_panel_new ());
  gtk_window_set_child (f->window, GTK_WIDGET (f->panel));
  add_actions (f);

  isobar_responsiveness_panel_bind (f->panel, f->settings, f->controller);
  gtk_window_present (f->window);
  g_assert_true (display_wait_for (panel_mapped, f, DISPLAY_WAIT_SECONDS, "the panel to be mapped"));
}

static gboolean
panel_window_gone (gpointer data)
{
  PanelFixture *f = data;

  return f->window == NULL;
}

static void
panel_tear_down (PanelFixture  *f,
                 gconstpointer  user_data)
{
  if (display_skip_without ())
    return;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  if (f->window != NULL)
    {
      gtk_window_destroy (f->window);
      g_assert_true (display_wait_for (panel_window_gone, f, DISPLAY_WAIT_SECONDS, "the panel's window to be finalized"));
    }

  g_clear_object (&f->meter);
  g_clear_object (&f->controller);
  isobar_data_source_shutdown (f->data_source);
  g_clear_object (&f->data_source);
  g_clear_object (&f->settings);
}

static gboolean
figures_shown (gpointer data)
{
  PanelFixture *f = data;
  const char *text = isobar_responsiveness_panel_get_figures_text (f->panel);

  return text != NULL && strstr (text, "Frames per second: —") == NULL;
}

static void
test_panel_bindings (PanelFixture  *f,
                     gconstpointer  user_data)
{
  GtkWidget *compute_row;
  GtkWidget *latency_row;
  GtkWidget *workers_row;
  GtkWidget *spin;
  GtkWidget *preset_row;
  g_autofree char *compute = NULL;
  g_autofree char *preset = NULL;
  g_autofree char *auto_cores = NULL;

  if (display_skip_without ())
    return;

  /* The parts tests and the window reach */
  g_assert_true (GTK_IS_BUTTON (isobar_responsiveness_panel_get_run_button (f->panel)));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (isobar_responsiveness_panel_get_run_button (f->panel))),
                   ==, "app.run");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (isobar_responsiveness_panel_get_cancel_button (f->panel))),
                   ==, "app.cancel");
  g_assert_true (GTK_IS_ENTRY (isobar_responsiveness_panel_get_entry (f->panel)));
  g_assert_true (ISOBAR_IS_PULSE (isobar_responsiveness_panel_get_pulse (f->panel)));
  g_assert_true (isobar_latency_graph_get_watchdog (isobar_responsiveness_panel_get_latency_graph (f->panel)) ==
                 isobar_run_controller_get_watchdog (f->controller));
  g_assert_cmpstr (isobar_responsiveness_panel_get_verdict_text (f->panel), ==, "");

  /* Combo row ↔ setting */
  compute_row = find_row (GTK_WIDGET (f->panel), ADW_TYPE_COMBO_ROW, "Analysis");
  g_assert_nonnull (compute_row);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (compute_row)), ==, ISOBAR_COMPUTE_PROCESS_POOL);
  g_settings_set_string (f->settings, "compute-strategy", "gil-threads");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (compute_row)), ==, ISOBAR_COMPUTE_GIL_THREADS);
  adw_combo_row_set_selected (ADW_COMBO_ROW (compute_row), ISOBAR_COMPUTE_UI_THREAD);
  compute = g_settings_get_string (f->settings, "compute-strategy");
  g_assert_cmpstr (compute, ==, "ui-thread");

  /* Spin row ↔ setting */
  latency_row = find_row (GTK_WIDGET (f->panel), ADW_TYPE_ACTION_ROW, "Simulator latency (ms)");
  g_assert_nonnull (latency_row);
  spin = find_first (latency_row, GTK_TYPE_SPIN_BUTTON);
  g_assert_nonnull (spin);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 100);
  g_settings_set_uint (f->settings, "simulator-latency", 250);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 250);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 400);
  g_assert_cmpuint (g_settings_get_uint (f->settings, "simulator-latency"), ==, 400);

  /* 0 workers reads as one per core. */
  workers_row = find_row (GTK_WIDGET (f->panel), ADW_TYPE_ACTION_ROW, "Analysis workers");
  g_assert_nonnull (workers_row);
  auto_cores = g_strdup_printf (g_get_num_processors () == 1 ? "Auto (%u core)" : "Auto (%u cores)",
                                g_get_num_processors ());
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (workers_row)), ==, auto_cores);
  g_settings_set_uint (f->settings, "compute-workers", 3);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (workers_row)), !=, auto_cores);
  g_settings_reset (f->settings, "compute-workers");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (workers_row)), ==, auto_cores);

  /* The preset rows are a radio group on app.preset. */
  preset_row = find_row (GTK_WIDGET (f->panel), ADW_TYPE_ACTION_ROW,
                         isobar_preset_get_label (ISOBAR_PRESET_PYTHON_THREADS));
  g_assert_nonnull (preset_row);
  adw_action_row_activate (ADW_ACTION_ROW (preset_row));
  preset = g_settings_get_string (f->settings, "preset");
  g_assert_cmpstr (preset, ==, ISOBAR_PRESET_PYTHON_THREADS);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (find_first (preset_row, GTK_TYPE_CHECK_BUTTON))));
  /* The preset's strategies show in the detail rows. */
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (compute_row)), ==, ISOBAR_COMPUTE_GIL_THREADS);

  /* Unbound, the rows no longer follow the settings. */
  isobar_responsiveness_panel_bind (f->panel, NULL, NULL);
  g_settings_set_uint (f->settings, "simulator-latency", 50);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 400);
  g_assert_null (isobar_latency_graph_get_watchdog (isobar_responsiveness_panel_get_latency_graph (f->panel)));
  isobar_responsiveness_panel_bind (f->panel, f->settings, f->controller);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 50);
}

static gboolean
run_done (gpointer data)
{
  PanelFixture *f = data;

  return !isobar_run_controller_get_running (f->controller) &&
         isobar_run_controller_get_latest (f->controller) != NULL;
}

static GtkWidget *
find_error_label_in (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "error"))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_error_label_in (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The run's error text, in the error style. */
static GtkWidget *
find_error_label (PanelFixture *f)
{
  GtkWidget *label = find_error_label_in (GTK_WIDGET (f->panel));

  g_assert_nonnull (label);
  return label;
}

/* Scrolls the panel to its last section. */
static void
scroll_to_end (PanelFixture *f)
{
  GtkScrolledWindow *scrolled = GTK_SCROLLED_WINDOW (find_first (GTK_WIDGET (f->panel), GTK_TYPE_SCROLLED_WINDOW));
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scrolled);

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  display_settle (300);
}

static void
test_panel_run (PanelFixture  *f,
                gconstpointer  user_data)
{
  GtkButton *run_button;

  if (display_skip_without ())
    return;

  /* No frame meter yet: no frame figures, but the lateness. */
  g_assert_nonnull (strstr (isobar_responsiveness_panel_get_figures_text (f->panel), "Frames per second: —"));
  g_assert_null (strstr (isobar_responsiveness_panel_get_figures_text (f->panel), "Main-loop lateness: —"));
  g_assert_false (gtk_widget_get_visible (find_error_label (f)));

  /* The live figures follow the frame meter the controller gets later. */
  f->meter = isobar_frame_meter_new (GTK_WIDGET (f->window));
  isobar_run_controller_set_frame_recorder (f->controller, ISOBAR_FRAME_RECORDER (f->meter));
  g_assert_true (display_wait_for (figures_shown, f, DISPLAY_WAIT_SECONDS, "the live figures"));
  g_test_message ("Live figures:\n%s", isobar_responsiveness_panel_get_figures_text (f->panel));

  save_screenshot (GTK_WIDGET (f->window), "screenshot-panel.png");

  /* A small run, through the button. */
  g_settings_set_uint (f->settings, "run-places", 2);
  g_settings_set_uint (f->settings, "analysis-years", 3);
  g_settings_set_uint (f->settings, "analysis-depth", 0);
  g_settings_set_uint (f->settings, "simulator-latency", 0);
  run_button = isobar_responsiveness_panel_get_run_button (f->panel);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (run_button)));
  g_signal_emit_by_name (run_button, "clicked");
  g_assert_true (display_wait_for (run_done, f, DISPLAY_WAIT_SECONDS, "the run to finish"));
  display_settle (300);

  g_test_message ("Verdict:\n%s", isobar_responsiveness_panel_get_verdict_text (f->panel));
  g_assert_cmpstr (isobar_responsiveness_panel_get_verdict_text (f->panel), !=, "");
  save_screenshot (GTK_WIDGET (f->window), "screenshot-panel-run.png");
  scroll_to_end (f);
  save_screenshot (GTK_WIDGET (f->window), "screenshot-panel-run-end.png");

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  display_settle (300);
  save_screenshot (GTK_WIDGET (f->window), "screenshot-panel-run-end-dark.png");
}

static gboolean
run_failed (gpointer data)
{
  PanelFixture *f = data;

  return !isobar_run_controller_get_running (f->controller) &&
         isobar_run_controller_get_error (f->controller) != NULL;
}

static void
test_panel_error (PanelFixture  *f,
                  gconstpointer  user_data)
{
  GtkWidget *error_label;

  if (display_skip_without ())
    return;

  /* Nothing listens on port 1. */
  isobar_data_source_set_kind (f->data_source, ISOBAR_DATA_SOURCE_KIND_OPEN_METEO);
  isobar_data_source_set_urls (f->data_source,
                               "http://127.0.0.1:1/v1/forecast",
                               "http://127.0.0.1:1/v1/archive",
                               "http://127.0.0.1:1/v1/search");
  g_settings_set_uint (f->settings, "run-places", 1);
  g_settings_set_uint (f->settings, "analysis-years", 3);
  gtk_widget_activate_action (GTK_WIDGET (f->panel), "app.run", NULL);
  g_assert_true (display_wait_for (run_failed, f, DISPLAY_WAIT_SECONDS, "the run to fail"));
  display_settle (100);

  error_label = find_error_label (f);
  g_test_message ("Error shown: %s", gtk_label_get_text (GTK_LABEL (error_label)));
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), ==, isobar_run_controller_get_error (f->controller));
  /* Said once: the status ("Failed: …") makes way. */
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_prev_sibling (error_label)));
  save_screenshot (GTK_WIDGET (f->window), "screenshot-panel-error.png");
}

int
main (int   argc,
      char *argv[])
{
  display_remember_system_dirs ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  display_init ();
  isobar_loop_log_start (g_main_context_default ());

  g_test_add ("/frame-meter/frames-counted", Fixture, NULL,
              fixture_set_up, test_frames_counted, fixture_tear_down);
  g_test_add ("/frame-meter/freeze-recorded", Fixture, NULL,
              fixture_set_up, test_freeze_recorded, fixture_tear_down);
  g_test_add ("/frame-meter/freeze-in-progress", Fixture, NULL,
              fixture_set_up, test_freeze_in_progress, fixture_tear_down);
  g_test_add ("/frame-meter/hidden-is-not-frozen", Fixture, NULL,
              fixture_set_up, test_hidden_is_not_frozen, fixture_tear_down);
  g_test_add ("/frame-meter/late-frame-explained", Fixture, NULL,
              fixture_set_up, test_late_frame_explained, fixture_tear_down);
  g_test_add ("/frame-meter/input-delay", Fixture, NULL,
              fixture_set_up, test_input_delay, fixture_tear_down);
  g_test_add ("/frame-meter/disposed-first", Fixture, NULL,
              fixture_set_up, test_meter_disposed_first, fixture_tear_down);
  g_test_add ("/pulse/reduced-motion", Fixture, NULL,
              fixture_set_up, test_pulse_reduced_motion, fixture_tear_down);
  g_test_add ("/panel/bindings", PanelFixture, NULL,
              panel_set_up, test_panel_bindings, panel_tear_down);
  g_test_add ("/panel/run", PanelFixture, NULL,
              panel_set_up, test_panel_run, panel_tear_down);
  g_test_add ("/panel/error", PanelFixture, NULL,
              panel_set_up, test_panel_error, panel_tear_down);

  return g_test_run ();
}
