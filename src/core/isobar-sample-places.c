/* isobar-sample-places.c: being written. */
