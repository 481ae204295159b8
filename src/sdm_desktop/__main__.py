"""``python -m sdm_desktop``: the command line (and the window)."""

import multiprocessing
import sys

from sdm_desktop.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()    # a frozen app starts the letters worker by running itself again
    sys.exit(main())
