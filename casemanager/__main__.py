import sys

from casemanager.cli import main

sys.exit(main())
