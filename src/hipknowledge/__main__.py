"""``python -m hipknowledge``: the command line."""

import sys

from hipknowledge.cli import main

sys.exit(main())
