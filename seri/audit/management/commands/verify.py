"""`seri verify`: recheck every hash chain (the audit trail, the evidence custody log, and any
other chained table), and re-hash every stored file (evidence files and their shareable
copies, report attachments, import uploads still waiting).

Exits 0 and prints "audit trail: N rows, chain intact" when each chain is whole; otherwise
names the first bad row of each broken chain, and each bad file, and exits 1. Cheap enough to
run from cron: it reads in batches and may run while Seri is writing.

By default each chain is also checked against the latest anchor that `seri anchor` wrote to
SERI_ANCHOR_DIR (seri.audit.anchors): the anchored row must still be there with the same
hash, so the newest rows deleted with the head moved back, or a chain rewritten as a whole,
are caught. `--anchor-file` checks against another anchor file (one kept elsewhere);
`--no-anchor` skips it. A head noted by hand (`--show-head`) can still be given back as
`--anchor SEQUENCE:HASH` with `--chain`.
"""

import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from seri.audit import anchors as anchor_files
from seri.audit.chain import chain_all_pending, chained_models

MAX_LISTED = 50
_ANCHOR = re.compile(r"^(\d+):([0-9a-f]{64})$")


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]  # a property, so that it is translated when it is shown
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
            help=gettext_lazy("Do not re-hash the stored files (evidence, attachments, uploads)."),
        )
        parser.add_argument(
            "--anchor-file",
            default="",
            metavar="PATH",
            help=gettext_lazy("Check against this anchor file instead of the latest one."),
        )
        parser.add_argument(
            "--no-anchor",
            action="store_true",
            help=gettext_lazy("Do not check against the latest anchor in SERI_ANCHOR_DIR."),
        )
        parser.add_argument(
            "--no-chain",
            action="store_true",
            help=gettext_lazy(
                "Do not chain the audit rows waiting for the sequencer first (read only)."
            ),
        )
        parser.add_argument(
            "--show-head",
            action="store_true",
            help=gettext_lazy("Also print each chain's head, to be noted somewhere else."),
        )

    def handle(
        self,
        *args,
        chain,
        anchor,
        batch_size,
        show_head,
        skip_files=False,
        anchor_file="",
        no_anchor=False,
        no_chain=False,
        **options,
    ):
        models = self._models(chain)
        anchors = {}
        for text in anchor:
            match = _ANCHOR.match(text.strip().lower())
            if not match:
                raise CommandError(_("An anchor is SEQUENCE:HASH, e.g. 1234:9f86d0…"))
            anchors[int(match[1])] = match[2]
        if anchors and len(models) != 1:
            raise CommandError(_("Give --chain with --anchor: an anchor belongs to one chain."))
        latest = None if no_anchor else self._latest_anchor(anchor_file)

        if not no_chain:
            # What waits for the sequencer is chained first; a row it refuses is reported below.
            chain_all_pending()
        broken = []
        results = anchor_files.verify_chains(
            models, anchor=latest, extra=anchors, batch_size=batch_size
        )
        for _name, report in results:
            if report.intact:
                self._intact(report, show_head)
            else:
                broken.append(f"{report.label}: {report.problem}")
        if latest is not None:
            broken += self._unknown_chains(latest)
        if not chain and not skip_files:
            broken += self._verify_files()
        if broken:
            raise CommandError("\n".join(broken))

    def _models(self, chain: list[str]) -> list:
        models = chained_models()
        if not chain:
            return models
        known = {m._meta.label_lower: m for m in models}
        unknown = sorted(set(chain) - known.keys())
        if unknown:
            raise CommandError(
                _("Unknown chain: %(names)s. Chains: %(known)s")
                % {"names": ", ".join(unknown), "known": ", ".join(sorted(known))}
            )
        return [known[name] for name in chain]

    def _latest_anchor(self, anchor_file: str) -> anchor_files.Anchor | None:
        latest: anchor_files.Anchor | None
        try:
            if anchor_file:
                latest = anchor_files.read(Path(anchor_file))
            else:
                directory = anchor_files.anchor_directory()
                latest = anchor_files.latest(directory) if directory is not None else None
        except anchor_files.AnchorError as exc:
            raise CommandError(str(exc)) from None
        if latest is not None:
            self.stdout.write(
                _("Checked against the anchor written at %(when)s (%(source)s).")
                % {"when": latest.written_at, "source": latest.source}
            )
        return latest

    def _unknown_chains(self, latest) -> list[str]:
        installed = {m._meta.label_lower for m in chained_models()}
        return [
            _("the anchor has a head for %(name)s, which is not a chain of this installation")
            % {"name": name}
            for name in sorted(set(latest.heads) - installed)
        ]

    def _intact(self, report, show_head: bool) -> None:
        self.stdout.write(
            ngettext(
                "%(label)s: %(rows)s row, chain intact",
                "%(label)s: %(rows)s rows, chain intact",
                report.rows,
            )
            % {"label": report.label, "rows": report.rows}
        )
        if report.unchained:
            self.stdout.write(
                ngettext(
                    "%(label)s: %(count)s newer row not chained yet, its content unchanged",
                    "%(label)s: %(count)s newer rows not chained yet, their content unchanged",
                    report.unchained,
                )
                % {"label": report.label, "count": report.unchained}
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

    @staticmethod
    def _files_fine(label, count: int, *, rehashed: bool) -> str:
        if not rehashed:
            return ngettext(
                "%(label)s: %(count)s file present",
                "%(label)s: %(count)s files present",
                count,
            ) % {"label": label, "count": count}
        return ngettext(
            "%(label)s: %(count)s file re-hashed, all unchanged",
            "%(label)s: %(count)s files re-hashed, all unchanged",
            count,
        ) % {"label": label, "count": count}

    def _verify_files(self) -> list[str]:
        """Every stored file re-hashed against the SHA-256 taken when it arrived; each kind
        says how many were checked, or lists its bad files (the first named first)."""
        from seri.evidence import integrity

        problems: list[str] = []
        for label, check, rehashed in integrity.FILE_CHECKS:
            found: list[str] = []
            for result in check():
                if isinstance(result, int):
                    if not found:
                        self.stdout.write(self._files_fine(label, result, rehashed=rehashed))
                    elif len(found) > MAX_LISTED:
                        found[MAX_LISTED:] = [
                            _("… and %(more)s more bad files") % {"more": len(found) - MAX_LISTED}
                        ]
                else:
                    found.append(str(result))
            problems += found
        return problems
