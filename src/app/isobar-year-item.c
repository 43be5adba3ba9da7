/* isobar-year-item.c: being written. */
