/* isobar-responsiveness-panel.c: being written. */
