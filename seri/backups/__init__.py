"""Encrypted backups of the database and the stored files: `seri backup`, `seri restore`."""
