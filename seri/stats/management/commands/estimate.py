"""`seri estimate HISTORIES.csv [--model 'a*b + b*c'] [--json]`: multiple systems estimation.

Without a file, the lists are Seri's own: one list per organisation, people linked across
organisations by the duplicate-detection results (seri.stats.services.seri_capture_histories).
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from seri.stats import mse


class Command(BaseCommand):
    help = "Estimate the hidden total from overlapping lists (multiple systems estimation)."

    def add_arguments(self, parser):
        parser.add_argument(
            "histories",
            nargs="?",
            help="CSV: a header of list names and a last column `count`, one row per "
            "combination of lists (1 = on that list). Without it: Seri's own lists.",
        )
        parser.add_argument("--model", help="fit this model, e.g. 'a*b + b*c'")
        parser.add_argument(
            "--selection",
            choices=["stepwise", "aic", "bic"],
            default="stepwise",
            help="how to choose the model when --model is not given (default: stepwise)",
        )
        parser.add_argument("--max-order", type=int, default=2, help="for aic/bic selection")
        parser.add_argument("--bootstrap", type=int, default=500, help="resamples (0: Wald)")
        parser.add_argument("--seed", type=int, default=2015)
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, **opts):
        if opts["histories"]:
            path = Path(opts["histories"])
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
            try:
                histories = mse.read_histories_csv(path.read_text(encoding="utf-8"))
            except mse.EstimateRefused as exc:
                raise CommandError(f"{path}: {exc}") from None
            source = str(path)
        else:
            from seri.stats.services import seri_capture_histories

            histories = seri_capture_histories()
            source = "Seri's lists (one per organisation, linked identities)"
        try:
            result = mse.estimate(
                histories,
                model=opts["model"],
                selection=opts["selection"],
                max_order=opts["max_order"],
                bootstrap=opts["bootstrap"],
                seed=opts["seed"],
            )
        except mse.EstimateRefused as exc:
            if opts["json"]:
                self.stdout.write(json.dumps({"source": source, "refused": str(exc)}))
                raise SystemExit(2) from None
            raise CommandError(f"No estimate: {exc}") from None
        if opts["json"]:
            self.stdout.write(json.dumps({"source": source, **result.as_dict()}, indent=2))
            return
        d = result.as_dict()
        lo, hi = d["interval"]
        self.stdout.write(f"Lists:            {', '.join(d['lists'])}  ({source})")
        self.stdout.write(f"Observed:         {d['observed']:,}")
        self.stdout.write(f"Model:            {d['model']}  [{d['selection']}]")
        self.stdout.write(f"Estimated total:  {d['estimate']:,.0f}")
        level = int(d["level"] * 100)
        self.stdout.write(f"{level}% interval:     {lo:,.0f} to {hi:,.0f}")
        self.stdout.write(f"                  ({d['interval_method']})")
        wlo, whi = d["wald_interval"]
        self.stdout.write(f"Wald interval:    {wlo:,.0f} to {whi:,.0f}")
        self.stdout.write(f"AIC {d['aic']:.1f}  BIC {d['bic']:.1f}  deviance {d['deviance']:.1f}")
        for note in d["warnings"]:
            self.stdout.write(self.style.WARNING(f"Warning: {note}"))
