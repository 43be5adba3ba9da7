/* isobar-climate-report-merge.c: a report built from the kernels' outputs
 * (isobar_climate_report_new_from_outputs()): each output decoded and checked
 * against its job and the history, the bootstrap's slopes joined in chunk
 * order and their 95 % interval, the heat map's rows put together, and the
 * digests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "isobar-error.h"
#include "isobar-kernels-private.h"
#include "isobar-climate-report-private.h"

#define DIGEST_MAGIC 0x31524349u /* "ICR1" */

/* The merge. */

typedef struct
{
  gboolean  have_normals;
  gboolean  have_records;
  gboolean  have_trend;
  guint     resamples;
  guint     bootstrap_chunks;
  guint64   base_seed;
  guint     bootstrap_years;
  GArray  **chunks;           /* (owned) bootstrap_chunks slots */
  gboolean *rows_done;        /* (owned) n_years heat-map rows */
  guint8   *pixels;           /* (owned) */
  GPtrArray *digest_parts;    /* (owned) GBytes: the outputs, by kernel and chunk */
} Merge;

static void
merge_clear (Merge *merge)
{
  for (guint c = 0; merge->chunks != NULL && c < merge->bootstrap_chunks; c++)
    g_clear_pointer (&merge->chunks[c], g_array_unref);
  g_clear_pointer (&merge->chunks, g_free);
  g_clear_pointer (&merge->rows_done, g_free);
  g_clear_pointer (&merge->pixels, g_free);
  g_clear_pointer (&merge->digest_parts, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Merge, merge_clear)

static gboolean
merge_fail (GError                **error,
            const IsobarKernelJob  *job,
            const char             *reason)
{
  g_autofree char *what = job != NULL ? isobar_kernel_job_describe (job) : g_strdup ("—");

  g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
               _("Cannot assemble the climate report (%s): %s"), what, reason);
  return FALSE;
}

static gboolean
merge_once (gboolean               *seen,
            const IsobarKernelJob  *job,
            GError                **error)
{
  if (*seen)
    return merge_fail (error, job, _("this part came twice"));
  *seen = TRUE;
  return TRUE;
}

static gboolean
merge_bootstrap (IsobarClimateReport    *self,
                 Merge                  *merge,
                 const IsobarKernelJob  *job,
                 GBytes                 *output,
                 GError                **error)
{
  g_autoptr(GArray) slopes = NULL;
  guint block_years, n_years;

  if (merge->chunks == NULL)
    {
      merge->resamples = job->resamples;
      merge->bootstrap_chunks = job->chunk_count;
      merge->base_seed = job->base_seed;
      merge->chunks = g_new0 (GArray *, job->chunk_count);
    }
  else if (job->resamples != merge->resamples || job->chunk_count != merge->bootstrap_chunks
           || job->base_seed != merge->base_seed)
    return merge_fail (error, job, _("the bootstrap chunks disagree"));

  if (merge->chunks[job->chunk_index] != NULL)
    return merge_fail (error, job, _("this part came twice"));
  if (!isobar_kernel_output_read_bootstrap (output, job, &slopes, &block_years, &n_years, error))
    return FALSE;
  if (self->block_years != 0 && (block_years != self->block_years || n_years != merge->bootstrap_years))
    return merge_fail (error, job, _("the bootstrap chunks disagree"));

  self->block_years = block_years;
  merge->bootstrap_years = n_years;
  merge->chunks[job->chunk_index] = g_steal_pointer (&slopes);
  return TRUE;
}

static gboolean
merge_heatmap (IsobarClimateReport    *self,
               Merge                  *merge,
               const IsobarKernelJob  *job,
               GBytes                 *output,
               GError                **error)
{
  g_autoptr(GBytes) pixels = NULL;
  const gsize row_bytes = ISOBAR_HEATMAP_WIDTH * 4;
  guint first_row;

  if (job->year_start < self->first_year
      || job->year_end > self->first_year + (int) self->n_years
      || job->year_start >= job->year_end)
    return merge_fail (error, job, _("these years are outside the history"));

  first_row = (guint) (job->year_start - self->first_year);
  for (int y = job->year_start; y < job->year_end; y++)
    {
      if (merge->rows_done[y - self->first_year])
        return merge_fail (error, job, _("this part came twice"));
    }
  if (!isobar_kernel_output_read_heatmap (output, job, &pixels, error))
    return FALSE;

  memcpy (merge->pixels + first_row * row_bytes,
          g_bytes_get_data (pixels, NULL), g_bytes_get_size (pixels));
  for (int y = job->year_start; y < job->year_end; y++)
    merge->rows_done[y - self->first_year] = TRUE;
  return TRUE;
}

