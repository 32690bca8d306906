import datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from metis.sso import services
from metis.sso.enums import Protocol


def oidc_data(domains=("acme-sso.fr",), **extra):
    return {
        "protocol": Protocol.OIDC,
        "domains": list(domains),
        "server_url": "https://login.acme-sso.fr/realms/acme",
        "client_id": "metis",
        "secret": "s3cret",
        "claim_name": "groups",
        "claim_value": "",
        **extra,
    }


def certificate() -> str:
    """A self-signed certificate, as an identity provider signs its SAML responses with."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "idp.acme-sso.fr")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    pem = cert.public_bytes(serialization.Encoding.PEM).decode()
    return "".join(line for line in pem.splitlines() if "CERTIFICATE" not in line)


def saml_data(domains=("acme-sso.fr",), **extra):
    return {
        "protocol": Protocol.SAML,
        "domains": list(domains),
        "saml_entity_id": "https://idp.acme-sso.fr/saml",
        "saml_sso_url": "https://idp.acme-sso.fr/saml/sso",
        "saml_x509cert": certificate(),
        "claim_name": "groups",
        "claim_value": "",
        **extra,
    }


def configured(company, by, data=None, enabled=True):
    sso = services.sso_configure(company=company, data=data or oidc_data(), by=by)
    return services.sso_enable(sso=sso, by=by) if enabled else sso
