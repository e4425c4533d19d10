"""`seri verify`: recheck every hash chain (the audit trail, the evidence custody log, and any
other chained table), and re-hash every stored evidence file.

Exits 0 and prints "audit trail: N rows, chain intact" when each chain is whole; otherwise
names the first bad row of each broken chain and exits 1. Cheap enough to run from cron:
it reads in batches and may run while Seri is writing.

The head printed with `--show-head` (sequence and hash) is worth keeping outside this server.
Given back later as `--anchor SEQUENCE:HASH`, it shows whether the chain up to that row was
rewritten as a whole — which a hash chain kept in one database cannot show by itself.
"""

import re

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from seri.audit.chain import chained_models, verify_all

_ANCHOR = re.compile(r"^(\d+):([0-9a-f]{64})$")


class Command(BaseCommand):
    @property
    def help(self) -> str:  # a property, so that it is translated when it is shown
        return _("Check that the audit trail, and every other hash chain, was not tampered with.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--chain",
            action="append",
            default=[],
            metavar="NAME",
            help=gettext_lazy("Only this chain (e.g. audit.auditevent); may be repeated."),
        )
        parser.add_argument(
            "--anchor",
            action="append",
            default=[],
            metavar="SEQUENCE:HASH",
            help=gettext_lazy(
                "A head noted earlier: the row with this sequence must still have this hash."
            ),
        )
        parser.add_argument(
            "--batch-size", type=int, default=5000, help=gettext_lazy("Rows read at a time.")
        )
        parser.add_argument(
            "--skip-files",
            action="store_true",
            help=gettext_lazy("Do not re-hash the stored evidence files."),
        )
        parser.add_argument(
            "--show-head",
            action="store_true",
            help=gettext_lazy("Also print each chain's head, to be noted somewhere else."),
        )

    def handle(self, *args, chain, anchor, batch_size, show_head, skip_files=False, **options):
        models = chained_models()
        if chain:
            known = {m._meta.label_lower: m for m in models}
            unknown = sorted(set(chain) - known.keys())
            if unknown:
                raise CommandError(
                    _("Unknown chain: %(names)s. Chains: %(known)s")
                    % {"names": ", ".join(unknown), "known": ", ".join(sorted(known))}
                )
            models = [known[name] for name in chain]
        anchors = {}
        for text in anchor:
            match = _ANCHOR.match(text.strip().lower())
            if not match:
                raise CommandError(_("An anchor is SEQUENCE:HASH, e.g. 1234:9f86d0…"))
            anchors[int(match[1])] = match[2]
        if anchors and len(models) != 1:
            raise CommandError(_("Give --chain with --anchor: an anchor belongs to one chain."))

        broken = []
        for report in verify_all(models, batch_size=batch_size, anchors=anchors):
            if report.intact:
                self.stdout.write(
                    ngettext(
                        "%(label)s: %(rows)s row, chain intact",
                        "%(label)s: %(rows)s rows, chain intact",
                        report.rows,
                    )
                    % {"label": report.label, "rows": report.rows}
                )
                if show_head:
                    self.stdout.write(
                        _("%(label)s head: %(sequence)s:%(hash)s")
                        % {
                            "label": report.label,
                            "sequence": report.head_sequence,
                            "hash": report.head_hash,
                        }
                    )
            else:
                broken.append(f"{report.label}: {report.problem}")
        if not chain and not skip_files:
            broken += self._verify_evidence_files()
        if broken:
            raise CommandError("\n".join(broken))

    def _verify_evidence_files(self) -> list[str]:
        """Every stored evidence file re-hashed against the SHA-256 taken when it arrived."""
        from seri.evidence.integrity import verify_files

        problems = []
        for result in verify_files():
            if isinstance(result, int):
                if not problems:
                    self.stdout.write(
                        ngettext(
                            "evidence files: %(count)s file re-hashed, all unchanged",
                            "evidence files: %(count)s files re-hashed, all unchanged",
                            result,
                        )
                        % {"count": result}
                    )
            else:
                problems.append(str(result))
        return problems
