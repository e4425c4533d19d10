"""Where web capture may connect: one URL parser, one address rule, one egress proxy.

The browser must never be turned against the server's own neighbours (its loopback, the
private network it sits in, the cloud's metadata address). Three layers, one rule:

1. **One parser.** The address a person gives is parsed with a WHATWG URL parser (ada, the
   parser browsers follow) and refused if it carries a user name or password, a backslash,
   control characters or white space, or if Python's own parser reads its host or port
   differently. Chromium is then given the parser's serialisation, never the original string.
2. **One address rule** (`address_allowed`): only globally routable unicast addresses —
   no private, loopback, link-local, shared (CGNAT 100.64/10), multicast, reserved,
   documentation or benchmarking ranges of IPv4 and IPv6, and no IPv6 form that carries an
   IPv4 address (IPv4-mapped, NAT64, 6to4) unless that IPv4 address is allowed itself.
3. **Every connection through one proxy** (`EgressProxy`). Chromium runs with
   `--proxy-server` pointing at a proxy started for one capture (loopback included:
   `--proxy-bypass-list=<-loopback>`) and with its own name resolution switched off, so every
   request — the page, each redirect, images, media, scripts, WebSockets — reaches the network
   only through the proxy. The proxy resolves each host once per capture, checks *every*
   address it resolves to, and connects to the address it checked (no second look-up a DNS
   server could answer differently). Refused connections are listed.

`SERI_CAPTURE_ALLOW_PRIVATE` allows every unicast address (tests, intranet deployments);
`SERI_CAPTURE_ALLOW_NETWORKS` allows only the networks listed (e.g. one intranet server).
"""

import contextlib
import ipaddress
import select
import socket
import socketserver
import threading
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import ada_url
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext as _

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Ranges Python's `is_global` lets through (3.11) or that are refused explicitly anyway.
_REFUSED_V4 = tuple(
    ipaddress.ip_network(n)
    for n in (
        "0.0.0.0/8",  # "this network"
        "100.64.0.0/10",  # shared address space (carrier-grade NAT)
        "192.0.0.0/24",  # IETF protocol assignments
        "192.88.99.0/24",  # 6to4 relay anycast (deprecated)
        "198.18.0.0/15",  # benchmarking
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, and the broadcast address
    )
)
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_SIX_TO_FOUR = ipaddress.ip_network("2002::/16")
MAX_HEAD = 64 * 1024
CONNECT_TIMEOUT = 10
IDLE_TIMEOUT = 60


class Refused(Exception):
    """An address or URL the capture may not reach; the message says why (translated)."""


# --- the address rule -----------------------------------------------------------------------


def _embedded_v4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    for network in _NAT64:
        if ip in network:
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.teredo is not None:
        return ip.teredo[1]
    return None


