"""Facts about a measure's history, computed from its numbers: SPC and projection (DESIGN.md)."""
