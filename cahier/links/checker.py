"""The network side of link checking: given web addresses, say what each one answers. No
database here (the ORM is not used from the event loop): `services.links_check` collects the
links, calls `check_urls` and stores the outcomes.

httpx with asyncio: every address is checked concurrently within bounds (`concurrency` in all,
`per_host` at a time on one host, `delay` seconds between two requests to one host), each
attempt within a connect timeout and a total timeout, retried with exponential backoff on
connection errors, 5xx and 429 (Retry-After respected up to `max_retry_after`). HEAD first,
GET when HEAD is refused (403, 405, 501), the body never downloaded. Redirects are followed by
hand, at most `max_redirects`, each hop checked again: only http(s), and (unless
`allow_private`) never an address that resolves to a private, loopback, link-local or reserved
IP (SSRF: a fiche must not make the server probe its own network; see SECURITY.md)."""

import asyncio
import email.utils
import ipaddress
import logging
import socket
import ssl
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urljoin

import httpx

from .enums import LinkStatus

logger = logging.getLogger(__name__)

WEB_SCHEMES = ("http", "https")
HEAD_REFUSED = frozenset({403, 405, 501})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
PERMANENT_REDIRECTS = frozenset({301, 308})


@dataclass(frozen=True)
class CheckOptions:
    timeout: float = 20.0  # seconds for one attempt, redirects excluded (connect included)
    connect_timeout: float = 5.0
    concurrency: int = 8
    per_host: int = 2
    delay: float = 0.5  # seconds a host is left alone after each request
    retries: int = 2
    backoff: float = 1.0  # first wait before a retry; doubled each time
    max_retry_after: float = 30.0
    max_redirects: int = 5
    allow_private: bool = False
    user_agent: str = "cahier-link-checker"


@dataclass(frozen=True)
class Outcome:
    status: str
    http_code: int | None = None
    final_url: str = ""
    message: str = ""


class _Stop(Exception):
    """A flow signal: the check of one address ends with this outcome."""

    def __init__(self, outcome: Outcome):
        self.outcome = outcome


def check_urls(urls: Iterable[str], options: CheckOptions | None = None) -> dict[str, Outcome]:
    """Check each address once (duplicates are checked once) and return its outcome. Runs
    its own event loop: in this thread, or in a helper thread when this one already runs a
    loop (an async worker, or Playwright's sync API in the tests)."""
    unique = list(dict.fromkeys(urls))
    if not unique:
        return {}
    work = _check_all(unique, options or CheckOptions())
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(work)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, work).result()


async def _check_all(urls: list[str], options: CheckOptions) -> dict[str, Outcome]:
    timeout = httpx.Timeout(options.timeout, connect=min(options.connect_timeout, options.timeout))
    # No connection reuse: a connection opened for one name must not carry a request for
    # another name that resolved to the same address (the TLS name is checked at connection).
    limits = httpx.Limits(
        max_connections=max(options.concurrency, 1) * 2, max_keepalive_connections=0
    )
    async with httpx.AsyncClient(
        timeout=timeout,
        limits=limits,
        follow_redirects=False,
        headers={"User-Agent": options.user_agent, "Accept": "*/*"},
        trust_env=False,  # no proxy or .netrc from the environment
    ) as client:
        checker = _Checker(client, options)
        outcomes = await asyncio.gather(*(checker.check(url) for url in urls))
    return dict(zip(urls, outcomes, strict=True))


def _is_tls_error(error: BaseException) -> bool:
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLError | ssl.CertificateError):
            return True
        seen = seen.__cause__ or seen.__context__
    text = str(error).upper()
    return "SSL" in text or "CERTIFICATE" in text or "TLS" in text


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return address.is_global and not address.is_multicast


def _pinned(url: httpx.URL, address: str | None) -> dict:
    """The request for *url* sent to the vetted *address*: the IP in the URL, the name in the
    Host header and (https) in the TLS handshake, where the certificate is checked against it."""
    if address is None:
        return {"url": url, "named": {}}
    named: dict = {"headers": {"Host": url.netloc.decode("ascii")}}
    if url.scheme == "https":
        named["extensions"] = {"sni_hostname": url.host}
    return {"url": url.copy_with(host=address), "named": named}


def _retry_after(headers: httpx.Headers) -> float | None:
    """Retry-After in seconds (a number of seconds or an HTTP date), None when absent/odd."""
    value = headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(moment.timestamp() - time.time(), 0.0)


def _seconds(value: float) -> str:
    return f"{value:g}".replace(".", ",") + "\u00a0s"


def broken_message(code: int) -> str:
    reasons = {
        401: "accès réservé (authentification demandée)",
        403: "accès refusé",
        404: "page introuvable",
        410: "page supprimée",
        429: "trop de requêtes, le site demande d’attendre",
    }
    reason = reasons.get(code) or ("erreur du serveur" if code >= 500 else "requête refusée")
    return f"Le serveur répond {code} ({reason})."


