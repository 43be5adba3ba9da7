/* isobar-reference-private.h: IsobarReference's insides, shared by its
 * files: the class and its public calls (isobar-reference.c), the command
 * line (isobar-reference-command.c), the program's input
 * (isobar-reference-input.c), the running program
 * (isobar-reference-process.c) and what it prints (isobar-reference-output.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * isobar-reference.c calls the command line, the input and the process;
 * the process frees the input and hands each line to the output; of
 * isobar-reference.c the output calls only _isobar_reference_emit_progress().
 */

#pragma once

#include "isobar-reference.h"

G_BEGIN_DECLS

struct _IsobarReference
{
  GObject     parent_instance;

  char       *interpreter; /* (owned) (nullable) construct-only; NULL: look it up */
  char       *script;      /* (owned) (nullable) construct-only; NULL: look it up */
  GHashTable *trends;      /* (owned) preset → GPtrArray of IsobarReferenceTrend */
  guint       resamples;
  gboolean    calibrated;
  gboolean    running;
};

typedef struct
{
  GPtrArray *series;   /* (owned) IsobarClimateSeries */
  GPtrArray *names;    /* (owned) char * */
} InputJob;

/* A run: the task data of isobar_reference_run_async()'s task. */
typedef struct
{
  char            **argv;              /* (owned) */
  char            **strategies;        /* (owned) the ones asked for */
  InputJob         *input_job;         /* (owned) (nullable) until handed to its thread */
  GBytes           *input;             /* (owned) (nullable) */

  GSubprocess      *process;           /* (owned) (nullable) */
  GDataInputStream *stdout_lines;      /* (owned) (nullable) */
  GInputStream     *stderr_pipe;       /* (owned) (nullable) */
  GCancellable     *io_cancellable;    /* (owned) stdin and stdout */
  GCancellable     *stderr_cancellable; /* (owned) */
  GCancellable     *user_cancellable;  /* (owned) (nullable) */
  gulong            user_cancelled_id;
  GMainContext     *context;           /* (owned) the caller's, where it all runs */
  GSource          *kill_timer;        /* (owned) (nullable) */
  GSource          *pipes_timer;       /* (owned) (nullable) */

  gboolean          stdout_done;
  gboolean          stderr_done;
  gboolean          exited;
  gboolean          stopping;
  gboolean          completed;
  GString          *stderr_text;       /* (owned) */

  GPtrArray        *records;           /* (owned) IsobarRunRecord */
  GHashTable       *trends;            /* (owned) preset → GPtrArray */
  guint             resamples;
  gboolean          calibrated;
  GError           *error;             /* (owned) (nullable) the first failure */
} RunData;

/* isobar-reference.c */
void      _isobar_reference_emit_progress      (IsobarReference               *self,
                                                const char                    *preset,
                                                guint                          done,
                                                guint                          total);

/* isobar-reference-command.c: the interpreter, the script, the arguments */
char     *_isobar_reference_find_interpreter   (IsobarReference               *self,
                                                GError                       **error);
char     *_isobar_reference_find_script        (IsobarReference               *self,
                                                GError                       **error);
char    **_isobar_reference_build_argv         (const char                    *interpreter,
                                                const char                    *script,
                                                const IsobarReferenceSettings *settings,
                                                char * const                  *strategies);

/* isobar-reference-input.c: the series as the program's one line of input */
void      _isobar_reference_input_job_free     (InputJob                      *job);
/* A GTaskThreadFunc: its task data is an InputJob, its result a GBytes. */
void      _isobar_reference_build_input_thread (GTask                         *task,
                                                gpointer                       source_object,
                                                gpointer                       task_data,
                                                GCancellable                  *cancellable);

/* isobar-reference-process.c: the running program, and the run's end */
void      _isobar_reference_run_data_free      (RunData                       *data);
void      _isobar_reference_forward_cancel     (GCancellable                  *cancellable,
                                                gpointer                       user_data);
/* The input thread's callback: spawns the program. @user_data: the run's task (owned). */
void      _isobar_reference_input_ready_cb     (GObject                       *object,
                                                GAsyncResult                  *result,
                                                gpointer                       user_data);

/* isobar-reference-output.c: one line of the program's stdout */
gboolean  _isobar_reference_handle_line        (GTask                         *task,
                                                const char                    *line,
                                                GError                       **error);

G_END_DECLS
