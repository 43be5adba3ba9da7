/* isobar-responsiveness-panel.h: being written. */
