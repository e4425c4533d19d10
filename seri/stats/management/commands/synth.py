"""`seri synth --as USER --epsilon 1 --records 10000 -o synthetic.csv`: differentially private
synthetic records of every case (MST), from the command line. The utility report is printed
first (it compares with the true figures: for the coordinator, not for publication). With
`--preview` the records are made (and paid for) but not released; `--release ID` releases a
preview made earlier, here or on the page, and writes it."""

import gzip
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from seri.core.management.options import user_from
from seri.stats import services
from seri.stats.models import SyntheticRelease


class Command(BaseCommand):
    help = "Make differentially private synthetic records of the cases (MST) and write them."

    def add_arguments(self, parser):
        parser.add_argument("--as", dest="username", required=True, help="a coordinator")
        parser.add_argument("--epsilon", type=float, default=1.0)
        parser.add_argument("--records", type=int, default=10000)
        parser.add_argument("-o", "--output", default="seri-synthetic.csv")
        parser.add_argument(
            "--preview", action="store_true", help="make and report, release nothing"
        )
        parser.add_argument("--release", metavar="ID", help="release a preview made earlier")

    def handle(self, *args, **opts):
        user = user_from(opts["username"], required=True)
        try:
            if opts["release"]:
                release = SyntheticRelease.objects.filter(public_id=opts["release"]).first()
                if release is None:
                    raise CommandError(f"no synthetic records {opts['release']}")
            else:
                release = services.synthetic_release_create(
                    actor=user, epsilon=opts["epsilon"], records=opts["records"]
                )
                self.stdout.write(f"Made {release.records:,} records, ε {release.epsilon:.4g}")
                self.stdout.write(f"id {release.public_id}")
                self.stdout.write(json.dumps(release.utility, indent=1, ensure_ascii=False))
                if opts["preview"]:
                    return
            release = services.synthetic_release_publish(actor=user, release=release)
        except PermissionError:
            raise CommandError(f"{user} may not make synthetic records (coordinators)") from None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        Path(opts["output"]).write_bytes(gzip.decompress(bytes(release.csv_gzip)))
        self.stdout.write(f"Wrote {opts['output']}")
