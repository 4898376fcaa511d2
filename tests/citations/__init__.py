"""Tests of the citation checks (plugins/citations)."""
