from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HonorsConfig(AppConfig):
    name = "thidua.honors"
    label = "honors"
    verbose_name = _("Honor board")

    def ready(self) -> None:
        # Keeps the public search row of each issued decision up to date (see decision_index).
        from thidua.honors import decision_index

        decision_index.connect()
