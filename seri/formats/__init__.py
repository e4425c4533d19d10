"""Date and time formats where Django's own are not what Seri's users write (FORMAT_MODULE_PATH).
English: day before month, or ISO 8601, never the US month/day order that reads as another
date in South-East Asia (12/03/2026 is 12 March there)."""
