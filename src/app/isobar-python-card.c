/* isobar-python-card.c: the runs page's card for real Python.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "isobar-model-follow.h"
#include "isobar-core.h"
#include "isobar-python-card.h"

struct _IsobarPythonCard
{
  GtkWidget       parent_instance;

  /* Template widgets */
  GtkWidget      *box;
  GtkButton      *run_button;
  GtkButton      *cancel_button;
  GtkLabel       *text_label;
  GtkProgressBar *progress_bar;
  GtkLabel       *status_label;
  GtkLabel       *error_label;

  /* Owned */
  GListModel     *model;
  gulong          items_changed_handler;
  char           *comparison;   /* (nullable) */
  gboolean        ready;
};

G_DEFINE_FINAL_TYPE (IsobarPythonCard, isobar_python_card, GTK_TYPE_WIDGET)

static void
show_text (IsobarPythonCard *self)
{
  const char *text;

  if (self->comparison != NULL)
    text = self->comparison;
  else if (self->ready)
    text = _("Run real Python to see how close the Python Threads and Python Multiprocessing presets come "
             "to CPython’s own threads and processes on this computer.");
  else
    text = _("Run all places first: real Python analyses the archives of the last run.");

  gtk_label_set_text (self->text_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->run_button),
                               self->ready ? _("Run the same analysis in real CPython on the archives of the last run")
                                           : _("Run All Places first"));
}

/* The comparison, from every run of the model. */
static void
reload (IsobarPythonCard *self)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(IsobarPythonCheck) check = { 0 };
  guint n = self->model != NULL ? g_list_model_get_n_items (self->model) : 0;

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (records, g_list_model_get_item (self->model, i));

  isobar_python_check_compute ((IsobarRunRecord * const *) records->pdata, records->len, 0, &check);
  g_free (self->comparison);
  self->comparison = isobar_python_check_describe (&check);
  show_text (self);
}

void
isobar_python_card_set_model (IsobarPythonCard *self,
                              GListModel       *runs)
{
  g_return_if_fail (ISOBAR_IS_PYTHON_CARD (self));
  g_return_if_fail (runs == NULL || G_IS_LIST_MODEL (runs));

  if (!isobar_model_follow (&self->model, &self->items_changed_handler, runs, G_CALLBACK (reload), self))
    return;

  reload (self);
}

void
isobar_python_card_set_ready (IsobarPythonCard *self,
                              gboolean          ready)
{
  g_return_if_fail (ISOBAR_IS_PYTHON_CARD (self));

  self->ready = !!ready;
  show_text (self);
}

void
isobar_python_card_set_progress (IsobarPythonCard *self,
                                 gboolean          running,
                                 double            fraction,
                                 const char       *status)
{
  g_return_if_fail (ISOBAR_IS_PYTHON_CARD (self));

  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), running);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), running);
  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
  gtk_label_set_text (self->status_label, status != NULL ? status : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), status != NULL && *status != '\0');
}

void
isobar_python_card_set_error (IsobarPythonCard *self,
                              const char       *message)
{
  g_return_if_fail (ISOBAR_IS_PYTHON_CARD (self));

  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL && *message != '\0');
  /* The status of a failed run ("Failed: …") would say it twice. */
  if (message != NULL && *message != '\0')
    gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
}

const char *
isobar_python_card_get_comparison (IsobarPythonCard *self)
{
  g_return_val_if_fail (ISOBAR_IS_PYTHON_CARD (self), NULL);

  return self->comparison;
}

const char *
isobar_python_card_get_text (IsobarPythonCard *self)
{
  g_return_val_if_fail (ISOBAR_IS_PYTHON_CARD (self), NULL);

  return gtk_label_get_text (self->text_label);
}

const char *
isobar_python_card_get_status (IsobarPythonCard *self)
{
  g_return_val_if_fail (ISOBAR_IS_PYTHON_CARD (self), NULL);

  return gtk_label_get_text (self->status_label);
}

const char *
isobar_python_card_get_error (IsobarPythonCard *self)
{
  g_return_val_if_fail (ISOBAR_IS_PYTHON_CARD (self), NULL);

  return gtk_label_get_text (self->error_label);
}

GtkButton *
isobar_python_card_get_run_button (IsobarPythonCard *self)
{
  g_return_val_if_fail (ISOBAR_IS_PYTHON_CARD (self), NULL);

  return self->run_button;
}

static void
isobar_python_card_dispose (GObject *object)
{
  IsobarPythonCard *self = ISOBAR_PYTHON_CARD (object);

  g_clear_signal_handler (&self->items_changed_handler, self->model);
  g_clear_object (&self->model);

  gtk_widget_dispose_template (GTK_WIDGET (self), ISOBAR_TYPE_PYTHON_CARD);

  G_OBJECT_CLASS (isobar_python_card_parent_class)->dispose (object);
}

static void
isobar_python_card_finalize (GObject *object)
{
  IsobarPythonCard *self = ISOBAR_PYTHON_CARD (object);

  g_free (self->comparison);

  G_OBJECT_CLASS (isobar_python_card_parent_class)->finalize (object);
}

static void
isobar_python_card_class_init (IsobarPythonCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isobar_python_card_dispose;
  object_class->finalize = isobar_python_card_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/isobar-python-card.ui");
  gtk_widget_class_bind_template_child (widget_class, IsobarPythonCard, box);
  gtk_widget_class_bind_template_child (widget_class, IsobarPythonCard, run_button);
  gtk_widget_class_bind_template_child (widget_class, IsobarPythonCard, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, IsobarPythonCard, text_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarPythonCard, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, IsobarPythonCard, status_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarPythonCard, error_label);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
isobar_python_card_init (IsobarPythonCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Real Python (CPython)"),
                                  -1);
  show_text (self);
}

GtkWidget *
isobar_python_card_new (void)
{
  return g_object_new (ISOBAR_TYPE_PYTHON_CARD, NULL);
}
