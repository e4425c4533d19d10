"""Seri: case management for organisations responding to trafficking into scam compounds."""
