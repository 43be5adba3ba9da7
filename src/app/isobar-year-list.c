/* isobar-year-list.c: a climate report's years as a lazy list model.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "isobar-year-list.h"

struct _IsobarYearList
{
  GObject              parent_instance;

  /* Owned */
  IsobarClimateReport *report;
  GPtrArray           *items;      /* IsobarYearItem or NULL, by position */
  guint                n_created;
};

static void isobar_year_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (IsobarYearList, isobar_year_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, isobar_year_list_model_init))

static GType
isobar_year_list_get_item_type (GListModel *model)
{
  return ISOBAR_TYPE_YEAR_ITEM;
}

static guint
isobar_year_list_get_n_items (GListModel *model)
{
  IsobarYearList *self = ISOBAR_YEAR_LIST (model);

  return self->items->len;
}

static gpointer
isobar_year_list_get_item (GListModel *model,
                           guint       position)
{
  IsobarYearList *self = ISOBAR_YEAR_LIST (model);
  const IsobarYearRow *rows;
  guint n_rows;

  if (position >= self->items->len)
    return NULL;

  if (g_ptr_array_index (self->items, position) == NULL)
    {
      rows = isobar_climate_report_get_yearly (self->report, &n_rows);
      g_assert (n_rows == self->items->len);

      /* Newest first: position 0 is the last row. */
      g_ptr_array_index (self->items, position) = isobar_year_item_new (&rows[n_rows - 1 - position]);
      self->n_created++;
    }

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
isobar_year_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = isobar_year_list_get_item_type;
  iface->get_n_items = isobar_year_list_get_n_items;
  iface->get_item = isobar_year_list_get_item;
}

static void
isobar_year_list_finalize (GObject *object)
{
  IsobarYearList *self = ISOBAR_YEAR_LIST (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_object (&self->report);

  G_OBJECT_CLASS (isobar_year_list_parent_class)->finalize (object);
}

static void
isobar_year_list_class_init (IsobarYearListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = isobar_year_list_finalize;
}

/* Slots not made yet are NULL. */
static void
unref_item (gpointer item)
{
  if (item != NULL)
    g_object_unref (item);
}

static void
isobar_year_list_init (IsobarYearList *self)
{
  self->items = g_ptr_array_new_with_free_func (unref_item);
}

IsobarYearList *
isobar_year_list_new (IsobarClimateReport *report)
{
  IsobarYearList *self;

  g_return_val_if_fail (report == NULL || ISOBAR_IS_CLIMATE_REPORT (report), NULL);

  self = g_object_new (ISOBAR_TYPE_YEAR_LIST, NULL);
  isobar_year_list_set_report (self, report);

  return self;
}

void
isobar_year_list_set_report (IsobarYearList      *self,
                             IsobarClimateReport *report)
{
  guint removed, added = 0;

  g_return_if_fail (ISOBAR_IS_YEAR_LIST (self));
  g_return_if_fail (report == NULL || ISOBAR_IS_CLIMATE_REPORT (report));

  removed = self->items->len;
  g_set_object (&self->report, report);
  g_ptr_array_set_size (self->items, 0);
  self->n_created = 0;

  if (report != NULL)
    isobar_climate_report_get_yearly (report, &added);
  /* Sets the new slots to NULL. */
  g_ptr_array_set_size (self->items, added);

  if (removed > 0 || added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, added);
}

IsobarClimateReport *
isobar_year_list_get_report (IsobarYearList *self)
{
  g_return_val_if_fail (ISOBAR_IS_YEAR_LIST (self), NULL);

  return self->report;
}

guint
isobar_year_list_get_n_created (IsobarYearList *self)
{
  g_return_val_if_fail (ISOBAR_IS_YEAR_LIST (self), 0);

  return self->n_created;
}
