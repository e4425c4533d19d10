"""`seri stats_refresh`: rebuild the dashboard's summary rows, e.g. after a bulk import."""

import time

from django.core.cache import cache
from django.core.management.base import BaseCommand

from seri.stats.services import case_facts_refresh


class Command(BaseCommand):
    help = (
        "Rebuild the statistics summary rows (one per case and nationality) from the cases, "
        "people, reports and status changes."
    )

    def handle(self, *args, **opts):
        start = time.perf_counter()
        n = case_facts_refresh()
        cache.clear()  # figures computed from the old summaries
        self.stdout.write(f"{n:,} case summaries rebuilt in {time.perf_counter() - start:.1f} s")
