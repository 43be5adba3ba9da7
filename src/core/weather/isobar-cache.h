/* isobar-cache.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "isobar-location.h"
#include "isobar-units.h"

G_BEGIN_DECLS

#define ISOBAR_TYPE_CACHE (isobar_cache_get_type ())

G_DECLARE_FINAL_TYPE (IsobarCache, isobar_cache, ISOBAR, CACHE, GObject)

/* The last good response bodies on disk, one file per key in @directory
 * (created on first store; the app uses g_get_user_cache_dir()/isobar).
 * Stores are atomic (write to a temporary file, then rename), so a crash never
 * leaves half a file. The file's modification time is when it was stored. */
IsobarCache *isobar_cache_new                  (const char           *directory);
const char  *isobar_cache_get_directory        (IsobarCache          *self);
/* A file-name-safe key for a place's forecast in given units. */
char        *isobar_cache_key_for_forecast     (IsobarLocation       *location,
                                                IsobarUnits           units);
void         isobar_cache_store_async          (IsobarCache          *self,
                                                const char           *key,
                                                GBytes               *body,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean     isobar_cache_store_finish         (IsobarCache          *self,
                                                GAsyncResult         *result,
                                                GError              **error);
void         isobar_cache_load_async           (IsobarCache          *self,
                                                const char           *key,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
/* G_IO_ERROR_NOT_FOUND when nothing is stored under the key.
 * @stored_at: (out) (optional): when it was stored (local time zone). */
GBytes      *isobar_cache_load_finish          (IsobarCache          *self,
                                                GAsyncResult         *result,
                                                GDateTime           **stored_at,
                                                GError              **error);
/* An entry that could not be read (corrupt, truncated, not ours) is moved
 * aside to "<key>.unreadable" (replacing the one set aside before), where
 * it can be looked at, and the key is free for a fresh copy. Returns the
 * path it was moved to. */
void         isobar_cache_set_aside_async      (IsobarCache          *self,
                                                const char           *key,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
char        *isobar_cache_set_aside_finish     (IsobarCache          *self,
                                                GAsyncResult         *result,
                                                GError              **error);

G_END_DECLS
