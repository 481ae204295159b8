"""The codebook of themes, coding answers with them, and two coders compared."""
