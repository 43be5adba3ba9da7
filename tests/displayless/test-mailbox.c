/* test-mailbox.c: items from many threads to one main context, in order,
 * with no source attached per item.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "isobar-mailbox.h"
#include "test-util.h"

#define N_THREADS 4
#define N_ITEMS   2000

typedef struct
{
  guint thread;
  guint serial;
} Item;

typedef struct
{
  IsobarMailbox *mailbox;
  guint          next[N_THREADS];  /* the serial each thread's next item must carry */
  guint          delivered;
  guint          freed;
  guint          free_after;       /* frees the mailbox at this delivery; 0: never */
  GThread       *main_thread;
} Box;

static void
item_free (gpointer data)
{
  Box *box = ((gpointer *) data)[0];

  box->freed++;
  g_free (data);
}

/* Items are { box, Item }: the free function counts. */
static gpointer
item_new (Box   *box,
          guint  thread,
          guint  serial)
{
  gpointer *data = g_malloc0 (sizeof (gpointer) + sizeof (Item));
  Item *item = (Item *) (data + 1);

  data[0] = box;
  item->thread = thread;
  item->serial = serial;
  return data;
}

static void
deliver (gpointer data,
         gpointer user_data)
{
  Box *box = user_data;
  Item *item = (Item *) ((gpointer *) data + 1);

  g_assert_true (g_thread_self () == box->main_thread);
  g_assert_cmpuint (item->serial, ==, box->next[item->thread]);
  box->next[item->thread]++;
  box->delivered++;
  item_free (data);
  if (box->delivered == box->free_after)
    g_clear_pointer (&box->mailbox, isobar_mailbox_free);
}

typedef struct
{
  Box  *box;
  guint thread;
} Poster;

static gpointer
post_thread (gpointer user_data)
{
  Poster *poster = user_data;

  for (guint i = 0; i < N_ITEMS; i++)
    isobar_mailbox_post (poster->box->mailbox, item_new (poster->box, poster->thread, i));
  return NULL;
}

/* Every item arrives once, each thread's in the order posted, on the
 * context's thread; the context sees one source, the mailbox's, however
 * many items came. */
static void
test_order (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSource) before = g_timeout_source_new_seconds (3600);
  g_autoptr(GSource) after = g_timeout_source_new_seconds (3600);
  g_autoptr(GError) error = NULL;
  Box box = { 0 };
  Poster posters[N_THREADS];
  GThread *threads[N_THREADS];
  guint before_id, after_id;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  box.main_thread = g_thread_self ();
  before_id = g_source_attach (before, context);
  box.mailbox = isobar_mailbox_new (context, "test mailbox", deliver, &box, item_free, &error);
  g_assert_no_error (error);
  g_assert_nonnull (box.mailbox);

  for (guint t = 0; t < N_THREADS; t++)
    {
      posters[t] = (Poster) { &box, t };
      threads[t] = g_thread_new ("poster", post_thread, &posters[t]);
    }
  while (box.delivered < N_THREADS * N_ITEMS && g_get_monotonic_time () < deadline)
    g_main_context_iteration (context, TRUE);
  for (guint t = 0; t < N_THREADS; t++)
    g_thread_join (threads[t]);

  g_assert_cmpuint (box.delivered, ==, N_THREADS * N_ITEMS);
  for (guint t = 0; t < N_THREADS; t++)
    g_assert_cmpuint (box.next[t], ==, N_ITEMS);

  /* Source ids count every attach to the context. */
  after_id = g_source_attach (after, context);
  g_assert_cmpuint (after_id - before_id - 1, ==, 1);

  g_clear_pointer (&box.mailbox, isobar_mailbox_free);
  g_source_destroy (before);
  g_source_destroy (after);
}

/* A delivery may free the mailbox: nothing is delivered after it, and the
 * items left are freed, not lost. */
static void
test_freed_by_delivery (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GError) error = NULL;
  Box box = { 0 };

  box.main_thread = g_thread_self ();
  box.free_after = 2;
  box.mailbox = isobar_mailbox_new (context, "test mailbox", deliver, &box, item_free, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 5; i++)
    isobar_mailbox_post (box.mailbox, item_new (&box, 0, i));

  while (box.mailbox != NULL)
    g_main_context_iteration (context, TRUE);
  g_assert_cmpuint (box.delivered, ==, 2);
  g_assert_cmpuint (box.freed, ==, 5);
  /* Nothing of it is left in the context. */
  g_assert_false (g_main_context_pending (context));
}

/* The last item's delivery frees the mailbox while its poster may still be
 * inside isobar_mailbox_post (): the post must not touch it then (the
 * sanitizer build sees any use after free). */
static void
test_freed_while_posting (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();

  for (guint round = 0; round < 200; round++)
    {
      g_autoptr(GError) error = NULL;
      Box box = { 0 };
      Poster poster = { &box, 0 };
      GThread *thread;

      box.main_thread = g_thread_self ();
      box.free_after = N_ITEMS;
      box.mailbox = isobar_mailbox_new (context, "test mailbox", deliver, &box, item_free, &error);
      g_assert_no_error (error);
      thread = g_thread_new ("poster", post_thread, &poster);
      while (box.mailbox != NULL)
        g_main_context_iteration (context, TRUE);
      g_thread_join (thread);
      g_assert_cmpuint (box.delivered, ==, N_ITEMS);
      g_assert_cmpuint (box.freed, ==, N_ITEMS);
    }
}

/* Without a descriptor to spare: NULL and an error in words. */
static void
test_no_pipe (void)
{
  if (g_test_subprocess ())
    {
      GMainContext *context = g_main_context_default ();
      GArray *taken = test_take_all_descriptors ();
      g_autoptr(GError) error = NULL;
      Box box = { 0 };

      box.mailbox = isobar_mailbox_new (context, "test mailbox", deliver, &box, item_free, &error);
      g_assert_null (box.mailbox);
      g_assert_nonnull (error);
      g_printerr ("%s\n", error->message);
      test_give_back_descriptors (taken);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*open files*");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mailbox/order", test_order);
  g_test_add_func ("/mailbox/freed-by-delivery", test_freed_by_delivery);
  g_test_add_func ("/mailbox/freed-while-posting", test_freed_while_posting);
  g_test_add_func ("/mailbox/no-pipe", test_no_pipe);

  return g_test_run ();
}
