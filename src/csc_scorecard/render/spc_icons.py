"""A row's SPC reading as two small icons, drawn here in the project's own SVG (issue #15 item 8).

The shapes follow NHS England's "Making Data Count" icons in spirit, drawn from scratch: a
circle in the variation's colour holding a run of dots (common cause) or the letter H or L (the
latest month unusually high or low); a second circle for assurance against the target holding
P (pass), F (fail) or ? (hit and miss). MDC colours: grey #a6a6a6, improvement #00b0f0, concern
#e46c0a, neither #490092. Each SVG has role="img" and a <title>: the text alternative says in
words what the icon shows. Drawing attributes are inline so the PDF's SVG renderer draws them.
"""

from __future__ import annotations

from html import escape

from markupsafe import Markup

SIZE = 22
GREY = "#a6a6a6"
COLOURS = {"common_cause": GREY, "improvement": "#00b0f0", "concern": "#e46c0a", "neither": "#490092"}
ASSURANCE_COLOURS = {"pass": COLOURS["improvement"], "fail": COLOURS["concern"], "hit_and_miss": GREY}
ASSURANCE_LETTERS = {"pass": "P", "fail": "F", "hit_and_miss": "?"}
ASSURANCE_WORDS = {
    "pass": "Assurance: at its usual variation it will consistently meet the target",
    "fail": "Assurance: at its usual variation it will consistently miss the target",
    "hit_and_miss": "Assurance: at its usual variation it will sometimes meet and sometimes miss the target",
}
VARIATION_WORDS = {
    "common_cause": "Common cause variation: no significant change",
    "improvement": "Special cause improvement: the latest month is unusually {side}",
    "concern": "Special cause concern: the latest month is unusually {side}",
    "neither": "Special cause variation: the latest month is unusually {side}, neither better nor worse",
}
# The legend's words for each icon, in the order the legend shows them.
LEGEND = (
    ("common_cause", "common cause: no significant change"),
    ("improvement", "special cause improvement (H high, L low)"),
    ("concern", "special cause concern"),
    ("neither", "special cause, neither better nor worse"),
)


# Excel and Word show the reading as words in a cell filled with the icon's colour (a reader can
# sort and filter them); the text colour on each fill has a contrast of at least 6:1.
TEXT_ON = {GREY: "#0b0c0c", "#00b0f0": "#0b0c0c", "#e46c0a": "#0b0c0c", "#490092": "#ffffff"}
VARIATION_LABELS = {"common_cause": "Common cause", "improvement": "Improvement ({side})",
                    "concern": "Concern ({side})", "neither": "Special cause ({side})"}
ASSURANCE_LABELS = {"pass": "Pass", "fail": "Fail", "hit_and_miss": "Hit and miss"}


# The key to those cells (Excel and Word), as the HTML legend says it with icons.
LABELS_KEY = ("SPC (Making Data Count, on the 24 monthly figures; the latest month): Common cause: no significant change; "
              "Improvement or Concern (high or low): a special cause, better or worse; Special cause: neither better "
              "nor worse. Against the target: Pass: at its usual variation it will consistently meet it; Fail: it will "
              "consistently miss it; Hit and miss: it will sometimes meet and sometimes miss it.")


def variation_label(spc: dict | None) -> tuple[str, str] | None:
    """The variation as a cell says it ("Concern (high)") and its colour; None without SPC."""
    variation = (spc or {}).get("variation")
    if variation not in COLOURS:
        return None
    side = "" if variation == "common_cause" else latest_side(spc)
    return VARIATION_LABELS[variation].format(side=side), COLOURS[variation]


def assurance_label(spc: dict | None) -> tuple[str, str] | None:
    """The assurance as a cell says it ("Hit and miss") and its colour; None without a target."""
    assurance = (spc or {}).get("assurance")
    if assurance not in ASSURANCE_COLOURS:
        return None
    return ASSURANCE_LABELS[assurance], ASSURANCE_COLOURS[assurance]


def latest_side(spc: dict) -> str:
    """`high` or `low`: the latest charted month against the mean (on the mean: against the month before)."""
    known = [p["value"] for p in spc["points"] if p["value"] is not None]
    latest = known[-1]
    if latest != spc["mean"] or len(known) < 2:
        return "high" if latest > spc["mean"] else "low"
    return "high" if latest > known[-2] else "low"


def _svg(colour: str, inner: str, title: str, kind: str) -> Markup:
    half = SIZE / 2
    return Markup(
        f'<svg class="spc-icon spc-{kind}" role="img" width="{SIZE}" height="{SIZE}" viewBox="0 0 {SIZE} {SIZE}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        f'<circle cx="{half}" cy="{half}" r="{half - 1.5}" fill="#ffffff" stroke="{colour}" stroke-width="2"/>'
        f"{inner}</svg>"
    )


def _letter(letter: str, colour: str) -> str:
    return (f'<text x="{SIZE / 2}" y="{SIZE / 2 + 4}" text-anchor="middle" font-family="Arial, sans-serif" '
            f'font-size="11" font-weight="bold" fill="{colour}">{escape(letter)}</text>')


def _dots(colour: str) -> str:
    """A run of five dots wandering around a line: month-to-month noise."""
    heights = (12, 9, 13, 10, 11)
    return "".join(f'<circle cx="{5 + 3 * i}" cy="{y}" r="1.3" fill="{colour}"/>' for i, y in enumerate(heights))


def variation_icon(spc: dict) -> Markup | None:
    variation = spc.get("variation")
    if variation not in COLOURS:
        return None
    colour = COLOURS[variation]
    if variation == "common_cause":
        return _svg(colour, _dots(colour), VARIATION_WORDS[variation], variation)
    side = latest_side(spc)
    return _svg(colour, _letter("H" if side == "high" else "L", colour), VARIATION_WORDS[variation].format(side=side), variation)


def assurance_icon(spc: dict) -> Markup | None:
    assurance = spc.get("assurance")
    if assurance not in ASSURANCE_COLOURS:
        return None
    colour = ASSURANCE_COLOURS[assurance]
    return _svg(colour, _letter(ASSURANCE_LETTERS[assurance], colour), ASSURANCE_WORDS[assurance], assurance)


def spc_icons(spc: dict | None) -> Markup:
    """The row's icons (variation, then assurance when there is a target), or "" without a chart."""
    if not spc:
        return Markup("")
    return Markup("").join(icon for icon in (variation_icon(spc), assurance_icon(spc)) if icon)


def legend_icon(variation: str) -> Markup:
    """One variation icon for the legend (special causes shown as H); assurance_icon({"assurance":
    ...}) draws the legend's assurance icons."""
    colour = COLOURS[variation]
    inner = _dots(colour) if variation == "common_cause" else _letter("H", colour)
    return _svg(colour, inner, dict(LEGEND)[variation], variation)
