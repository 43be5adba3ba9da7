/* isobar-pulse.c: being written. */
