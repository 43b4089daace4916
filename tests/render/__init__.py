"""Tests of the renderers (HTML, PDF, Excel, JSON) on the hand-built reference scorecard of sample.py."""
