"""Start Case Manager's desktop application: ``python main.py [--db DB]``."""

import sys

from casemanager.cli import main

if __name__ == "__main__":
    sys.exit(main(["gui", *sys.argv[1:]]))
