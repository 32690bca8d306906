"""Bad input never reaches a 500.

For each persona of the permission matrices, the site is crawled from the home page and the
dashboard (links and forms of every page reached), then every page is requested again with bad
query values and every form is posted with bad values, one field at a time and all at once.
Every answer must be below 500 (a 4xx, or the form shown again with its errors). The counts are
printed (`pytest -s`)."""

import datetime
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from metis.accounts.enums import Role
from metis.accounts.tests.factories import member, operator_staff_with_totp
from metis.documents.tests.factories import valued_cycle

# Every field gets these; text fields (input text/e-mail/search, textarea) also get a value
# over 128 KB (the csv module's field limit) and 2 MB (a need description).
BAD_VALUES = ["-1", "abc", "\x00", "9" * 25]
BAD_TEXT_VALUES = ["x" * 200_000, "y" * 2_100_000]
TEXT_INPUTS = {"text", "email", "search", "url", "tel", None}
BAD_QUERY_VALUES = ["0", "99999", "abc", "\x00", "9" * 25]
# Read by some views whatever the links say; the keys of each page's links and GET forms too.
QUERY_KEYS = {"annee", "year", "page"}
SKIPPED_PREFIXES = ("/static/", "/admin/", "/accounts/", "/i18n/", "/api/", "/media/")
SLOW_SUFFIXES = (".pdf", "/pdf/", ".ics", ".json")
BAD_PATHS = [
    "/documents/attestation/0/",
    "/documents/attestation/99999/",
    "/documents/attestation/1999/",
    "/documents/entreprises/{company}/releves/9999-12-31.pdf",
    "/documents/entreprises/{company}/releves/abc.csv",
    "/documents/entreprises/{company}/releves/0001-01-01.xlsx",
]
MAX_PAGES = 80


class _Page(HTMLParser):
    """The links and forms of a page (field name → list of default values)."""

    def __init__(self):
        super().__init__()
        self.links, self.forms, self._form, self._select = [], [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self._form = {
                "method": (attrs.get("method") or "get").lower(),
                "action": attrs.get("action") or "",
                "fields": {},
                "text": set(),
            }
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "textarea", "select", "button"):
            name = attrs.get("name")
            if not name or attrs.get("type") in ("file",):
                return
            if tag == "textarea" or (tag == "input" and attrs.get("type") in TEXT_INPUTS):
                self._form["text"].add(name)
            values = self._form["fields"].setdefault(name, [])
            if tag == "select":
                self._select = values
            elif attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                values.append(attrs.get("value", ""))
        elif (
            tag == "option"
            and self._select is not None
            and ("selected" in attrs or not self._select)
        ):
            self._select[:] = [attrs.get("value", "")]

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def _internal(url, base):
    if not url or url.startswith(("#", "mailto:", "tel:", "javascript:")):
        return None
    parts = urlsplit(url)
    if parts.netloc and parts.netloc != "testserver":
        return None
    path = parts.path or base
    if not path.startswith("/") or path.startswith(SKIPPED_PREFIXES):
        return None
    try:
        resolve(path)
    except Resolver404:
        return None
    return path + (f"?{parts.query}" if parts.query else "")


