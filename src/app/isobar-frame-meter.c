/* isobar-frame-meter.c: being written. */
