/* isobar-mailbox.h: items handed from any thread to one main context,
 * without taking that context's lock.
 *
 * Attaching a source to a context from another thread (g_idle_add () and
 * the like) takes the context's lock and wakes its thread while holding
 * it. When the posting thread runs at background priority and is
 * preempted there, the context's own thread, woken, blocks on that lock
 * until the poster gets a core back (BENCHMARKS.md §5h, §5j, §5k). A
 * mailbox is one source, attached once, watching a pipe: a post pushes the
 * item on a list without a lock (one compare-and-swap) and writes a byte,
 * and the context's thread takes every item posted, in the order they
 * were posted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _IsobarMailbox IsobarMailbox;

/* Called on @context's thread, once for each item, in the order posted.
 * It may free the mailbox (isobar_mailbox_free ()); no item is delivered
 * after that. */
typedef void (*IsobarMailboxFunc) (gpointer item,
                                   gpointer user_data);

/* NULL, with @error set, when no pipe can be made (no descriptor to spare).
 * @item_free frees the items never delivered. */
IsobarMailbox *isobar_mailbox_new  (GMainContext       *context,
                                    const char         *name,
                                    IsobarMailboxFunc   deliver,
                                    gpointer            user_data,
                                    GDestroyNotify      item_free,
                                    GError            **error);
/* Any thread, while the mailbox is not freed: it may be freed (by a
 * delivery of this very item) before the post returns, and is not touched
 * after. */
void           isobar_mailbox_post (IsobarMailbox      *self,
                                    gpointer            item);
/* @context's thread. Items not delivered yet are freed with @item_free. */
void           isobar_mailbox_free (IsobarMailbox      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsobarMailbox, isobar_mailbox_free)

G_END_DECLS
