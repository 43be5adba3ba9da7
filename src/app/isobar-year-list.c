/* isobar-year-list.c: being written. */
