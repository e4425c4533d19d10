from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "seri.referrals"
    label = "referrals"