class Fuzzer:
    def __init__(self):
        self.client = Client(raise_request_exception=False)
        self.counts = Counter()
        self.failures = []
        # Shared by every persona: a view's query key or form is fuzzed once.
        self.queries_done, self.forms_done = set(), set()

    def log_in(self, user):
        self.client.logout()
        self.client.force_login(user)

    def _record(self, method, url, response, data=None):
        self.counts["requests"] += 1
        status = response.status_code
        family = f"{status // 100}xx"
        self.counts[family] += 1
        if status >= 500:
            shown = {
                k: (v if len(str(v)) < 40 else f"{str(v)[:20]}…") for k, v in (data or {}).items()
            }
            self.failures.append(f"{method} {url[:120]} {shown} → {status}")
        return response

    def get(self, url):
        return self._record("GET", url, self.client.get(url))

    def post(self, url, data):
        return self._record("POST", url, self.client.post(url, data), data)

    def crawl(self, starts):
        seen_names, pages, forms, queue = set(), [], {}, list(starts)
        while queue and len(pages) < MAX_PAGES:
            url = queue.pop(0)
            path = urlsplit(url).path
            if path.endswith(SLOW_SUFFIXES):
                continue
            match = resolve(path)
            key = (match.view_name, tuple(sorted(urlsplit(url).query.split("&"))))
            if key in seen_names:
                continue
            seen_names.add(key)
            response = self.get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            pages.append(url)
            parser = _Page()
            parser.feed(response.content.decode())
            for href in parser.links:
                found = _internal(href, path)
                if found:
                    queue.append(found)
            for form in parser.forms:
                action = _internal(form["action"], path) or path
                if form["method"] == "get":
                    query = {k: (v[0] if v else "") for k, v in form["fields"].items()}
                    queue.append(f"{action}?{urlencode(query)}")
                    continue
                if _internal(action, path) is None and form["action"]:
                    continue
                name = resolve(urlsplit(action).path).view_name
                forms.setdefault(name, (action, form["fields"], form["text"]))
        return pages, list(forms.values())

    def fuzz_queries(self, pages):
        done = self.queries_done
        for url in pages:
            parts = urlsplit(url)
            name = resolve(parts.path).view_name
            keys = QUERY_KEYS | {
                pair.split("=")[0] for pair in parts.query.split("&") if "=" in pair
            }
            for key in sorted(keys):
                if (name, key) in done:
                    continue
                done.add((name, key))
                for value in BAD_QUERY_VALUES:
                    self.get(f"{parts.path}?{urlencode({key: value})}")

    def fuzz_forms(self, forms):
        for action, fields, text in forms:
            view = resolve(urlsplit(action).path).view_name
            if view in self.forms_done:
                continue
            self.forms_done.add(view)
            defaults = {k: v for k, v in fields.items() if k != "csrfmiddlewaretoken"}
            for name in defaults:
                for value in BAD_VALUES + (BAD_TEXT_VALUES if name in text else []):
                    self.post(action, {**defaults, name: value})
            for value in ("abc", "\x00"):
                self.post(action, dict.fromkeys(defaults, value))


@pytest.fixture
def world(db):
    cycle = valued_cycle(days=(3, 2, 1))
    cycle.officer = member(Role.TERRITORY_OFFICER, cycle.programme.territory)
    cycle.operator = operator_staff_with_totp(cycle.programme.territory.operator)
    return cycle


PERSONAS = ["operator", "officer", "referent", "employee", "manager"]


def test_bad_input_never_gives_a_server_error(world, capsys):
    fuzzer = Fuzzer()
    year = datetime.date.today().year
    starts = [
        reverse("inbox:home"),
        reverse("reporting:dashboard"),
        reverse("documents:index"),
        reverse("needs:catalogue"),
        reverse("notifications:notices"),
        f"/documents/attestation/{year}/",
    ]
    lines = []
    for persona in PERSONAS:
        before = Counter(fuzzer.counts)
        fuzzer.log_in(getattr(world, persona))
        pages, forms = fuzzer.crawl(starts)
        fuzzer.fuzz_queries(pages)
        fuzzer.fuzz_forms(forms)
        for path in BAD_PATHS:
            fuzzer.get(path.format(company=world.company.pk))
        done = fuzzer.counts - before
        lines.append(
            f"{persona}: {len(pages)} pages, {len(forms)} forms, {done['requests']} requests"
        )
    counts = fuzzer.counts
    with capsys.disabled():
        print(
            "\nfuzz: " + "; ".join(lines) + f"\nfuzz total: {counts['requests']} requests, "
            f"2xx={counts['2xx']}, 3xx={counts['3xx']}, 4xx={counts['4xx']}, 5xx={counts['5xx']}"
        )
    assert counts["requests"] > 1000
    assert not fuzzer.failures, "\n".join(fuzzer.failures[:60])
