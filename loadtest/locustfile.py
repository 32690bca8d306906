"""Scenarios per role, run by the runner (`python -m loadtest.run`) with Locust, headless.

Every person logs in through the real log-in form with a demo account (password
`metis-demo-2026`); the operator's staff then give the code of their authenticator app (TOTP,
the demo's secret). Each request is named after the page it
opens: the runner prints one row per name. A page is an error unless it answers as it should
(status, and for the writes the success message on the page they lead to). The baseline page
(a constant template, `metis.core.views.loadtest_baseline`) is opened by everybody, so that it
is measured under the same load."""

import itertools
import json
import os
import random
import re
from pathlib import Path

import gevent
from locust import HttpUser, between, events, task

from loadtest import totp

TARGETS = json.loads(Path(os.environ["LOADTEST_TARGETS"]).read_text(encoding="utf-8"))
PASSWORD = "metis-demo-2026"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ENTRY = re.compile(r'name="entries" value="(\d+)"')
ALERT = re.compile(r'role="alert">([^<]*)<')
SEARCHES = ["numérique", "comptabilité", "jardin", "communication", "juridique", "formation"]
DECLARED = "Vos heures ont été déclarées."
APPLIED = "Votre candidature a été envoyée à l"
VALIDATED = "1 saisie validée."
ALREADY_VALIDATED = "Seules des heures déclarées peuvent être validées ou rejetées."
STALE_ENTRIES = set(TARGETS["stale_entries"])
WARM_UP = float(os.environ.get("LOADTEST_WARM_UP", "0"))
RUN_TIME = float(os.environ.get("LOADTEST_RUN_TIME", "0"))
MEASURING = os.environ.get("LOADTEST_MEASURING", "")  # a file written when measuring starts
_addresses = itertools.count(1)
_logins = {
    role: itertools.cycle(TARGETS[role])
    for role in ("managers", "referents", "officers", "operators")
}
_employees = itertools.cycle(TARGETS["employees"])
_started = 0  # users that have started (the members: logged in)


@events.test_start.add_listener
def measure_after_warm_up(environment, **_):
    """The start is not measured: every user starting, the members logging in (hashing a
    password is slow on purpose: fifty log-ins at once keep the CPU busy for seconds) and
    each worker's first requests. The statistics restart `LOADTEST_WARM_UP` seconds after the
    last user has started, unless a request failed by then (then they are kept, so that the
    error is reported); the run stops `LOADTEST_RUN_TIME` seconds later."""

    def measure():
        while _started < environment.parsed_options.num_users:
            gevent.sleep(0.5)
        gevent.sleep(WARM_UP)
        if not environment.stats.total.num_failures:
            environment.stats.reset_all()
        if MEASURING:
            Path(MEASURING).write_text("measuring", encoding="utf-8")
        gevent.sleep(RUN_TIME)
        environment.runner.quit()

    if RUN_TIME:
        gevent.spawn(measure)


class Person(HttpUser):
    """What everybody opens: the baseline, the catalogue (browse, search), a need."""

    abstract = True
    wait_time = between(1, 3)

    def on_start(self):
        # Behind one proxy (TRUSTED_PROXY_COUNT=1): each simulated person has its own address,
        # so the log-in throttles count per person as they would in production.
        n = next(_addresses)
        self.client.headers["X-Forwarded-For"] = f"127.{1 + n // 65536}.{n // 256 % 256}.{n % 256}"
        global _started
        try:
            self.begin()
        finally:
            _started += 1

    def begin(self):
        """What a user does once, before its tasks."""

    def page(self, url, name, **kwargs):
        with self.client.get(url, name=name, catch_response=True, **kwargs) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
            return response

    @task
    def baseline(self):
        self.page("/loadtest/baseline/", "baseline (constant template)")

    @task(2)
    def catalogue(self):
        self.page("/besoins/", "catalogue")

    @task(2)
    def catalogue_search(self):
        self.page("/besoins/", "catalogue search", params={"q": random.choice(SEARCHES)})

    @task(2)
    def need(self):
        self.page(f"/besoins/{random.choice(TARGETS['needs'])}/", "need page")


