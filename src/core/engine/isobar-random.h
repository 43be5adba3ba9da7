/* isobar-random.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A fixed, well-known pseudo-random generator, so that the kernels' results
 * are the same bit for bit on every machine, in every process and whatever
 * GLib's GRand or libc's rand() do:
 *
 * - splitmix64 (Steele, Lea, Flood 2014; Vigna's reference C code) to derive
 *   seeds and to expand one 64-bit seed into a generator state;
 * - xoshiro256** 1.0 (Blackman, Vigna 2018) as the generator.
 *
 * An IsobarRandom is a plain value on the stack: no allocation, no locking;
 * one per job. */
typedef struct
{
  guint64 s[4];
} IsobarRandom;

/* One step of splitmix64: advances *state and returns the next output. */
guint64 isobar_splitmix64_next     (guint64      *state);

/* The seed of stream @stream (e.g. a chunk index) of @base_seed:
 * the first splitmix64 output from the state
 * base_seed ^ splitmix64 (stream)'s first output. Distinct streams give
 * unrelated seeds; the same pair always gives the same seed. */
guint64 isobar_random_derive_seed  (guint64       base_seed,
                                    guint64       stream);

/* Fills the four state words with four splitmix64 outputs from @seed, as the
 * xoshiro authors recommend (never all zero). */
void    isobar_random_init         (IsobarRandom *rng,
                                    guint64       seed);
guint64 isobar_random_next         (IsobarRandom *rng);
/* Uniform in [0, @bound) without bias (Lemire's multiply-and-reject);
 * @bound must not be 0. */
guint32 isobar_random_uniform      (IsobarRandom *rng,
                                    guint32       bound);
/* Uniform in [0, 1) with 53 random bits. */
double  isobar_random_double       (IsobarRandom *rng);

G_END_DECLS
