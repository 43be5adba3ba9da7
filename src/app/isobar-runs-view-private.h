/* isobar-runs-view-private.h: the Runs page's insides, shared by the page
 * (isobar-runs-view.c: the table, the cards, the chart) and its export
 * (isobar-runs-view-export.c: the file chooser and the toast). The page
 * calls the export file; the export file calls nothing of the page's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "isobar-runs-view.h"

G_BEGIN_DECLS

/* What an export writes, and how its file is chosen. */
typedef struct
{
  const char *title;        /* translatable */
  const char *file_name;
  const char *filter_name;  /* translatable */
  const char *mime_type;
  const char *suffix;
  IsobarRunControllerExport what;
} ExportKind;

struct _IsobarRunsView
{
  GtkWidget             parent_instance;

  /* Template widgets */
  GtkStack             *stack;
  GtkLabel             *count_label;
  GtkWidget            *empty_python_button;
  IsobarPythonCard     *python_card;
  IsobarRunsChart      *chart;
  GtkColumnView        *table;
  GtkBox               *cards;

  /* Owned */
  IsobarRunController  *controller;     /* (nullable) what exports the runs */
  GListModel           *model;
  gulong                items_changed_handler;
  GtkNoSelection       *selection;
  GtkFileChooserNative *chooser;
  const ExportKind     *export_kind;    /* what the chooser is for */
};

/* isobar-runs-view-export.c: the runs.export and runs.export-trace actions */
void _isobar_runs_view_export_activated       (GtkWidget      *widget,
                                               const char     *action_name,
                                               GVariant       *parameter);
void _isobar_runs_view_export_trace_activated (GtkWidget      *widget,
                                               const char     *action_name,
                                               GVariant       *parameter);
/* Closes the file chooser, if one is open. */
void _isobar_runs_view_close_chooser          (IsobarRunsView *self);

G_END_DECLS
