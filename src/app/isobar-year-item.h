/* isobar-year-item.h: being written. */
