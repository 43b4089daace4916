"""The dashboard's routes, one module per area: auth, scorecard (with indicator and
drill-through), upload, analysis, sign-off and the audit log."""
