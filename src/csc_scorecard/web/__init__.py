"""The web dashboard (`scorecard serve`): login and roles, the scorecard and indicator pages,
drill-through to the children behind a figure, upload of an extract, analysis editing, sign-off
and the audit log. `app.create_app` builds it; `views` is its only door to the builder and the
measures.
"""
