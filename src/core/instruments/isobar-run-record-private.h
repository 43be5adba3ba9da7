/* isobar-run-record-private.h: a run record's insides, shared by the
 * record (isobar-run-record.c), the table of its numbers
 * (isobar-run-record-fields.c) and its forms: the JSON writer
 * (isobar-run-record-json-write.c), the JSON reader
 * (isobar-run-record-json-read.c) and the CSV (isobar-run-record-csv.c).
 * Only those files include it, so its names are short.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "isobar-run-record.h"

G_BEGIN_DECLS

/* The "schema" member of the JSON form. */
#define SCHEMA_NAME "isobar-run-record"

struct _IsobarRunRecord
{
  GObject            parent_instance;

  char              *fetch_strategy;     /* (owned) */
  char              *compute_strategy;   /* (owned) */
  GDateTime         *started;            /* (owned) */
  char              *digest;             /* (owned) (nullable) */
  char              *preset;             /* (owned) */
  char              *python_implementation; /* (owned) (nullable) */
  char              *python_version;     /* (owned) (nullable) */
  char              *python_loop;        /* (owned) (nullable) */
  char              *renderer;           /* (owned) (nullable) */
  IsobarRunSettings  settings;
  IsobarRunFigures   figures;
  IsobarRunFrames    frames;
  IsobarRunLock      lock;
  GArray            *trace;              /* (owned) (element-type IsobarTracePoint) */
  GArray            *late_frames;        /* (owned) (element-type IsobarLateEvent) */
  GArray            *stalls;             /* (owned) (element-type IsobarLateEvent) */
  IsobarRunTimeline *timeline;           /* (owned) (nullable) */
};

/* Every number of a record, once: the JSON writer, the JSON reader and the
 * CSV all walk this table, so they cannot disagree. Fields of one group are
 * contiguous; a new field goes at the end of its group (the CSV columns keep
 * their order). */
typedef enum
{
  FIELD_UINT,
  FIELD_UINT64,
  FIELD_DOUBLE,
} FieldKind;

typedef struct
{
  const char *group;          /* the JSON object holding it; NULL: top level */
  const char *name;           /* its JSON member name */
  const char *column;         /* its CSV column */
  FieldKind   kind;
  gsize       offset;         /* in struct _IsobarRunRecord */
  gssize      present_offset; /* a gboolean saying it is there; -1: always */
  gboolean    added;          /* added to schema version 1 later: a file
                               * without it reads as 0; outside a group it
                               * never sets its presence flag, the earlier
                               * field sharing that flag does */
} Field;

/* A Field's present_offset when the field is always there. */
#define ALWAYS (-1)

/* The table: see isobar-run-record-fields.c. */
extern const Field _isobar_run_record_fields[];
extern const gsize _isobar_run_record_n_fields;

#define FIELD_PTR(self, type, off) ((type *) (gpointer) ((guint8 *) (self) + (off)))

static inline gboolean
field_present (IsobarRunRecord *self,
               const Field     *field)
{
  return field->present_offset == ALWAYS || *FIELD_PTR (self, gboolean, field->present_offset);
}

static inline GArray *
late_events (IsobarRunRecord *self,
             IsobarLateKind   kind)
{
  return kind == ISOBAR_LATE_FRAME ? self->late_frames : self->stalls;
}

G_END_DECLS
