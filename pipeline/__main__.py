"""`python -m pipeline` is the `nkfigures` command."""

import sys

from pipeline.cli import main

sys.exit(main())
