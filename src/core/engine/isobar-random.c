/* isobar-random.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "isobar-random.h"

guint64
isobar_splitmix64_next (guint64 *state)
{
  guint64 z;

  g_return_val_if_fail (state != NULL, 0);

  z = (*state += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

guint64
isobar_random_derive_seed (guint64 base_seed,
                           guint64 stream)
{
  guint64 stream_state = stream;
  guint64 state = base_seed ^ isobar_splitmix64_next (&stream_state);

  return isobar_splitmix64_next (&state);
}

void
isobar_random_init (IsobarRandom *rng,
                    guint64       seed)
{
  g_return_if_fail (rng != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (rng->s); i++)
    rng->s[i] = isobar_splitmix64_next (&seed);
}

static inline guint64
rotl (guint64 x,
      int     k)
{
  return (x << k) | (x >> (64 - k));
}

guint64
isobar_random_next (IsobarRandom *rng)
{
  guint64 *s = rng->s;
  const guint64 result = rotl (s[1] * 5, 7) * 9;
  const guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);

  return result;
}

guint32
isobar_random_uniform (IsobarRandom *rng,
                       guint32       bound)
{
  guint64 m;
  guint32 low;

  g_return_val_if_fail (bound > 0, 0);

  /* Lemire, "Fast random integer generation in an interval" (2019), on the
   * high 32 bits of each output. */
  m = (isobar_random_next (rng) >> 32) * (guint64) bound;
  low = (guint32) m;
  if (low < bound)
    {
      const guint32 threshold = (guint32) -bound % bound;

      while (low < threshold)
        {
          m = (isobar_random_next (rng) >> 32) * (guint64) bound;
          low = (guint32) m;
        }
    }

  return (guint32) (m >> 32);
}

double
isobar_random_double (IsobarRandom *rng)
{
  return (double) (isobar_random_next (rng) >> 11) * 0x1.0p-53;
}
