/* isobar-year-list.h: being written. */
