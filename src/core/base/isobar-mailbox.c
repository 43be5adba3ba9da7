/* isobar-mailbox.c: items handed from any thread to one main context,
 * without taking that context's lock.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib-unix.h>

#include "isobar-mailbox.h"
#include "isobar-wake-pipe.h"

/* A posted item. Posters push onto a list with one compare-and-swap and
 * the context's thread takes the whole list at once, so no poster ever
 * holds anything another thread waits for: a poster preempted in the
 * middle of a post delays only its own item. */
typedef struct _Posted Posted;
struct _Posted
{
  Posted  *next;
  gpointer item;
};

struct _IsobarMailbox
{
  /* The owner's, a delivery's, and each post's while it runs: a post's
   * item may be delivered, and the mailbox freed, before its byte is
   * written. */
  gatomicrefcount    ref_count;
  gboolean           closed;     /* the context's thread */

  Posted            *posted;     /* (atomic) (owned) newest first */
  int                fds[2];     /* [0] the source's, [1] the posters' */
  GSource           *source;     /* (owned) */
  IsobarMailboxFunc  deliver;
  gpointer           user_data;
  GDestroyNotify     item_free;  /* (nullable) */
};

/* Takes every item posted so far, oldest first. */
static Posted *
take_posted (IsobarMailbox *self)
{
  Posted *newest_first = g_atomic_pointer_exchange (&self->posted, NULL);
  Posted *oldest_first = NULL;

  while (newest_first != NULL)
    {
      Posted *next = newest_first->next;

      newest_first->next = oldest_first;
      oldest_first = newest_first;
      newest_first = next;
    }
  return oldest_first;
}

static void
free_posted (IsobarMailbox *self,
             Posted        *list)
{
  while (list != NULL)
    {
      Posted *next = list->next;

      if (self->item_free != NULL)
        self->item_free (list->item);
      g_free (list);
      list = next;
    }
}

static void
mailbox_unref (IsobarMailbox *self)
{
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_pointer (&self->source, g_source_unref);
  free_posted (self, take_posted (self));
  isobar_wake_pipe_close (self->fds);
  g_free (self);
}

static gboolean
on_readable (int          fd,
             GIOCondition condition,
             gpointer     user_data)
{
  IsobarMailbox *self = user_data;
  Posted *list;
  gboolean closed;

  /* The bytes first, then the items: a byte is written after its item is
   * pushed, so an item pushed after the drain has a byte still to read. */
  isobar_wake_pipe_drain (self->fds);

  /* A delivery may free the mailbox: it lives until the loop is done. */
  g_atomic_ref_count_inc (&self->ref_count);
  list = take_posted (self);
  while (!self->closed && list != NULL)
    {
      Posted *posted = list;

      list = posted->next;
      self->deliver (posted->item, self->user_data);
      g_free (posted);
    }
  /* Those after a delivery that freed the mailbox. */
  free_posted (self, list);
  closed = self->closed;
  mailbox_unref (self);

  return closed ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

IsobarMailbox *
isobar_mailbox_new (GMainContext       *context,
                    const char         *name,
                    IsobarMailboxFunc   deliver,
                    gpointer            user_data,
                    GDestroyNotify      item_free,
                    GError            **error)
{
  IsobarMailbox *self;

  g_return_val_if_fail (deliver != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (IsobarMailbox, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->item_free = item_free;
  self->deliver = deliver;
  self->user_data = user_data;

  if (!isobar_wake_pipe_open (self->fds, error))
    {
      mailbox_unref (self);
      return NULL;
    }

  self->source = g_unix_fd_source_new (self->fds[0], G_IO_IN);
  g_source_set_name (self->source, name);
  g_source_set_callback (self->source, G_SOURCE_FUNC (on_readable), self, NULL);
  g_source_attach (self->source, context);

  return self;
}

void
isobar_mailbox_post (IsobarMailbox *self,
                     gpointer       item)
{
  Posted *posted;

  g_return_if_fail (self != NULL);
  g_return_if_fail (item != NULL);

  posted = g_new (Posted, 1);
  posted->item = item;
  g_atomic_ref_count_inc (&self->ref_count);
  do
    posted->next = g_atomic_pointer_get (&self->posted);
  while (!g_atomic_pointer_compare_and_exchange (&self->posted, posted->next, posted));
  isobar_wake_pipe_wake (self->fds);
  mailbox_unref (self);
}

void
isobar_mailbox_free (IsobarMailbox *self)
{
  if (self == NULL)
    return;

  self->closed = TRUE;
  g_source_destroy (self->source);
  mailbox_unref (self);
}
