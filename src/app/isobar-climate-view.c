/* isobar-climate-view.c: being written. */
