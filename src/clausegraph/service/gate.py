"""The service's front gate (ASGI middleware), before any route runs.

- ``Host`` must name this service (``ServiceSettings.allowed_hosts``): a page on another site that
  resolves its own name to 127.0.0.1 (DNS rebinding) is refused with 400.
- A browser request from another site is refused with 403 — a form POST needs no CORS preflight,
  so without this any page a user visits could make the service run a query. Browsers say where a
  request comes from (``Sec-Fetch-Site``, ``Origin``); the service's own page is same-origin, clients
  that are not browsers send neither, and ``--cors ORIGIN`` admits a named origin (e.g. a hosted
  YASGUI). Following a link to the page stays possible.
- A request target longer than ``Limits.max_url_bytes`` gets 414 in JSON.
- A body declared or streamed past ``Limits.max_body_bytes`` gets 413 in JSON, unread.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.responses import JSONResponse

from .settings import ServiceSettings

_API_PREFIXES = ("/sparql", "/v1/")


def _host_name(value: str) -> str:
    """The name in a Host header or an origin's netloc, without port; IPv6 brackets removed."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:].partition("]")[0]
    return value.rpartition(":")[0] if value.count(":") == 1 else value


class BodyTooLarge(Exception):
    """Raised inside the app when a streamed body passes the limit."""


class Gate:
    """ASGI middleware enforcing the host, origin, URL length and body limits."""

    def __init__(self, app, settings: ServiceSettings):
        self.app = app
        self.settings = settings
        self.hosts = {h.lower().strip("[]") for h in settings.allowed_hosts}
        self.origins = {o.rstrip("/").lower() for o in settings.cors_origins}

    async def _refuse(self, scope, receive, send, status: int, error: str, detail: str) -> None:
        await JSONResponse({"error": error, "detail": detail}, status_code=status)(scope, receive, send)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers") or []}
        limits = self.settings.limits
        host = headers.get("host", "")
        if "*" not in self.hosts and _host_name(host) not in self.hosts:
            await self._refuse(scope, receive, send, 400, "bad-host",
                               f"the Host header {host!r} does not name this service; it answers to {', '.join(sorted(self.hosts))} "
                               "(start it with --allowed-host NAME to add one)")
            return
        if self._cross_site(scope, headers, host):
            await self._refuse(scope, receive, send, 403, "cross-site-refused",
                               "a request from another web site is refused; call the API from the service's own page or "
                               "from a client that is not a browser, or start the service with --cors ORIGIN")
            return
        target = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
        if target > limits.max_url_bytes:
            await self._refuse(scope, receive, send, 414, "uri-too-long",
                               f"the request target is {target:,} bytes, more than {limits.max_url_bytes:,}; POST the query instead")
            return
        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limits.max_body_bytes:
            await self._refuse(scope, receive, send, 413, "body-too-large", _body_message(limits.max_body_bytes))
            return
        received = 0

        async def limited_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limits.max_body_bytes:
                    raise BodyTooLarge(_body_message(limits.max_body_bytes))
            return message

        await self.app(scope, limited_receive, send)

    def _cross_site(self, scope, headers: dict[str, str], host: str) -> bool:
        origin = headers.get("origin")
        if origin is not None and origin != "null":
            if origin.rstrip("/").lower() in self.origins:
                return False
            if urlsplit(origin).netloc.lower() != host.lower():
                return True
        elif origin == "null":  # sandboxed frames and some redirects: never the service's own page
            return True
        if headers.get("sec-fetch-site") == "cross-site":
            navigating = scope["method"] in ("GET", "HEAD") and headers.get("sec-fetch-mode") == "navigate"
            return not navigating or scope["path"].startswith(_API_PREFIXES)
        return False


def _body_message(limit: int) -> str:
    return f"the request body is larger than the limit of {limit:,} bytes"
