/* isobar-python-card.h: the runs page's card for real Python: run it, see
 * its progress, and how close the Python presets came to it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ISOBAR_TYPE_PYTHON_CARD (isobar_python_card_get_type ())

G_DECLARE_FINAL_TYPE (IsobarPythonCard, isobar_python_card, ISOBAR, PYTHON_CARD, GtkWidget)

/* A card titled "Real Python (CPython)": the comparison of the runs of a
 * model in plain words (isobar_python_check_describe(), updated as runs
 * arrive) or, before there is one, what real Python runs do; "Run Real
 * Python" (app.run-cpython) and, while it runs, "Cancel" (app.cancel), a
 * progress bar and the status; the error of the last real Python run. */
GtkWidget  *isobar_python_card_new          (void);

/* @runs: IsobarRunRecord items, oldest first; followed as it changes. */
void        isobar_python_card_set_model    (IsobarPythonCard *self,
                                             GListModel       *runs);
/* Whether there is a run whose archives real Python can analyse: without
 * one the card says to run all places first. */
void        isobar_python_card_set_ready    (IsobarPythonCard *self,
                                             gboolean          ready);
/* A real Python run's progress; @status stays shown once it is over. */
void        isobar_python_card_set_progress (IsobarPythonCard *self,
                                             gboolean          running,
                                             double            fraction,
                                             const char       *status);
/* The last real Python run failed with @message; NULL hides it. */
void        isobar_python_card_set_error    (IsobarPythonCard *self,
                                             const char       *message);

/* As shown, for tests: the comparison (NULL when there is none), the
 * text of the card's body, the status, the error ("" when none). */
const char *isobar_python_card_get_comparison (IsobarPythonCard *self);
const char *isobar_python_card_get_text       (IsobarPythonCard *self);
const char *isobar_python_card_get_status     (IsobarPythonCard *self);
const char *isobar_python_card_get_error      (IsobarPythonCard *self);
GtkButton  *isobar_python_card_get_run_button (IsobarPythonCard *self);

G_END_DECLS
