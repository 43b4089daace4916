"""The scorecard as one self-contained HTML file (Jinja2 templates), also the source of the PDF.

The file makes no request of any kind: the CSS is inline, the sparklines are inline SVG, fonts
are the reader's own, and a Content-Security-Policy forbids anything else.

Templates (`render/templates`): `report.html.j2` (the document) includes `_scorecard.html.j2`
(header + sections), itself `_scorecard_header.html.j2` and `_scorecard_sections.html.j2`
(one table per section, footnotes), whose cells are the macros of `_scorecard_macros.html.j2`;
then the report's appendix `_scorecard_drivers.html.j2` (what drove each change; the dashboard
shows the same lines on each indicator page instead); the styles are `scorecard.css`. The web dashboard includes either partial in its own layout
after calling `configure_environment` on its Jinja2 environment (with these templates on its
loader), passing `indicator_url` to link the labels and `show_review=False` for viewers. The
templates only lay out what the model says; they compute no figure.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined, select_autoescape

from csc_scorecard.render.sparkline import sparkline_svg
from csc_scorecard.render.spc_icons import ASSURANCE_WORDS, LEGEND, assurance_icon, legend_icon, spc_icons
from csc_scorecard.scorecard.breakdown_tables import compared_labels, largest_contributors, no_contributor_reason
from csc_scorecard.scorecard.model import LA_COLUMNS, POLARITY_LABELS, RAG_LABELS, Row, Scorecard

TEMPLATE_PACKAGE = ("csc_scorecard.render", "templates")

# The columns that show a `Cell` of the row (LA figures and the regional quarterly figures).
CELL_COLUMNS = (*LA_COLUMNS, "regional_la", "regional_region")
# The sub-headings of the published column when the model gives none.
DEFAULT_PUBLISHED_SUBHEADINGS = ("LA", "SN", "Region", "Eng")
DIRECTION_WORDS = {"up": "up", "down": "down", "same": "no change", None: "no direction (a figure is absent)"}
SYNTHETIC_NOTICE = "Synthetic demonstration data: every LA figure is made up"
DRIVERS_TITLE = "Appendix: what drove each change"


def long_date(day: date | datetime) -> str:
    """10 January 2024."""
    return f"{day.day} {day.strftime('%B %Y')}"


def long_datetime(moment: datetime) -> str:
    """10 January 2024, 14:30."""
    return f"{long_date(moment)}, {moment.strftime('%H:%M')}"


def thousands(number: int) -> str:
    """3,452: a count as people read it."""
    return f"{number:,}"


def drivers_intro(scorecard: Scorecard) -> str:
    """The appendix's first paragraph (every output): what its lines are and how to read a share."""
    text = ("For each indicator, the largest contributor to the change in its count (the numerator) in each breakdown: "
            "the category with the largest share of that change. The shares of one breakdown add up to 100%; a share "
            "above 100% means other categories moved the other way.")
    if scorecard.publication:
        text += (" A breakdown with a count of 1 to 5, or one that would reveal such a count, is left out: its hidden "
                 "category could be the largest.")
    return text


def unknown_column(kind: str) -> str:
    """A column kind no template knows is a programming error, never a silently empty column."""
    raise ValueError(f"the scorecard templates do not know the column kind {kind!r}")


def sparkline(row: Row):
    """The row's 13-month trend as inline SVG (templates call this; it draws, never rounds)."""
    return sparkline_svg(row.sparkline, row.label)


def spc_cell(row: Row):
    """The row's SPC icons (templates call this; the icons say in words what they show)."""
    return spc_icons(row.spc)


def configure_environment(environment: Environment) -> Environment:
    """Add the helpers the scorecard templates use to `environment` (also the web app's)."""
    environment.globals.update(
        cell_columns=CELL_COLUMNS,
        default_published_subheadings=DEFAULT_PUBLISHED_SUBHEADINGS,
        direction_words=DIRECTION_WORDS,
        polarity_labels=POLARITY_LABELS,
        rag_labels=RAG_LABELS,
        synthetic_notice=SYNTHETIC_NOTICE,
        sparkline=sparkline,
        spc_cell=spc_cell,
        spc_legend=[(legend_icon(kind), words) for kind, words in LEGEND],
        assurance_legend=[(assurance_icon({"assurance": kind}), words.removeprefix("Assurance: ")) for kind, words in ASSURANCE_WORDS.items()],
        unknown_column=unknown_column,
        largest_contributors=largest_contributors,
        drivers_title=DRIVERS_TITLE,
        drivers_intro=drivers_intro,
        compared_labels=compared_labels,
        no_contributor_reason=no_contributor_reason,
    )
    environment.filters.update(long_date=long_date, long_datetime=long_datetime, thousands=thousands)
    return environment


def template_loader() -> PackageLoader:
    """The loader of the scorecard templates, for a web app to chain after its own."""
    return PackageLoader(*TEMPLATE_PACKAGE)


def template_environment(*extra_loaders) -> Environment:
    """A Jinja2 environment with autoescape on, the scorecard templates and their helpers."""
    environment = Environment(
        loader=ChoiceLoader([*extra_loaders, template_loader()]),
        autoescape=select_autoescape(enabled_extensions=("html", "j2"), default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return configure_environment(environment)


@lru_cache(maxsize=1)
def _report_environment() -> Environment:
    return template_environment()


def render_html(scorecard: Scorecard) -> str:
    """The whole scorecard as one HTML document, with analysts' review flags shown."""
    template = _report_environment().get_template("report.html.j2")
    return template.render(scorecard=scorecard, show_review=True, indicator_url=None)