static gboolean
merge_one (IsobarClimateReport    *self,
           Merge                  *merge,
           const IsobarKernelJob  *job,
           GBytes                 *output,
           GError                **error)
{
  gboolean have_yearly = self->yearly != NULL;

  if (!isobar_kernel_job_validate (job, error))
    return FALSE;

  switch (job->kernel)
    {
    case ISOBAR_KERNEL_NORMALS:
      return merge_once (&merge->have_normals, job, error)
        && isobar_kernel_output_read_normals (output, job, self->normals, error);

    case ISOBAR_KERNEL_RECORDS:
      return merge_once (&merge->have_records, job, error)
        && isobar_kernel_output_read_records (output, job, &self->records, error);

    case ISOBAR_KERNEL_YEARLY:
      if (!merge_once (&have_yearly, job, error)
          || !isobar_kernel_output_read_yearly (output, job, &self->yearly, error))
        return FALSE;
      if (self->yearly->len != self->n_years
          || (self->n_years > 0 && g_array_index (self->yearly, IsobarYearRow, 0).year != self->first_year))
        return merge_fail (error, job, _("the years do not match the history"));
      return TRUE;

    case ISOBAR_KERNEL_TREND:
      return merge_once (&merge->have_trend, job, error)
        && isobar_kernel_output_read_trend (output, job, &self->trend, error);

    case ISOBAR_KERNEL_BOOTSTRAP:
      return merge_bootstrap (self, merge, job, output, error);

    case ISOBAR_KERNEL_HEATMAP:
      return merge_heatmap (self, merge, job, output, error);

    default:
      g_assert_not_reached ();
    }
}

static guint32
header_u32 (const guint8 *data,
            gsize         size,
            guint         index)
{
  guint32 le = 0;

  g_assert (size >= (index + 1) * sizeof le);
  memcpy (&le, data + index * sizeof le, sizeof le);
  return GUINT32_FROM_LE (le);
}

static gint
compare_parts (gconstpointer a,
               gconstpointer b)
{
  GBytes *x = *(GBytes * const *) a;
  GBytes *y = *(GBytes * const *) b;
  gsize nx, ny;
  const guint8 *dx = g_bytes_get_data (x, &nx);
  const guint8 *dy = g_bytes_get_data (y, &ny);
  /* Every output starts with magic, version, kernel, chunk index (u32 LE):
   * order by kernel, then chunk index (both checked already). */
  guint32 kx = header_u32 (dx, nx, 2);
  guint32 ky = header_u32 (dy, ny, 2);
  guint32 cx = header_u32 (dx, nx, 3);
  guint32 cy = header_u32 (dy, ny, 3);

  if (kx != ky)
    return kx < ky ? -1 : 1;
  return (cx > cy) - (cx < cy);
}

/* SHA-256 over: a header, every output in (kernel, chunk) order with its
 * length, then the interval derived from them. */
static char *
compute_digest (IsobarClimateReport *self,
                GPtrArray           *parts)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GByteArray) head = g_byte_array_new ();
  g_autoptr(GByteArray) tail = g_byte_array_new ();

  isobar_climate_put_u32 (head, DIGEST_MAGIC);
  isobar_climate_put_i32 (head, self->first_year);
  isobar_climate_put_u32 (head, self->n_years);
  isobar_climate_put_u32 (head, parts->len);
  g_checksum_update (checksum, head->data, head->len);

  g_ptr_array_sort (parts, compare_parts);
  for (guint i = 0; i < parts->len; i++)
    {
      g_autoptr(GByteArray) length = g_byte_array_new ();
      gsize size;
      const guint8 *data = g_bytes_get_data (parts->pdata[i], &size);

      isobar_climate_put_u64 (length, size);
      g_checksum_update (checksum, length->data, length->len);
      g_checksum_update (checksum, data, size);
    }

  isobar_climate_put_f64 (tail, self->interval_low);
  isobar_climate_put_f64 (tail, self->interval_high);
  g_checksum_update (checksum, tail->data, tail->len);
  return g_strdup (g_checksum_get_string (checksum));
}