class Visitor(Person):
    """Anonymous: besides the catalogue, an impact page and the public API."""

    weight = 20

    @task
    def impact(self):
        self.page(f"/impact/{random.choice(TARGETS['programmes'])}/", "impact page")

    @task
    def api(self):
        self.page("/api/v1/openapi.json", "API: OpenAPI schema")
        body = {"year": 2026, "monthly_salary": "3200.00", "monthly_employer_charges": "1400.00"}
        with self.client.post(
            "/api/v1/valuation/hourly-cost", json=body, name="API: hourly cost", catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")


class Member(Person):
    """A person with an account: logs in through the form first, then has a home page and a
    dashboard of their role."""

    abstract = True
    role = ""  # the key of the log-ins in the targets
    label = ""  # the role in the page names

    def begin(self):
        self.log_in(self.email())

    def email(self):
        return next(_logins[self.role])

    def csrf(self, response):
        found = CSRF.search(response.text)
        return found.group(1) if found else ""

    def log_in(self, email):
        form = self.page("/accounts/login/", "log-in form")
        data = {"login": email, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf(form)}
        with self.client.post(
            "/accounts/login/",
            data=data,
            name="log-in (password hashing)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302 or "login" in response.headers.get("Location", ""):
                response.failure(f"log-in refused for {email}: status {response.status_code}")

    def submit(self, page, url, name, data, then, success):
        """Post the form of `page` (a response) with its token, and open the page it redirects
        to (named `then`), which must show one of the `success` texts."""
        with self.client.post(
            url,
            data={**data, "csrfmiddlewaretoken": self.csrf(page)},
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"status {response.status_code}")
                return
            location = response.headers["Location"]
        with self.client.get(location, name=then, catch_response=True) as response:
            if response.status_code != 200 or not any(text in response.text for text in success):
                shown = " / ".join(ALERT.findall(response.text)) or "no message"
                response.failure(f"{name}: {shown} (status {response.status_code})")

    @task(2)
    def home(self):
        self.page("/", f"home ({self.label})")

    @task(2)
    def dashboard(self):
        self.page("/tableau-de-bord/", f"dashboard ({self.label})")


class Employee(Member):
    """Catalogue, needs for you, my participations, declare hours on an active participation."""

    weight = 15
    role = "employees"
    label = "employee"

    def email(self):
        self.participation = next(_employees)
        return self.participation["email"]

    @task(2)
    def needs_for_you(self):
        self.page("/pour-moi/", "needs for you")

    @task(2)
    def participations(self):
        self.page("/participations/", "my participations")

    @task(2)
    def declare(self):
        participation = self.participation
        url = f"/participations/{participation['participation']}/"
        if not participation["days"] or participation["declarations"] <= 0:
            self.page(url, "participation page")
            return
        participation["declarations"] -= 1
        data = {
            "date": participation["days"].pop(0),
            "hours": TARGETS["declared_hours"],
            "description": "Atelier préparé avec l’association.",
        }
        page = self.page(url, "participation page")
        self.submit(page, f"{url}heures/", "declare hours", data, "participation page", [DECLARED])

    @task
    def apply(self):
        if not self.participation["needs"]:
            return
        url = f"/besoins/{self.participation['needs'].pop(0)}/"
        page = self.page(url, "need page")
        self.submit(page, f"{url}candidater/", "apply", {}, "participation page", [APPLIED])


class Manager(Member):
    """Association manager: dashboard, hours to validate, validate one."""

    weight = 6
    role = "managers"
    label = "association manager"

    @task(2)
    def hours_to_validate(self):
        response = self.page("/association/heures/", "hours to validate")
        entries = [e for e in ENTRY.findall(response.text) if int(e) not in STALE_ENTRIES]
        if entries:
            self.submit(
                response,
                "/association/heures/",
                "validate hours",
                {"entries": random.choice(entries), "decision": "valider"},
                "hours to validate",
                # Another manager of the association may have validated it a moment before.
                [VALIDATED, ALREADY_VALIDATED],
            )


class Referent(Member):
    """Company referent: dashboard, approvals."""

    weight = 6
    role = "referents"
    label = "company referent"

    @task(2)
    def approvals(self):
        self.page("/entreprise/approbations/", "approvals")


class Officer(Member):
    """Territory officer: dashboard."""

    weight = 3
    role = "officers"
    label = "territory officer"


class Operator(Member):
    """The operator's staff: a second factor at log-in, then the dashboard across every
    territory and one territory's. One of them: a code is accepted once."""

    fixed_count = 1
    role = "operators"
    label = "operator"

    def log_in(self, email):
        super().log_in(email)
        form = self.page("/accounts/2fa/authenticate/", "log-in second factor form")
        data = {"code": totp.code(TARGETS["totp_secret"]), "csrfmiddlewaretoken": self.csrf(form)}
        with self.client.post(
            "/accounts/2fa/authenticate/",
            data=data,
            name="log-in second factor",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"second factor refused for {email}: {response.status_code}")

    @task(2)
    def one_territory(self):
        territory = random.choice(TARGETS["territories"])
        self.page(f"/tableau-de-bord/?territory={territory}", "dashboard (operator, one territory)")
