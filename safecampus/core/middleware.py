"""Request plumbing for every response: security headers, language, the client's address."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

# No inline scripts or styles anywhere: templates load vendored files only. Live video plays from blob: sources
# (Media Source Extensions) and may come from the deployment's own media servers (SAFECAMPUS_MEDIA_ORIGINS).


def policy(media_origins: tuple[str, ...] = ()) -> str:
    media = " ".join(media_origins)
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data: blob:",
            f"media-src 'self' blob: {media}".strip(),
            "font-src 'self'",
            f"connect-src 'self' {media}".strip(),
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


PERMISSIONS_POLICY = "camera=(self), microphone=(), geolocation=(self), payment=(), usb=()"


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        from django.conf import settings

        self.get_response = get_response
        self.policy = policy(tuple(getattr(settings, "SAFECAMPUS_MEDIA_ORIGINS", ())))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class PlatformLocaleMiddleware:
    """Chinese unless the user chose otherwise (language cookie), whatever the browser says.

    Many workstations in bureaus run English-language browsers; the platform
    must still open in Chinese. API clients may ask for a language with
    Accept-Language.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings
        from django.utils import translation

        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if request.path.startswith("/api/") and not language:
            language = translation.get_language_from_request(request)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        if not request.path.startswith("/api/"):
            from django.utils.cache import patch_vary_headers

            patch_vary_headers(response, ("Cookie",))
        return response


def client_address(request: HttpRequest) -> str:
    """The address the request came from, as far as this platform can trust it.

    Without a proxy (the default) it is REMOTE_ADDR: the peer of the TCP
    connection, which a client cannot forge. With SAFECAMPUS_BEHIND_PROXY on,
    the platform trusts exactly SAFECAMPUS_PROXY_HOPS reverse proxies in front
    of it, each appending the address it saw to X-Forwarded-For; the entry that
    many places from the right is the client's. Anything left of it was sent by
    the client and is ignored. A missing or malformed entry falls back to
    REMOTE_ADDR, and no address at all gives "" (address fields store it as null).
    """
    from django.conf import settings

    remote = request.META.get("REMOTE_ADDR") or ""
    if getattr(settings, "SAFECAMPUS_BEHIND_PROXY", False):
        hops = max(1, int(getattr(settings, "SAFECAMPUS_PROXY_HOPS", 1)))
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(forwarded) >= hops:
            remote = forwarded[-hops] or remote
    try:
        return str(ipaddress.ip_address(remote))
    except ValueError:
        fallback = request.META.get("REMOTE_ADDR") or ""
        try:
            return str(ipaddress.ip_address(fallback))
        except ValueError:
            return ""  # no address at all (a request made inside the server): stored as none


def address_bucket(address: str) -> str:
    """The unit an address is counted in: itself for IPv4, its /64 network for IPv6 (one subscriber's block)."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)
