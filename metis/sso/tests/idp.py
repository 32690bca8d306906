"""A real identity provider for the single sign-on tests: the small Django project of
tests/idp/ (django-oauth-toolkit, OpenID Connect), run as a subprocess on a free local port with
its own SQLite file in a temporary directory."""

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urljoin

import requests

IDP_DIR = Path(__file__).resolve().parents[3] / "tests" / "idp"
CLIENT_ID = "metis-acme"
SECRET = "secret-de-test-du-fournisseur"
EMAIL = "alice@acme-sso.fr"
PASSWORD = "mot-de-passe-idp"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class IdentityProvider:
    def __init__(self, directory):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.issuer = f"{self.url}/o"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "idp_project.settings",
            "IDP_DB": str(Path(directory) / "idp.sqlite3"),
        }
        self.process = None

    def manage(self, *args):
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=IDP_DIR,
            env=self.env,
            check=True,
            capture_output=True,
        )

    def start(self):
        self.manage("migrate", "--noinput")
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{self.port}", "--noreload"],
            cwd=IDP_DIR,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(requests.ConnectionError):
                if requests.get(f"{self.issuer}/.well-known/openid-configuration", timeout=2).ok:
                    return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("the test identity provider did not start")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def setup(self, *, redirect_uri, groups=("metis",), email=EMAIL):
        """METIS's application (its callback) and the person with their groups."""
        self.manage(
            "idp_setup",
            f"--client-id={CLIENT_ID}",
            f"--secret={SECRET}",
            f"--redirect-uri={redirect_uri}",
            f"--email={email}",
            f"--password={PASSWORD}",
            f"--groups={','.join(groups)}",
        )

    def log_in(self, authorize_url, *, email=EMAIL, password=PASSWORD):
        """What a browser does at the provider: open the authorization request, log in on its
        page, and come back with the redirect to METIS's callback (returned)."""
        session = requests.Session()
        response = session.get(authorize_url, allow_redirects=False)
        login_url = urljoin(self.url, response.headers["Location"])
        session.get(login_url)
        response = session.post(
            login_url,
            data={
                "username": email,
                "password": password,
                "csrfmiddlewaretoken": session.cookies["idp_csrftoken"],
            },
            allow_redirects=False,
        )
        assert response.status_code == 302, "the provider refused the password"
        response = session.get(
            urljoin(self.url, response.headers["Location"]), allow_redirects=False
        )
        return response.headers["Location"]


@contextlib.contextmanager
def running_identity_provider(directory):
    provider = IdentityProvider(directory)
    provider.start()
    try:
        yield provider
    finally:
        provider.stop()
