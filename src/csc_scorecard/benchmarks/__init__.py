"""Published benchmarks: LA value, statistical-neighbour mean, region, England, Q1/Q3 and band.

`sources` maps each scorecard measure to its published counterpart per release; `importer`
builds the compact data (`shipped`) from DfE's files; `table` reads it for any LA; `compute`
holds the arithmetic; `own_values` reads a user's own figures; `console` prints a table.
"""
