"""Synthetic demonstration data for trying Seri on a laptop (`seri demo`)."""