class _Checker:
    def __init__(self, client: httpx.AsyncClient, options: CheckOptions):
        self.client = client
        self.options = options
        self.slots = asyncio.Semaphore(max(options.concurrency, 1))
        self.hosts: dict[str, asyncio.Semaphore] = {}

    async def check(self, url: str) -> Outcome:
        async with self.slots:
            try:
                return await self._follow(url)
            except _Stop as stop:
                return stop.outcome
            except Exception as error:  # one odd link must not stop the whole run
                logger.exception("link check of %s failed", url)
                return Outcome(
                    LinkStatus.ERROR,
                    final_url=url,
                    message=f"Vérification impossible ({type(error).__name__}).",
                )

    async def _follow(self, url: str) -> Outcome:
        current, hops, permanent = url, 0, True
        while True:
            address = await self._vet(current, redirected=hops > 0)
            code, headers = await self._request(current, address)
            location = headers.get("location")
            if code in REDIRECTS and location:
                hops += 1
                if hops > self.options.max_redirects:
                    raise _Stop(
                        Outcome(
                            LinkStatus.ERROR,
                            code,
                            current,
                            f"Plus de {self.options.max_redirects} redirections : "
                            "le lien tourne en rond.",
                        )
                    )
                permanent = permanent and code in PERMANENT_REDIRECTS
                current = urljoin(current, location)
                continue
            if code >= 400:
                return Outcome(LinkStatus.BROKEN, code, current, broken_message(code))
            if hops:
                kind = "définitivement" if permanent else "temporairement"
                return Outcome(
                    LinkStatus.REDIRECT,
                    code,
                    current,
                    f"Le lien redirige {kind} vers une autre adresse : à remplacer si elle "
                    "convient.",
                )
            return Outcome(LinkStatus.OK, code, current)

    async def _vet(self, url: str, *, redirected: bool) -> str | None:
        """Only http(s), and no private or local address unless allowed (SSRF). Returns the
        address to connect to (None when private addresses are allowed: httpx resolves)."""
        prefix = "Le lien redirige vers une adresse qui" if redirected else "Le lien"
        try:
            parsed = httpx.URL(url)
        except httpx.InvalidURL:
            raise _Stop(
                Outcome(LinkStatus.ERROR, final_url=url, message="Adresse web invalide.")
            ) from None
        if parsed.scheme not in WEB_SCHEMES or not parsed.host:
            raise _Stop(
                Outcome(
                    LinkStatus.ERROR,
                    final_url=url,
                    message=f"{prefix} n’est pas une adresse web (http ou https) : non suivi.",
                )
            )
        if self.options.allow_private:
            return None
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        try:
            found = await asyncio.get_running_loop().getaddrinfo(
                parsed.host, port, type=socket.SOCK_STREAM
            )
        except (OSError, UnicodeError):
            raise _Stop(
                Outcome(
                    LinkStatus.ERROR,
                    final_url=url,
                    message=f"Nom de domaine introuvable : {parsed.host}.",
                )
            ) from None
        addresses = [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in found]
        if not addresses:
            raise _Stop(
                Outcome(
                    LinkStatus.ERROR,
                    final_url=url,
                    message=f"Nom de domaine introuvable : {parsed.host}.",
                )
            )
        for address in addresses:
            if not _is_public(address):
                raise _Stop(
                    Outcome(
                        LinkStatus.ERROR,
                        final_url=url,
                        message=f"{prefix} mène à une adresse privée ou locale ({address}) : "
                        "refusé (réglage CAHIER_LINKCHECK_ALLOW_PRIVATE).",
                    )
                )
        # Connect to the address just vetted, not to a second resolution (DNS rebinding).
        return str(addresses[0])

    async def _request(self, url: str, address: str | None) -> tuple[int, httpx.Headers]:
        """One request, retried on connection errors, 5xx and 429; stops on anything final."""
        options = self.options
        for attempt in range(options.retries + 1):
            last = attempt == options.retries
            wait = options.backoff * 2**attempt
            try:
                code, headers = await self._attempt(url, address)
            except (TimeoutError, httpx.TimeoutException):
                raise _Stop(
                    Outcome(
                        LinkStatus.TIMEOUT,
                        final_url=url,
                        message=f"Pas de réponse en {_seconds(options.timeout)}.",
                    )
                ) from None
            except httpx.TransportError as error:
                if _is_tls_error(error):
                    raise _Stop(
                        Outcome(
                            LinkStatus.TLS_ERROR,
                            final_url=url,
                            message="La connexion sécurisée (TLS) échoue : certificat invalide, "
                            "expiré ou serveur qui ne parle pas HTTPS.",
                        )
                    ) from None
                if last:
                    raise _Stop(
                        Outcome(
                            LinkStatus.ERROR,
                            final_url=url,
                            message="Serveur injoignable (connexion refusée ou interrompue).",
                        )
                    ) from None
            else:
                if (code == 429 or code >= 500) and not last:
                    asked = _retry_after(headers)
                    wait = min(asked if asked is not None else wait, options.max_retry_after)
                else:
                    return code, headers
            await asyncio.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _attempt(self, url: str, address: str | None) -> tuple[int, httpx.Headers]:
        """HEAD, then GET (body not read) if HEAD is refused; one host slot, then a pause."""
        target = httpx.URL(url)
        pinned = _pinned(target, address)
        slot = self.hosts.setdefault(
            target.host.lower(), asyncio.Semaphore(max(self.options.per_host, 1))
        )
        async with slot:
            try:
                async with asyncio.timeout(self.options.timeout):
                    response = await self.client.head(pinned["url"], **pinned["named"])
                    if response.status_code in HEAD_REFUSED:
                        async with self.client.stream(
                            "GET", pinned["url"], **pinned["named"]
                        ) as response:
                            pass
                    return response.status_code, response.headers
            finally:
                if self.options.delay:
                    await asyncio.sleep(self.options.delay)
