"""The scorecard partials used from another Jinja2 environment, as the web dashboard does."""

from __future__ import annotations

from pathlib import Path

import jinja2

import csc_scorecard.render
from csc_scorecard.render.html import configure_environment, template_environment

from .html_tree import HtmlTree, text
from .sample import sample_scorecard

PAGE = "<main>{% include '_scorecard_sections.html.j2' %}</main>"


def test_sections_partial_with_links_and_without_review_flags():
    environment = template_environment(jinja2.DictLoader({"page.html": PAGE}))
    html = environment.get_template("page.html").render(
        scorecard=sample_scorecard(), show_review=False, indicator_url=lambda row: f"/indicator/{row.id}")
    tree = HtmlTree(html)
    links = tree.all("th.label a")
    assert len(links) == 23
    assert links[0].get("href") == "/indicator/referrals_rate"
    assert tree.all(".needs-review") == []  # a viewer's page hides the analysts' flags
    assert tree.all("header.scorecard-header") == []  # the page brings its own header
    assert len(tree.all("tr.indicator-row")) == 23


def test_an_environment_like_the_web_apps_needs_only_configure_environment():
    templates = Path(csc_scorecard.render.__file__).parent / "templates"
    environment = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.DictLoader({"page.html": "{% include '_scorecard.html.j2' %}"}),
                                    jinja2.FileSystemLoader(templates)]),
        autoescape=jinja2.select_autoescape(("html", "j2")),
        undefined=jinja2.StrictUndefined,
    )
    configure_environment(environment)
    tree = HtmlTree(environment.get_template("page.html").render(scorecard=sample_scorecard()))
    assert text(tree.one("h1")) == "Data as at end of December 2023"
    assert len(tree.all(".needs-review")) == 2  # review flags show unless the page turns them off
    assert tree.all("th.label a") == []
