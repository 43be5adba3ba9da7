/* isobar-preset.c: being written. */
