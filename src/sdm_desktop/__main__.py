import sys

from sdm_desktop.cli import main

sys.exit(main())