def address_is_public(ip: IPAddress) -> bool:
    """True only for a globally routable unicast address (see the module docstring)."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.scope_id:
            return False
        embedded = _embedded_v4(ip)
        if embedded is not None:
            return address_is_public(embedded)
    if (
        not ip.is_global
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_private
    ):
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        return not ip.is_site_local
    return not any(ip in network for network in _REFUSED_V4)


def _allowed_networks() -> list:
    networks = []
    for text in getattr(settings, "SERI_CAPTURE_ALLOW_NETWORKS", None) or []:
        try:
            networks.append(ipaddress.ip_network(str(text).strip(), strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"SERI_CAPTURE_ALLOW_NETWORKS: {text!r} is not a network such as 10.20.0.0/24"
            ) from None
    return networks


def address_allowed(ip: IPAddress) -> bool:
    """The one rule for every connection a capture makes."""
    if ip.is_multicast or ip.is_unspecified:
        return False
    if getattr(settings, "SERI_CAPTURE_ALLOW_PRIVATE", False):
        return True
    if any(ip.version == net.version and ip in net for net in _allowed_networks()):
        return True
    return address_is_public(ip)


def parse_address(text: str) -> IPAddress | None:
    """An IP address written as a host (IPv6 in brackets), or None for a name."""
    text = text.strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


# --- one URL parser ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    href: str  # the WHATWG serialisation: what the browser is given
    scheme: str
    host: str  # a name in ASCII (punycode), or an address without brackets
    port: int
    address: IPAddress | None  # when the host is an address


def _bad_url() -> ValidationError:
    return ValidationError({"url": _("Give a web address starting with http:// or https://.")})


def parse_target(url: str) -> Target:
    """Parse a URL as the browser will, refusing anything two parsers could read differently.

    Raises ValidationError on the field "url"."""
    text = (url or "").strip()
    if not text or len(text) > 2000:
        raise _bad_url()
    if "\\" in text or any(ord(c) < 0x21 or ord(c) == 0x7F for c in text):
        raise ValidationError(
            {"url": _("This address contains a backslash, a space or a control character.")}
        )
    try:
        parsed = ada_url.parse_url(text)
    except ValueError:
        raise _bad_url() from None
    scheme = parsed["protocol"].rstrip(":")
    if scheme not in ("http", "https") or not parsed["hostname"]:
        raise _bad_url()
    if not text.lower().startswith(f"{scheme}://"):
        # "http:host" and "http:/host" are read as http://host by browsers only.
        raise ValidationError(
            {"url": _("This address is written in a way that can be read two ways: not captured.")}
        )
    authority = text.split("//", 1)[1].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    if parsed["username"] or parsed["password"] or "@" in authority:
        raise ValidationError(
            {"url": _("Addresses with a user name or password in them are not captured.")}
        )
    host = parsed["hostname"]
    port = int(parsed["port"]) if parsed["port"] else (443 if scheme == "https" else 80)
    address = parse_address(host)
    if address is not None:
        host = str(address)
    # Python's parser must read the same host and port (else the two disagree: refuse).
    try:
        other = urlsplit(text)
        other_host = (other.hostname or "").rstrip(".")
        other_port = other.port or (443 if other.scheme.lower() == "https" else 80)
        if address is None and other_host and not other_host.isascii():
            other_host = other_host.encode("idna").decode("ascii")
    except (ValueError, UnicodeError):
        raise _bad_url() from None
    other_address = parse_address(other_host)
    same_host = other_address == address if address is not None else other_host == host.rstrip(".")
    if not same_host or other_port != port:
        raise ValidationError(
            {"url": _("This address is written in a way that can be read two ways: not captured.")}
        )
    return Target(href=parsed["href"], scheme=scheme, host=host, port=port, address=address)


# --- resolving once ---------------------------------------------------------------------------


class Resolver:
    """Each host resolved once per capture; every address it has must pass the rule."""

    def __init__(self) -> None:
        self._known: dict[str, IPAddress] = {}
        self._lock = threading.Lock()
        self.refused: list[str] = []

    def admit(self, host: str, port: int) -> IPAddress:
        """The address to connect to for `host`, or Refused."""
        literal = parse_address(host)
        if literal is not None:
            if not address_allowed(literal):
                self._refuse(f"{host}:{port}")
            return literal
        name = host.lower().rstrip(".")
        with self._lock:
            if name in self._known:
                return self._known[name]
        try:
            infos = socket.getaddrinfo(name, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError):
            # Not found is no attempt to reach inside: that request fails, the capture goes on.
            raise Refused(_("This address cannot be found.")) from None
        addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
        if not addresses or not all(address_allowed(a) for a in addresses):
            self._refuse(f"{name}:{port}")
        with self._lock:
            return self._known.setdefault(name, addresses[0])

    def _refuse(self, what: str):
        with self._lock:
            self.refused.append(what)
        raise Refused(_("Addresses on this server's own network are not captured."))


# --- the egress proxy -------------------------------------------------------------------------


def _split_host_port(text: str, default: int) -> tuple[str, int]:
    if text.startswith("["):
        host, _sep, rest = text[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else ""
    else:
        host, _sep, port = text.rpartition(":") if ":" in text else (text, "", "")
    return host, int(port) if port else default


def _pipe(a: socket.socket, b: socket.socket) -> None:
    """Copy both ways until both sides are done or the connection idles out."""
    sockets = [a, b]
    peer = {a: b, b: a}
    open_reads = {a, b}
    while open_reads:
        readable, _w, _x = select.select(list(open_reads), [], [], IDLE_TIMEOUT)
        if not readable:
            return
        for sock in readable:
            try:
                data = sock.recv(65536)
            except OSError:
                data = b""
            if data:
                try:
                    peer[sock].sendall(data)
                except OSError:
                    return
                continue
            open_reads.discard(sock)
            with contextlib.suppress(OSError):
                peer[sock].shutdown(socket.SHUT_WR)
    for sock in sockets:
        sock.close()


class _Handler(socketserver.BaseRequestHandler):
    server: "_Server"

    def handle(self) -> None:
        client = self.request
        client.settimeout(IDLE_TIMEOUT)
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = client.recv(8192)
            if not chunk or len(head) > MAX_HEAD:
                return
            head += chunk
        head, rest = head.split(b"\r\n\r\n", 1)
        request_line, *headers = head.split(b"\r\n")
        try:
            method, target, version = request_line.decode("latin-1").split(" ")
            if method == "CONNECT":
                host, port = _split_host_port(target, 443)
                upstream = self._connect(host, port)
                client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            else:
                parsed = ada_url.parse_url(target)
                if parsed["protocol"] != "http:" or parsed["username"] or parsed["password"]:
                    raise Refused(_("Only http and https addresses are captured."))
                host = parsed["hostname"]
                port = int(parsed["port"] or 80)
                upstream = self._connect(host, port)
                upstream.sendall(self._forward_head(method, parsed, version, headers))
        except (Refused, ValueError, OSError):
            with contextlib.suppress(OSError):
                client.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
            return
        if rest:
            upstream.sendall(rest)
        _pipe(client, upstream)

    def _connect(self, host: str, port: int) -> socket.socket:
        address = self.server.resolver.admit(host.strip("[]"), port)
        upstream = socket.create_connection((str(address), port), timeout=CONNECT_TIMEOUT)
        upstream.settimeout(IDLE_TIMEOUT)
        return upstream

    @staticmethod
    def _forward_head(method: str, parsed: Any, version: str, headers: list[bytes]) -> bytes:
        path = (parsed["pathname"] or "/") + parsed["search"]
        lines = [f"{method} {path} {version}".encode("latin-1")]
        for line in headers:
            name = line.split(b":", 1)[0].strip().lower()
            if name not in (
                b"proxy-connection",
                b"proxy-authorization",
                b"connection",
                b"keep-alive",
            ):
                lines.append(line)
        lines.append(b"Connection: close")
        return b"\r\n".join(lines) + b"\r\n\r\n"


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    resolver: Resolver


class EgressProxy:
    """An HTTP proxy on a loopback port for one capture; every connection passes the rule.

    Use as a context manager; `chromium_args` are the switches that send all of Chromium's
    traffic through it."""

    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.resolver = resolver
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    def chromium_args(self) -> list[str]:
        return [
            f"--proxy-server=http://127.0.0.1:{self.port}",
            # Chromium sends loopback addresses around a proxy unless told not to.
            "--proxy-bypass-list=<-loopback>",
            # Nothing is resolved by the browser itself: names are the proxy's to resolve.
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
            "--disable-quic",
            "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
            "--webrtc-ip-handling-policy=disable_non_proxied_udp",
        ]

    def __enter__(self) -> "EgressProxy":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
