/* display-util.c: what the display tests share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "display-util.h"

static gboolean have_display;
/* The system data folders before G_TEST_OPTION_ISOLATE_DIRS hides them. */
static char **system_data_dirs;

void
display_remember_system_dirs (void)
{
  if (system_data_dirs == NULL)
    system_data_dirs = g_strdupv ((char **) g_get_system_data_dirs ());
}

static GStrv
system_data_subdirs (const char *name)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; system_data_dirs != NULL && system_data_dirs[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (system_data_dirs[i], name, NULL);

      g_strv_builder_add (builder, path);
    }

  return g_strv_builder_end (builder);
}

/* Isolated folders hide the installed icon themes and the MIME database
 * (which tells gdk-pixbuf that an icon is SVG); without them GTK cannot draw
 * the window's icons, and warns, which fails the test. */
static void
restore_system_data (void)
{
  g_auto(GStrv) mime_dirs = system_data_subdirs ("mime");
  g_auto(GStrv) icon_dirs = system_data_subdirs ("icons");

  g_content_type_set_mime_dirs ((const char * const *) mime_dirs);
  gtk_icon_theme_set_search_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                  (const char * const *) icon_dirs);
}

/* AdwApplication loads style.css on its own; a test without one does not. */
static void
load_style (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider, RESOURCE_BASE "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

gboolean
display_init (void)
{
  have_display = gtk_init_check ();
  if (have_display)
    {
      adw_init ();
      restore_system_data ();
      load_style ();
    }

  return have_display;
}

gboolean
display_skip_without (void)
{
  if (!have_display)
    g_test_skip ("no display");

  return !have_display;
}

static gboolean
wake_up (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
display_wait_for (DisplayCondition  condition,
                  gpointer          user_data,
                  guint             seconds,
                  const char       *what)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  guint tick = g_timeout_add (50, wake_up, NULL);
  gboolean met;

  while (!(met = condition (user_data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (tick);
  if (!met)
    g_test_message ("Gave up after %u s waiting for %s", seconds, what);

  return met;
}

const char *
display_find_label_text (GtkWidget  *root,
                         const char *part)
{
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_text (GTK_LABEL (root)), part) != NULL)
    return gtk_label_get_text (GTK_LABEL (root));
  /* Texts that change often are inscriptions. */
  if (GTK_IS_INSCRIPTION (root) && gtk_inscription_get_text (GTK_INSCRIPTION (root)) != NULL &&
      strstr (gtk_inscription_get_text (GTK_INSCRIPTION (root)), part) != NULL)
    return gtk_inscription_get_text (GTK_INSCRIPTION (root));

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *text = display_find_label_text (child, part);

      if (text != NULL)
        return text;
    }
  return NULL;
}

void
display_settle (guint milliseconds)
{
  gint64 until = g_get_monotonic_time () + milliseconds * 1000;
  guint tick = g_timeout_add (20, wake_up, NULL);

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (tick);
}

char *
display_save_screenshot (GtkWidget  *widget,
                         const char *name)
{
  const char *dir = g_getenv ("ISOBAR_BUILD_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  if (dir == NULL)
    dir = g_getenv ("G_TEST_BUILDDIR");
  if (dir == NULL)
    dir = ".";
  path = g_build_filename (dir, name, NULL);

  /* A window between two frames (a relayout pending) has nothing to give:
   * wait for the next frames until it has. */
  paintable = gtk_widget_paintable_new (widget);
  for (guint attempt = 0; node == NULL && attempt < 50; attempt++)
    {
      if (attempt > 0)
        display_settle (100);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);
  g_assert_nonnull (renderer);

  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_nonnull (texture);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %s (%d×%d)", path, width, height);

  return g_steal_pointer (&path);
}
