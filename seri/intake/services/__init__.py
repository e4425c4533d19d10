"""Every write in intake, by topic (each checks permission via seri/intake/permissions.py and
audits inside its transaction):

- reports: `report_create`, `intake_record`, `report_case_attach` (the one way a report goes on
  a case: its link, the case's timeline and the audit row)
- attachments: `attachment_store` (hashed with SHA-256, stored once)
- triage: `triage_dismiss`, `triage_attach`, `triage_open_case`
- public: the public form's `public_report_submit`, `public_report_add`
- openrosa: `device_credential_create`/`_revoke`, `device_authenticate`, `submission_receive`
- bulk: `report_create_many`, the one bulk report writer of the chat and spreadsheet importers
- imports: `import_execute`, `import_run_start`, `import_run_execute`, `spreadsheet_mapping_save`
- exports: `reports_export` (an organisation's reports as CSV/XLSX, audited)
"""

from seri.intake.services.reports import (
    MAX_ATTACHMENT_BYTES,
    ReportInput,
    intake_record,
    report_case_attach,
    report_create,
)

__all__ = [
    "MAX_ATTACHMENT_BYTES",
    "ReportInput",
    "intake_record",
    "report_case_attach",
    "report_create",
]
