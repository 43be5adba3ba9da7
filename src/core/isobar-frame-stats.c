/* isobar-frame-stats.c: being written. */
