from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo territory and its commands (`load_demo`, `demo_totp`, `bench_matching`). It sits
    above every other app: it loads each one's demo part, and no app imports it."""

    name = "metis.demo"
    verbose_name = _("Demo territory")
