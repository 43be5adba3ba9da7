/* isobar-pulse.h: being written. */
