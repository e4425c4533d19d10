from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "seri.evidence"
    label = "evidence"
