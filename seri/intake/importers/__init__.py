"""Importers: one module per source (telegram, whatsapp, spreadsheet, openrosa)."""
