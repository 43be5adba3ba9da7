/* isobar-climate-view.h: being written. */
