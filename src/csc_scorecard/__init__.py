"""csc-scorecard: the monthly children's social care scorecard from Annex A lists and DfE statistics."""

__version__ = "0.1.0"
