"""Every page of every role, in Chromium: each role's pages are found by following the links of
its home page and menu (then the links of those pages), and each one is checked with axe-core
(no serious or critical violation) and on a 390 px phone screen (no page wider than the
screen). Screenshots of each role's home and of the participation timeline are kept in
test-artifacts/screenshots/; the findings in test-artifacts/every-page.json."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError

from metis.accounts.enums import Role
from metis.accounts.tests.factories import member, operator_staff_with_totp
from metis.documents.models import AgreementAnnex, ContractAmendment, LoanAgreement
from metis.documents.services import agreements as documents
from metis.needs.services import participations as participation_services
from metis.needs.services import time_entries as time_entry_services
from metis.needs.tests.factories import make_cycle, today, volunteer
from metis.valuation.cost_prices import cost_price_record

from .test_cycle import PHONE, Site, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 900}
# Links not to follow: other formats, actions, the admin (Django's own pages) and the API.
SKIP = re.compile(
    r"^/(admin|api|static|i18n)/|/accounts/logout/|/pdf/$|\.(pdf|csv|xlsx|ics|json)$"
    r"|[?&](format|table)="
)
PAGES_PER_ROLE = 60
# The elements that stick out of a phone screen (outside any horizontally scrolling box).
WIDEST = """() => [...document.querySelectorAll('body *')].filter(e => {
  const r = e.getBoundingClientRect();
  if (r.right <= window.innerWidth + 1 || r.width === 0) return false;
  for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
    if (p.getBoundingClientRect().right > window.innerWidth + 1) return false;
  }
  return true;
}).slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
  + (typeof e.className === 'string' && e.className
     ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
  + ' ' + getComputedStyle(e).position + ' ' + Math.round(e.getBoundingClientRect().right))"""


@pytest.fixture
def world(reference_data):
    cycle = make_cycle(pledge_hours="200", credit_hours="120")
    cost_price_record(
        company=cycle.company,
        year=today().year,
        monthly_salary=Decimal("5000"),
        monthly_employer_charges=Decimal("2100"),
        employee=cycle.employee,
        by=cycle.referent,
    )
    p = cycle.participation("approved", hours="20")
    agreement = LoanAgreement.objects.get()
    amendment = ContractAmendment.objects.get(participation=p)
    # Accepted three days ago: the hours below are worked under accepted documents.
    since = timezone.now() - datetime.timedelta(days=3)
    documents.agreement_accept(agreement=agreement, by=cycle.referent, now=since)
    documents.agreement_accept(agreement=agreement, by=cycle.manager, now=since)
    annex = AgreementAnnex.objects.get(participation=p)
    documents.annex_accept(annex=annex, by=cycle.referent, now=since)
    documents.annex_accept(annex=annex, by=cycle.manager, now=since)
    documents.amendment_accept(amendment=amendment, by=cycle.referent, now=since)
    documents.amendment_accept(amendment=amendment, by=cycle.employee, now=since)
    p.refresh_from_db()
    for days, hours in ((2, "3.5"), (1, "2")):
        entry = time_entry_services.time_entry_declare(
            participation=p,
            by=cycle.employee,
            date=max(today() - datetime.timedelta(days=days), p.planned_starts_on),
            hours=hours,
            description="Relecture du bilan",
        )
        if days == 2:
            time_entry_services.time_entry_validate(entry=entry, by=cycle.manager)
    waiting = participation_services.participation_apply(
        need=cycle.need, volunteer=volunteer(cycle.company), message="Disponible le mardi."
    )
    cycle.waiting = waiting
    # Approved, its documents awaiting acceptance: the timeline lists who must still accept.
    cycle.participation("approved", volunteer=volunteer(cycle.company), hours="5")
    cycle.active = p
    cycle.officer = member(Role.TERRITORY_OFFICER, cycle.programme.territory)
    cycle.operator = operator_staff_with_totp(cycle.programme.territory.operator)
    return cycle


def links_of(page) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    out = []
    for href in hrefs:
        href = href.split("#")[0]
        if href.startswith("/") and not href.startswith("//") and not SKIP.search(href):
            out.append(href)
    return out


def check_pages(site, page, start, findings, *, limit=PAGES_PER_ROLE):
    """Breadth-first over the role's links; one page per URL shape (ids replaced by N)."""
    from .conftest import AXE

    queue, shapes, visited = list(start), set(), []
    while queue and len(visited) < limit:
        path = queue.pop(0)
        shape = re.sub(r"\d+", "N", path.split("?")[0])
        if shape in shapes:
            continue
        shapes.add(shape)
        page.set_viewport_size(DESKTOP)
        try:
            response = page.goto(site.base + path)
        except PlaywrightError as error:  # a download (PDF, export) is not a page
            if "Download is starting" in str(error):
                continue
            raise
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue
        visited.append(path)
        if response.status >= 400:
            findings.setdefault("status", {})[path] = response.status
            continue
        violations = run_axe(page, AXE)
        if violations:
            findings.setdefault("axe", {})[path] = violations
        page.set_viewport_size(PHONE)
        page.reload()  # as a phone loads it (a resized page keeps some of its wide layout)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            findings.setdefault("phone", {})[path] = {
                "width": width,
                "widest": page.evaluate(WIDEST),
            }
        queue.extend(links_of(page))
    return visited


def test_every_page_of_every_role(chromium, live_server, artifacts, world):
    site = Site(chromium, live_server, artifacts)
    w = world
    findings, visited = {}, {}
    try:
        anonymous = site.chromium.new_context(viewport=DESKTOP, locale="fr-FR").new_page()
        site.contexts.append(anonymous.context)
        visited["anonymous"] = check_pages(
            site,
            anonymous,
            [
                "/",
                "/accounts/login/",
                "/accounts/signup/",
                "/accounts/password/reset/",
                "/besoins/",
                f"/besoins/{w.need.pk}/",
                f"/impact/{w.programme.pk}/",
                "/simulateur/",
            ],
            findings,
            limit=15,
        )
        people = {
            "association": site.page_for(w.manager, viewport=DESKTOP),
            "company": site.page_for(w.referent, viewport=DESKTOP),
            "volunteer": site.page_for(w.employee, viewport=DESKTOP),
            "territory": site.page_for(w.officer, viewport=DESKTOP),
            "operator": site.page_with_session(w.operator),
        }
        for role, page in people.items():
            page.set_viewport_size(DESKTOP)
            site.go(page, "/")
            site.shot(page, f"home-{role}")
            # The menu holds on one line at 1366 px.
            assert page.evaluate(
                "document.querySelector('.navbar .container').offsetHeight < 80"
            ), f"{role}: the menu wraps at 1366 px"
            visited[role] = check_pages(site, page, ["/", *links_of(page)], findings)
        timeline = people["volunteer"]
        timeline.set_viewport_size(DESKTOP)
        site.go(timeline, f"/participations/{w.active.pk}/")
        site.shot(timeline, "participation-timeline")
        timeline.set_viewport_size(PHONE)
        site.shot(timeline, "participation-timeline-phone")
    finally:
        site.close()
    report = {"visited": visited, "findings": findings}
    (artifacts.parent / "every-page.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False)
    )
    assert sum(len(v) for v in visited.values()) >= 40, visited
    assert findings == {}, json.dumps(findings, indent=2, ensure_ascii=False)
