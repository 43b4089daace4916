"""`python -m csc_scorecard` is the `scorecard` command."""

from csc_scorecard.cli import main

main()
