"""Intake's pages, by topic: intake (the intake form, a report on a case), triage, imports
(and the reports export), devices (OpenRosa credentials), public (the public report form) and
openrosa (the endpoints ODK Collect talks to). Thin: forms in seri/intake/forms.py, writes in
seri/intake/services/, reads in seri/intake/selectors.py."""
