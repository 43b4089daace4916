"""The tidy export: the scorecard's figures as a star schema for Power BI and Excel (`scorecard export`)."""
