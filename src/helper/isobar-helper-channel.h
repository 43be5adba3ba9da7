/* isobar-helper-channel.h: the helper's side of the pipes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "isobar-packet.h"

G_BEGIN_DECLS

/* Packets come in on one descriptor (stdin) and go out on another (a copy
 * of the original stdout; fd 1 itself is pointed at stderr so that a stray
 * printf cannot corrupt the stream). One job runs at a time: while it runs,
 * checkpoint() looks for a cancel packet and the end of stdin without
 * blocking, and sends progress at most every ISOBAR_HELPER_PROGRESS_INTERVAL_US. */
typedef struct _IsobarHelperChannel IsobarHelperChannel;

#define ISOBAR_HELPER_PROGRESS_INTERVAL_US (50 * G_TIME_SPAN_MILLISECOND)

IsobarHelperChannel *isobar_helper_channel_new         (int                   in_fd,
                                                        int                   out_fd,
                                                        gsize                 max_payload);
void                 isobar_helper_channel_free        (IsobarHelperChannel  *self);
gsize                isobar_helper_channel_get_max_payload (IsobarHelperChannel *self);

/* Writes a whole encoded packet (blocking). If the app is gone (EPIPE) the
 * helper exits at once: nobody is left to answer. */
void                 isobar_helper_channel_send        (IsobarHelperChannel  *self,
                                                        GBytes               *packet);
/* Writes raw bytes: fault injection only. */
void                 isobar_helper_channel_send_raw    (IsobarHelperChannel  *self,
                                                        const void           *data,
                                                        gsize                 length);

/* The next packet, waiting for it. NULL without error at the end of stdin;
 * NULL with an error when the stream is not made of valid packets. */
IsobarPacket        *isobar_helper_channel_next_packet (IsobarHelperChannel  *self,
                                                        GError              **error);

/* Around one job. */
void                 isobar_helper_channel_begin_job   (IsobarHelperChannel  *self,
                                                        guint64               job_id);
void                 isobar_helper_channel_end_job     (IsobarHelperChannel  *self);
guint64              isobar_helper_channel_get_job_id  (IsobarHelperChannel  *self);

/* The kernels' checkpoint (see IsobarJobContextFuncs). FALSE with
 * G_IO_ERROR_CANCELLED when the app cancelled the job or closed stdin, or
 * with the protocol error when it sent something unreadable. */
gboolean             isobar_helper_channel_checkpoint  (gpointer              self,
                                                        double                fraction_done,
                                                        GError              **error);

/* Seen during the last job: stdin ended, or the stream broke (that error). */
gboolean             isobar_helper_channel_saw_eof     (IsobarHelperChannel  *self);
const GError        *isobar_helper_channel_get_stream_error (IsobarHelperChannel *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsobarHelperChannel, isobar_helper_channel_free)

G_END_DECLS
