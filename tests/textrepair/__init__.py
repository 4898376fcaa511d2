"""Tests of the text repair library (``plugins/textrepair``)."""
