"""`python -m panelist` runs the same command line as the `panelist` script."""

from panelist.cli.app import main

main()
