"""The linkage service cannot be held up or crashed by a client, and `seri pprl submit` sends
its token only where it was told to, over TLS (found by the security review)."""

import datetime
import http.client
import socket
import ssl
import threading

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.core.management import CommandError, call_command

from seri.pprl import server

TOKENS = {"shelter": "tok-shelter-synthetic", "embassy": "tok-embassy-synthetic"}


def _self_signed(tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    certfile, keyfile = tmp_path / "cert.pem", tmp_path / "key.pem"
    certfile.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    keyfile.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return certfile, keyfile


@pytest.fixture
def tls_service(tmp_path):
    certfile, keyfile = _self_signed(tmp_path)
    httpd = server.Server(
        ("127.0.0.1", 0), server.LinkageService(TOKENS), str(certfile), str(keyfile)
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd.server_address[1], certfile
    httpd.shutdown()
    httpd.server_close()


def _state(port, certfile, timeout=10):
    context = ssl.create_default_context(cafile=str(certfile))
    conn = http.client.HTTPSConnection("localhost", port, context=context, timeout=timeout)
    conn.request("GET", "/state", headers={"Authorization": f"Bearer {TOKENS['shelter']}"})
    return conn.getresponse().status


def test_a_silent_connection_does_not_hold_up_an_honest_participant(tls_service):
    port, certfile = tls_service
    silent = socket.create_connection(("127.0.0.1", port))  # connects, never says hello
    try:
        assert _state(port, certfile, timeout=5) == 200
    finally:
        silent.close()


def test_a_content_length_that_is_not_a_number_is_refused_not_a_traceback(tls_service):
    port, certfile = tls_service
    context = ssl.create_default_context(cafile=str(certfile))
    conn = http.client.HTTPSConnection("localhost", port, context=context, timeout=10)
    conn.putrequest("POST", "/runs/r1/encodings")
    conn.putheader("Authorization", f"Bearer {TOKENS['shelter']}")
    conn.putheader("Content-Length", "lots")
    conn.endheaders()
    assert conn.getresponse().status == 413
    assert _state(port, certfile) == 200


def test_submit_sends_the_token_over_plain_http_only_to_this_machine(tmp_path):
    encodings = tmp_path / "enc.json"
    encodings.write_text("{}")
    token = tmp_path / "token"
    token.write_text(TOKENS["shelter"])
    with pytest.raises(CommandError, match="https://"):
        call_command(
            "pprl",
            "submit",
            str(encodings),
            "--server",
            "http://linkage.example.org:8443",
            "--run",
            "r1",
            "--token-file",
            str(token),
            "-o",
            str(tmp_path / "out.json"),
        )
