"""Build performance: parallel and cached builds give the site a sequential build gives."""
