#!/usr/bin/env python
"""Same as the installed ``thidua`` command; kept for Django habits."""

from thidua.cli import main

if __name__ == "__main__":
    main()
