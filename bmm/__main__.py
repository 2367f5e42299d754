"""``python -m bmm`` = ``bmm``."""

import sys

from bmm.cli import main

sys.exit(main())
