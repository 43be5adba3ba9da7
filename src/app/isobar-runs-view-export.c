/* isobar-runs-view-export.c: the Runs page's Export buttons: a file
 * chooser, the export through the run controller, and its words as a toast
 * in the page's own window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "isobar-runs-view-private.h"


static const ExportKind export_csv = {
  N_("Export Runs as CSV"), "isobar-runs.csv", N_("CSV files"), "text/csv", ".csv",
  ISOBAR_RUN_CONTROLLER_EXPORT_RUNS,
};
static const ExportKind export_json = {
  N_("Export Runs as JSON"), "isobar-runs.json", N_("JSON files"), "application/json", ".json",
  ISOBAR_RUN_CONTROLLER_EXPORT_RUNS,
};
static const ExportKind export_trace = {
  N_("Export the Last Run as a Trace"), "isobar-trace.json",
  /* Translators: a file type: what Perfetto UI and chrome://tracing open */
  N_("Trace files (Chrome trace-event JSON)"), "application/json", ".json",
  ISOBAR_RUN_CONTROLLER_EXPORT_TRACE,
};

/* Whoever starts an operation shows its result: this view's window. */
static void
on_export_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(IsobarRunsView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = isobar_run_controller_export_finish (ISOBAR_RUN_CONTROLLER (source), result, &error);
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (text == NULL)
    text = g_strdup (error->message);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
  else
    g_message ("%s", text);
}

static void
on_chooser_response (IsobarRunsView       *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  const ExportKind *kind = self->export_kind;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    path = g_file_get_path (file);

  /* The runs export writes CSV for a name that ends in ".csv", else JSON:
   * the name must say which was chosen. */
  if (path != NULL && !g_str_has_suffix (path, kind->suffix))
    {
      char *with_suffix = g_strconcat (path, kind->suffix, NULL);

      g_free (path);
      path = with_suffix;
    }

  if (path != NULL && self->controller != NULL)
    isobar_run_controller_export_async (self->controller, kind->what, path, NULL, on_export_done,
                                        g_object_ref (self));

  g_clear_object (&self->chooser);
}

static void
choose_export_file (IsobarRunsView   *self,
                    const ExportKind *kind)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->chooser != NULL)
    return;

  self->export_kind = kind;
  self->chooser = gtk_file_chooser_native_new (_(kind->title),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), kind->file_name);

  gtk_file_filter_set_name (filter, _(kind->filter_name));
  gtk_file_filter_add_mime_type (filter, kind->mime_type);
  gtk_file_filter_add_suffix (filter, kind->suffix + 1);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);

  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

void
_isobar_runs_view_export_activated (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  gboolean csv = g_strcmp0 (g_variant_get_string (parameter, NULL), "csv") == 0;

  choose_export_file (ISOBAR_RUNS_VIEW (widget), csv ? &export_csv : &export_json);
}

void
_isobar_runs_view_export_trace_activated (GtkWidget  *widget,
                                          const char *action_name,
                                          GVariant   *parameter)
{
  choose_export_file (ISOBAR_RUNS_VIEW (widget), &export_trace);
}

void
_isobar_runs_view_close_chooser (IsobarRunsView *self)
{
  if (self->chooser == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->chooser, self);
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
}
