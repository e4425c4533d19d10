"""`seri estimate HISTORIES.csv [--model 'a*b + b*c'] [--selection stepwise|aic|bic]
[--max-order 2] [--pthresh 0.02] [--bootstrap 500] [--bca] [--ntop N] [--merge A,B] [--omit C]
[--average] [--json]`: multiple systems estimation.

Without a file, the lists are Seri's own: one list per organisation, people linked across
organisations by the duplicate-detection results (seri.stats.services.seri_capture_histories).

Every refusal (a file that cannot be read, a row or value that is wrong, a setting out of
range, data that cannot carry an estimate) names the file, row and column where they apply,
exits with code 2 and, with --json, prints one shape: {"source": …, "refused": {"message",
"file", "row", "column"}}.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from seri.stats import mse

EXIT_REFUSED = 2


class Command(BaseCommand):
    help = "Estimate the hidden total from overlapping lists (multiple systems estimation)."

    def add_arguments(self, parser):
        parser.add_argument(
            "histories",
            nargs="?",
            help="CSV (UTF-8 or UTF-16): a header of list names and a last column `count`, one "
            "row per combination of lists (1 = on that list). Without it: Seri's own lists.",
        )
        parser.add_argument("--model", help="fit this model, e.g. 'a*b + b*c'")
        parser.add_argument(
            "--selection",
            default="stepwise",
            help="stepwise (SparseMSE, the default), aic or bic (the estimable model with the "
            "lowest criterion)",
        )
        parser.add_argument(
            "--max-order", default="2", help="highest order of interaction searched (at least 1)"
        )
        parser.add_argument(
            "--pthresh",
            default=str(mse.DEFAULT_PTHRESH),
            help="stepwise: add a term while its Poisson p-value is below this (SparseMSE's "
            "pthresh; 0: main effects only)",
        )
        parser.add_argument(
            "--bootstrap", default="500", help="resamples, at least 100 (0: Wald interval)"
        )
        parser.add_argument(
            "--bca",
            action="store_true",
            help="BCa interval of SparseMSE's estimatepopulation: multinomial resamples, the "
            "model chosen again on each, jackknife acceleration",
        )
        parser.add_argument(
            "--ntop",
            default=None,
            help="with --bca and --selection aic|bic: choose among this many best models of "
            "the original data on each resample (default: all for 3 lists, 20 for 4, 100 for "
            "5 or more, as MultipleSystemsEstimation)",
        )
        parser.add_argument("--seed", default="2015")
        parser.add_argument(
            "--average",
            action="store_true",
            help="report the criterion-weighted average of the candidate models",
        )
        parser.add_argument(
            "--merge",
            action="append",
            default=[],
            metavar="LIST,LIST",
            help="make these lists one (named by joining their names), e.g. PF,NCA as for "
            "SparseMSE's UKdat_5; may be repeated",
        )
        parser.add_argument(
            "--omit",
            action="append",
            default=[],
            metavar="LIST",
            help="leave this list out (people only on it are no longer observed); may be repeated",
        )
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, **opts):
        source = opts["histories"] or "Seri's lists (one per organisation, linked identities)"
        try:
            result = self._estimate(opts)
        except mse.EstimateRefused as exc:
            if opts["json"]:
                self.stdout.write(json.dumps({"source": source, "refused": exc.as_dict()}))
                raise SystemExit(EXIT_REFUSED) from None
            raise CommandError(f"No estimate: {exc}", returncode=EXIT_REFUSED) from None
        d = result.as_dict()
        if opts["json"]:
            self.stdout.write(json.dumps({"source": source, **d}, indent=2))
            return
        self._print(d, source)

    def _estimate(self, opts) -> mse.Estimate:
        numbers = {}
        for option in ("max_order", "bootstrap", "seed"):
            try:
                numbers[option] = int(opts[option])
            except ValueError:
                raise mse.EstimateRefused(
                    f"must be a whole number, not {opts[option]!r}", column=option
                ) from None
        try:
            pthresh = float(opts["pthresh"])
        except ValueError:
            raise mse.EstimateRefused(
                f"must be a number, not {opts['pthresh']!r}", column="pthresh"
            ) from None
        ntop = None
        if opts["ntop"] is not None:
            try:
                ntop = int(opts["ntop"])
            except ValueError:
                raise mse.EstimateRefused(
                    f"must be a whole number, not {opts['ntop']!r}", column="ntop"
                ) from None
        mse.check_options(
            selection=opts["selection"],
            max_order=numbers["max_order"],
            bootstrap=numbers["bootstrap"],
            level=0.95,
        )
        if opts["histories"]:
            path = Path(opts["histories"])
            if not path.is_file():
                raise mse.EstimateRefused("no such file", file=str(path))
            histories = mse.read_histories(path.read_bytes(), name=str(path))
            try:
                if opts["omit"]:
                    histories = histories.without([name.strip() for name in opts["omit"]])
                if opts["merge"]:
                    histories = histories.merged(
                        [[n.strip() for n in g.split(",") if n.strip()] for g in opts["merge"]]
                    )
            except mse.EstimateRefused as exc:
                raise exc.located(str(path)) from None
        else:
            from seri.stats.services import seri_capture_histories

            histories = seri_capture_histories()
        try:
            return mse.estimate(
                histories,
                model=opts["model"],
                selection=opts["selection"],
                average=opts["average"],
                pthresh=pthresh,
                bca=opts["bca"],
                ntop=ntop,
                **numbers,
            )
        except mse.EstimateRefused as exc:
            raise exc.located(opts["histories"]) if opts["histories"] else exc from None

    def _print(self, d: dict, source: str) -> None:
        lo, hi = d["interval"]
        self.stdout.write(f"Lists:            {', '.join(d['lists'])}  ({source})")
        self.stdout.write(f"Observed:         {d['observed']:,}")
        self.stdout.write(f"Model:            {d['model']}  [{d['selection']}]")
        label = "Model average:  " if d["model_averaged"] else "Estimated total:"
        self.stdout.write(f"{label}  {d['estimate']:,.0f}")
        level = int(d["level"] * 100)
        self.stdout.write(f"{level}% interval:     {lo:,.0f} to {hi:,.0f}")
        self.stdout.write(f"                  ({d['interval_method']})")
        wlo, whi = d["wald_interval"]
        self.stdout.write(f"Wald interval:    {wlo:,.0f} to {whi:,.0f} (selected model)")
        self.stdout.write(f"AIC {d['aic']:.1f}  BIC {d['bic']:.1f}  deviance {d['deviance']:.1f}")
        search = d["search"]
        how = "every model" if search["exhaustive"] else "descent from every maximal model"
        self.stdout.write(
            f"Candidates ({search['models_fitted']} estimable models fitted, {how}), "
            f"best {search['criterion']} first:"
        )
        for c in d["candidates"]:
            mark = "*" if c["selected"] else " "
            self.stdout.write(
                f" {mark} {c['estimate']:>10,.0f}  {c['interval'][0]:>8,.0f}-"
                f"{c['interval'][1]:<8,.0f} AIC {c['aic']:8.1f}  BIC {c['bic']:8.1f}  "
                f"w {c['weight']:.3f}  {c['model']}"
            )
        for note in d["warnings"]:
            self.stdout.write(self.style.WARNING(f"Warning: {note}"))
