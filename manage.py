#!/usr/bin/env python
"""Django's command-line utility; the installed ``passerelles`` script does the same."""

from passerelles.cli import main

if __name__ == "__main__":
    main()