static gboolean
merge_finish (IsobarClimateReport  *self,
              Merge                *merge,
              GError              **error)
{
  const gsize heatmap_size = (gsize) self->n_years * ISOBAR_HEATMAP_WIDTH * 4;

  if (!merge->have_normals || !merge->have_records || self->yearly == NULL || !merge->have_trend)
    return merge_fail (error, NULL, _("a part is missing"));
  for (guint k = 0; k < self->n_years; k++)
    {
      if (!merge->rows_done[k])
        return merge_fail (error, NULL, _("a part of the heat map is missing"));
    }

  self->slopes = g_array_sized_new (FALSE, FALSE, sizeof (double), merge->resamples);
  for (guint c = 0; c < merge->bootstrap_chunks; c++)
    {
      GArray *chunk = merge->chunks[c];

      if (chunk == NULL)
        return merge_fail (error, NULL, _("a part of the bootstrap is missing"));
      g_array_append_vals (self->slopes, chunk->data, chunk->len);
    }
  if (merge->bootstrap_chunks > 0)
    {
      g_autofree double *sorted = g_memdup2 (self->slopes->data, self->slopes->len * sizeof (double));

      if (merge->bootstrap_years != self->trend.n_years)
        return merge_fail (error, NULL, _("the bootstrap and the trend disagree"));
      qsort (sorted, self->slopes->len, sizeof (double), isobar_kernel_compare_doubles);
      self->interval_low = isobar_percentile_sorted (sorted, self->slopes->len, 0.025);
      self->interval_high = isobar_percentile_sorted (sorted, self->slopes->len, 0.975);
    }

  self->heatmap = g_bytes_new_take (g_steal_pointer (&merge->pixels), heatmap_size);
  self->heatmap_digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, self->heatmap);
  self->digest = compute_digest (self, merge->digest_parts);
  return TRUE;
}

IsobarClimateReport *
isobar_climate_report_new_from_outputs (IsobarClimateSeries  *series,
                                        GPtrArray            *jobs,
                                        GPtrArray            *outputs,
                                        GError              **error)
{
  g_autoptr(IsobarClimateReport) self = NULL;
  g_auto(Merge) merge = { 0 };

  g_return_val_if_fail (series != NULL, NULL);
  g_return_val_if_fail (jobs != NULL, NULL);
  g_return_val_if_fail (outputs != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (jobs->len != outputs->len)
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                   _("Cannot assemble the climate report: %u jobs but %u results"),
                   jobs->len, outputs->len);
      return NULL;
    }

  self = g_object_new (ISOBAR_TYPE_CLIMATE_REPORT, NULL);
  self->first_year = isobar_climate_series_get_first_year (series);
  self->n_years = isobar_climate_series_get_n_years (series);
  merge.rows_done = g_new0 (gboolean, self->n_years);
  merge.pixels = g_malloc0 ((gsize) self->n_years * ISOBAR_HEATMAP_WIDTH * 4);
  merge.digest_parts = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  for (guint i = 0; i < jobs->len; i++)
    {
      const IsobarKernelJob *job = g_ptr_array_index (jobs, i);
      GBytes *output = g_ptr_array_index (outputs, i);

      if (job == NULL || output == NULL)
        {
          merge_fail (error, job, _("a result is missing"));
          return NULL;
        }
      if (!merge_one (self, &merge, job, output, error))
        return NULL;
      g_ptr_array_add (merge.digest_parts, g_bytes_ref (output));
    }

  if (!merge_finish (self, &merge, error))
    return NULL;
  return g_steal_pointer (&self);
}
