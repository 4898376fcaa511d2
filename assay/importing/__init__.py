"""Bring articles in as briefs: single articles (text or HTML) and WordPress exports."""
