"""The FastAPI application: assembly API, named questions, SPARQL endpoint, health and the web page.

Every error reaches the client as JSON ``{"error": code, "detail": message}`` (plus ``violations``
for a refused variant); no stack trace ever does. The status and code of an error come from its
class (:mod:`clausegraph.errors`). Every query on a local store runs in a query worker
(:mod:`clausegraph.service.pool`), under the same time, result, memory and size limits whichever
path it came by; the server process itself only assembles agreements and waits on workers.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import AsyncIterator
from dataclasses import asdict
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__, queries, review
from ..drafting import FORMATS, Template, assemble, check, parse_spec, read_template, render, spec_schema
from ..drafting.spec import spec_json
from ..drafting.docx import package_from_bytes
from ..drafting.template import Option
from ..errors import ClauseGraphError, QueryTimeout, Refused, SpecError, StoreTimeout
from ..graph import load_store
from ..sources import PREFIXES, TEMPLATE, graph_sources
from ..store import SparqlStore, Store
from . import worker
from .gate import BodyTooLarge, Gate
from .limits import Limits
from .negotiation import negotiate
from .pool import QueryPool
from .settings import ServiceSettings
from .sparql import Answer, select_document, serialize_limited

STATIC = Path(__file__).parent / "static"
#: The page's Content-Security-Policy: scripts, styles, fonts, frames and requests only from the service
#: itself (YASGUI and Chart.js are served from static/vendor/), so no request leaves the machine, an
#: inline script or handler never runs (e.g. markup smuggled into a result cell), and the preview of an
#: assembled HTML document sits in a sandboxed frame without scripts. Inline styles are allowed: the
#: HTML documents and the table plugin carry them.
PAGE_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
            "font-src 'self' data:; connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; "
            "form-action 'self'; frame-ancestors 'none'")
DOCUMENT_TYPES = {
    "txt": "text/plain; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
REVIEW_TYPES = {"json": "application/json", "md": DOCUMENT_TYPES["md"], "html": DOCUMENT_TYPES["html"], "docx": DOCUMENT_TYPES["docx"]}
_ACCEPT_TO_FORMAT = {"text/plain": "txt", "text/markdown": "md", "text/html": "html", DOCUMENT_TYPES["docx"]: "docx"}


class ApiError(ClauseGraphError):
    """An error of the HTTP layer itself, answered with a status code and a JSON body."""

    def __init__(self, status: int, error: str, detail: str, **extra: Any):
        super().__init__(detail)
        self.http_status, self.code, self.extra = status, error, extra

    def details(self) -> dict[str, Any]:
        return self.extra


def _option_json(o: Option) -> dict[str, Any]:
    choices = [{"value": value, "label_zh": zh, "label_en": en} for value, (zh, en) in zip(o.allowed, o.allowed_labels, strict=True)]
    return {"key": o.key, "type": "list" if o.is_list else o.datatype, "default": [] if o.is_list else o.default,
            "allowed": list(o.allowed), "choices": choices, "label_zh": o.label_zh, "label_en": o.label_en,
            "definition_zh": o.definition_zh, "definition_en": o.definition_en}


def _question_json(q: queries.QueryFile) -> dict[str, Any]:
    return {"name": q.name, "question_zh": q.question_zh, "question_en": q.question_en, "row": q.row, "scope": q.scope,
            "params": [{"name": p.name, "type": p.type, "default": p.default, "optional": p.optional, "doc": p.doc} for p in q.params],
            "example": q.example, "query": q.text}


async def _spec(request: Request) -> dict[str, Any]:
    return _spec_from(await request.body())


async def _spec_and_reference(request: Request) -> tuple[dict[str, Any], bytes | None]:
    """The spec, and a reference .docx when the body is multipart/form-data (fields ``spec``: the JSON spec, and
    ``reference``: the firm's .docx whose styles the DOCX takes); a JSON body has no reference."""
    if not request.headers.get("content-type", "").startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        return await _spec(request), None
    async with request.form(max_files=1, max_fields=4) as form:
        unknown = sorted(set(form) - {"spec", "reference"})
        if unknown:
            raise ApiError(400, "bad-request", f"unknown form field {unknown[0]!r}; send 'spec' (the JSON spec) and 'reference' (a .docx)")
        spec, reference = form.get("spec"), form.get("reference")
        if spec is not None and not isinstance(spec, str):
            spec = (await spec.read()).decode("utf-8", errors="replace")
        if reference is not None and isinstance(reference, str):
            raise ApiError(400, "bad-request", "the form field 'reference' must be a file: the firm's .docx")
        data = await reference.read() if reference is not None else None
    return _spec_from((spec or "").encode("utf-8")), data


def _spec_from(body: bytes) -> dict[str, Any]:
    if not body.strip():
        return {}
    try:
        spec = spec_json(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ApiError(400, "bad-json", f"the body is not JSON: {exc}; send a JSON object of option keys to values") from exc
    except RecursionError:
        raise ApiError(400, "bad-json", "the JSON nests too deeply; a spec is an object of option keys to values") from None
    except ValueError as exc:  # e.g. an integer of thousands of digits (Python's int conversion limit)
        raise ApiError(400, "bad-json", f"the body holds a value JSON cannot carry here: {exc}") from None
    if not isinstance(spec, dict):
        raise ApiError(422, "invalid-spec", f"the spec must be a JSON object of option keys to values, not {type(spec).__name__}",
                       violations=[])
    return spec


def _single_params(items: list[tuple[str, str]], what: str) -> dict[str, str]:
    """Query or form parameters as a dict; a parameter given twice is refused, never silently overridden."""
    seen: dict[str, str] = {}
    for key, value in items:
        if key in seen:
            raise ApiError(400, "bad-request", f"the parameter {key!r} is given more than once in the {what}; give it once")
        seen[key] = value
    return seen


@contextlib.asynccontextmanager
async def _remote_deadline(limits: Limits) -> AsyncIterator[None]:
    """A remote store that runs out of time is the query's time limit, said as such (503)."""
    try:
        yield
    except StoreTimeout:
        raise QueryTimeout(f"the query ran past the {limits.query_timeout_s:g} s limit") from None


def _docs_assets() -> Path:
    """Swagger UI's files as the fastapi-offline package ships them (FastAPI's own /docs loads them from a CDN)."""
    import fastapi_offline

    return Path(fastapi_offline.__file__).parent / "static"


def _open_parent_store(settings: ServiceSettings) -> Store:
    """The server's own store, for assembly: the project's graph in memory, the persistent store read-only,
    or the remote endpoint with the query time limit as its deadline."""
    if settings.store.startswith("sparql:"):
        remote = load_store(spec=settings.store)
        assert isinstance(remote, SparqlStore)
        remote.timeout = settings.limits.query_timeout_s
        remote.max_response_bytes = settings.limits.max_results * 4096 + 1_000_000
        return remote
    return load_store(spec=settings.store, read_only=True)


def create_app(settings: ServiceSettings | None = None) -> FastAPI:
    """The service (an app factory: ``uvicorn --factory clausegraph.service:create_app`` reads the settings
    from ``CLAUSEGRAPH_*`` environment variables, see :mod:`clausegraph.service.settings`)."""
    settings = settings or ServiceSettings.from_env()
    limits = settings.limits
    store = _open_parent_store(settings)
    # the service assembles, reviews and answers the template's questions: a store without the template is refused
    # now, with what to load, before any query worker starts
    queries.require_template(store, asked_by="the service (assembly, review, the template questions)", agreement=TEMPLATE)
    sizes = store.graph_sizes()  # the served store does not change while it is served: counted once
    health = {"status": "ok", "store": store.spec, "graphs": len(sizes), "triples": sum(n for _, n in sizes)}
    sources = tuple(graph_sources()) if settings.store in ("memory", "rdflib", "oxrdflib") else ()
    pool = QueryPool(worker.WorkerConfig(settings.store, sources, limits, settings.sandbox))
    health["sandbox"] = pool.ready()["sandbox"]
    app = FastAPI(
        title="clausegraph",
        version=__version__,
        description="Assemble variants of the departure confidentiality agreement and ask the clause graph. "
        "Read-only SPARQL 1.1 endpoint at /sparql.",
        on_shutdown=[pool.close],
        docs_url=None,  # served below from the package's own copy of Swagger UI: /docs works offline
        redoc_url=None,
    )
    # the agreement template, read once: the served store does not change while it is served
    template: Template = read_template(store)
    variants_body = {"title": dict(template.title), "options": [_option_json(o) for o in template.options], "schema": spec_schema(template)}
    warm = assemble(template, parse_spec(template, {}))
    for fmt in FORMATS:  # compile the layout templates and build the DOCX package before the first request
        render(warm, fmt)
    app.state.store, app.state.settings, app.state.pool, app.state.template = store, settings, pool, template
    # the review's rules, run on the template once (the store does not change while served): a review is then Python
    ruleset = review.rules_for(store)
    review.render(review.review_spec(ruleset, template, {}), "html")  # compile the memo's templates before the first request

    # --- errors: JSON, never a trace; status and code from the error's class -----------------------
    @app.exception_handler(ClauseGraphError)
    async def _clausegraph_error(_request: Request, exc: ClauseGraphError) -> JSONResponse:
        body: dict[str, Any] = {"error": exc.code, "detail": str(exc), **exc.details()}
        return JSONResponse(body, status_code=exc.http_status, headers=exc.headers or None)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {404: "not-found", 405: "method-not-allowed", 413: "body-too-large", 415: "unsupported-media-type"}
        return JSONResponse({"error": codes.get(exc.status_code, "http-error"), "detail": str(exc.detail)}, status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        detail = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        return JSONResponse({"error": "bad-request", "detail": detail}, status_code=400)

    @app.exception_handler(BodyTooLarge)
    async def _body_too_large(_request: Request, exc: BodyTooLarge) -> JSONResponse:
        return JSONResponse({"error": "body-too-large", "detail": str(exc)}, status_code=413)

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"error": "internal", "detail": f"the server failed ({type(exc).__name__}); see its log"}, status_code=500)

    app.add_middleware(Gate, settings=settings)
    if settings.cors_origins:
        from starlette.middleware.cors import CORSMiddleware

        # the origins as browsers send them, compared as the gate does ("https://Y.example/" is https://y.example);
        # a hosted YASGUI (an https page) calling a service on this machine: Chrome's Private Network Access asks
        # the preflight whether a public origin may reach a local address, and the origins named may
        origins = sorted({o.strip().rstrip("/").lower() for o in settings.cors_origins})
        app.add_middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST"],
                           allow_headers=["Content-Type", "Accept"], allow_private_network=True)

    # --- routes -----------------------------------------------------------------------------------
    @app.get("/healthz", summary="Liveness, the store's size (counted at start) and the query workers' network wall")
    async def healthz() -> dict[str, Any]:
        return health

    @app.get("/v1/variants", summary="The option schema of the agreement template (from the graph)")
    async def variants() -> dict[str, Any]:
        return variants_body

    @app.post("/v1/check", summary="Check a variant spec against the template's rules: violations (with legal grounds) "
              "and warnings; nothing is assembled")
    async def check_variant(request: Request) -> dict[str, Any]:
        try:
            findings = check(template, parse_spec(template, await _spec(request)))
        except SpecError as exc:
            return {"valid": False, **exc.details()}
        return {"valid": not findings.refused, "violations": [asdict(f) for f in findings.violations],
                "warnings": [asdict(f) for f in findings.warnings]}

    @app.post(
        "/v1/assemble",
        summary="Assemble a variant: JSON spec in, the document out (txt, md, html, docx by ?format= or Accept); a firm's "
        "reference .docx as the DOCX's style source by multipart/form-data (fields spec and reference)",
        responses={200: {"content": {t: {} for t in DOCUMENT_TYPES.values()}}, 422: {"description": "variant refused or spec invalid"}},
    )
    async def assemble_variant(request: Request, format: str | None = None) -> Response:  # noqa: A002 - the API's name
        _single_params(request.query_params.multi_items(), "query string")
        fmt = format
        if fmt is None:
            chosen = negotiate(request.headers.get("accept"), list(_ACCEPT_TO_FORMAT))
            if chosen is None:
                raise ApiError(406, "not-acceptable", f"cannot answer {request.headers.get('accept')!r}; accept one of {', '.join(_ACCEPT_TO_FORMAT)}")
            fmt = _ACCEPT_TO_FORMAT[chosen]
        if fmt not in FORMATS:
            raise ApiError(400, "bad-request", f"format {fmt!r} is not one of {', '.join(FORMATS)}")
        # parse, check, assemble and render are pure Python over the template, well under a millisecond for
        # text (a few for docx): done on the event loop, as a thread would only add a hand-off under the GIL
        spec, reference = await _spec_and_reference(request)
        if reference is not None and fmt != "docx":
            raise ApiError(400, "bad-request", f"a reference document is for format docx, not {fmt}; ask for docx or leave 'reference' out")
        document = assemble(template, parse_spec(template, spec))
        if reference is not None:  # a firm's styles: its package is built (and checked) off the event loop
            package = await run_in_threadpool(package_from_bytes, reference, name="the reference document")
            body = await run_in_threadpool(render, document, fmt, package=package)
        else:
            body = render(document, fmt)
        headers = {"X-Clausegraph-Warnings": str(len(document.warnings))}
        if fmt == "docx":
            headers["Content-Disposition"] = 'attachment; filename="agreement.docx"'
        return Response(body, media_type=DOCUMENT_TYPES[fmt], headers=headers)

    @app.post(
        "/v1/review",
        summary="Review a variant: the same JSON spec as /v1/assemble in, the legal review's findings out (json, or the memo as "
        "md, html or docx by ?format=); ?on=YYYY-MM-DD is the review day (default today)",
        responses={200: {"content": {t: {} for t in REVIEW_TYPES.values()}}, 422: {"description": "spec invalid or variant malformed"}},
    )
    async def review_variant(request: Request, format: str = "json", on: str | None = None) -> Response:  # noqa: A002
        _single_params(request.query_params.multi_items(), "query string")
        if format not in REVIEW_TYPES:
            raise ApiError(400, "bad-request", f"format {format!r} is not one of {', '.join(REVIEW_TYPES)}")
        try:
            day = dt.date.fromisoformat(on) if on is not None else None
        except ValueError:
            raise ApiError(400, "bad-request", f"on {on!r} is not a day; write YYYY-MM-DD") from None
        # pure Python over the rules' candidates and the template (well under a millisecond); a DOCX memo in a thread
        result = review.review_spec(ruleset, template, await _spec(request), on=day)
        body = await run_in_threadpool(review.render, result, format) if format == "docx" else review.render(result, format)
        headers = {"X-Clausegraph-Findings": str(len(result.findings))}
        if format == "docx":
            headers["Content-Disposition"] = 'attachment; filename="review.docx"'
        return Response(body, media_type=REVIEW_TYPES[format], headers=headers)

    @app.get("/v1/crosswalk", summary="The labels of a contract dataset (?scheme=contractnli, cuad or ledgar) for the template "
             "or a variant: the rest of the query string is the spec, as /v1/assemble takes it (omit=3.4&language=en)")
    async def crosswalk_labels(request: Request) -> dict[str, Any]:
        params = _single_params(request.query_params.multi_items(), "query string")
        scheme = params.pop("scheme", None)
        if not scheme:
            raise ApiError(400, "bad-request", "give ?scheme=contractnli, cuad or ledgar (and the spec's options, e.g. &omit=3.4)")
        spec = params or None
        # SPARQL over the variant's graph: in a query worker, as every query on a local store runs
        if settings.store.startswith("sparql:"):
            from ..crosswalk import answer_json, crosswalk

            async with pool.slot(), _remote_deadline(limits):
                return await run_in_threadpool(lambda: answer_json(crosswalk(store, scheme, spec=spec)))
        return await pool.run(worker.crosswalk, scheme, spec)

    @app.get("/v1/examples", summary="Starter queries for a SPARQL console (queries/console/*.rq) and the project's prefixes")
    def examples() -> dict[str, Any]:
        starters = [{"name": q.name, "question_zh": q.question_zh, "question_en": q.question_en, "row": q.row, "query": q.text}
                    for q in queries.list_queries("console")]
        return {"prefixes": PREFIXES, "examples": starters}

    @app.get("/v1/questions", summary="The named competency questions (with their SPARQL)")
    def list_questions() -> list[dict[str, Any]]:
        return [_question_json(q) for q in queries.list_queries("questions")]

    @app.get("/v1/questions/{name}", summary="Answer a named question; its parameters as query parameters")
    async def answer(name: str, request: Request) -> dict[str, Any]:
        question = queries.get_question(name)
        params = _single_params(request.query_params.multi_items(), "query string")
        known = {p.name for p in question.params}
        unknown = sorted(set(params) - known)
        if unknown:
            raise ApiError(400, "bad-request", f"question {name!r} has no parameter {', '.join(unknown)}; "
                           f"its parameters: {', '.join(sorted(known)) or '(none)'}")
        if settings.store.startswith("sparql:"):
            async with pool.slot(), _remote_deadline(limits):
                result = await run_in_threadpool(queries.ask, store, name, params)
                results = await run_in_threadpool(select_document, result, limits.max_results)
        else:
            results = await pool.run(worker.answer_question, name, params)
        return {"question": _question_json(question), "results": results}

    sparql_doc = {
        "summary": "SPARQL 1.1 Protocol query (read-only: updates, LOAD, SERVICE and FROM are refused)",
        "responses": {200: {"content": {t: {} for t in ("application/sparql-results+json", "application/sparql-results+xml",
                                                         "text/csv", "text/tab-separated-values", "text/turtle",
                                                         "application/n-triples", "application/ld+json")}}},
    }

    @app.get("/sparql", operation_id="sparql_get", **sparql_doc)
    async def sparql_get(request: Request) -> Response:
        return await sparql(request)

    @app.post("/sparql", operation_id="sparql_post", **sparql_doc)
    async def sparql_post(request: Request) -> Response:
        return await sparql(request)

    async def sparql(request: Request) -> Response:
        text, fmt = await _protocol_query(request)
        accept = request.headers.get("accept")
        if settings.store.startswith("sparql:"):
            checked, media_type = await pool.run(worker.check, text, fmt, accept)
            async with pool.slot(), _remote_deadline(limits):
                result = await run_in_threadpool(store.query, checked.text)
                answer = Answer(await run_in_threadpool(serialize_limited, result, checked.form, media_type, limits.max_results), media_type)
        else:
            answer = await pool.run(worker.answer_sparql, text, fmt, accept)
        charset = "; charset=utf-8" if answer.media_type.startswith("text/") or answer.media_type.endswith("json") else ""
        return Response(answer.body, media_type=f"{answer.media_type}{charset}")

    app.mount("/static", StaticFiles(directory=STATIC, check_dir=False), name="static")
    app.mount("/docs-assets", StaticFiles(directory=_docs_assets()), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> Response:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="clausegraph API",
                                   swagger_js_url="/docs-assets/swagger-ui-bundle.js", swagger_css_url="/docs-assets/swagger-ui.css",
                                   swagger_favicon_url="/docs-assets/favicon.png")

    @app.get("/", include_in_schema=False)
    def index() -> Response:
        page = STATIC / "index.html"
        if not page.is_file():
            raise ApiError(404, "not-found", "the web page is not installed")
        return FileResponse(page, media_type="text/html; charset=utf-8",
                            headers={"Content-Security-Policy": PAGE_CSP, "X-Content-Type-Options": "nosniff",
                                     "Referrer-Policy": "no-referrer"})

    return app


async def _protocol_query(request: Request) -> tuple[str, str | None]:
    """The query text and the optional ``format`` of a SPARQL Protocol request; updates and datasets refused."""
    items = list(request.query_params.multi_items())
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if request.method == "POST":
        body = await request.body()
        if content_type == "application/sparql-update":
            raise Refused("SPARQL Update is refused: this endpoint is read-only")
        if content_type == "application/sparql-query":
            items.append(("query", _decode(body)))
        elif content_type == "application/x-www-form-urlencoded":
            items += parse_qsl(_decode(body), keep_blank_values=True)
        else:
            raise ApiError(415, "unsupported-media-type", f"POST a query as application/sparql-query or as the form field "
                           f"'query' (application/x-www-form-urlencoded), not {content_type or 'no content type'}")
    params = _single_params(items, "request")
    if "update" in params:
        raise Refused("SPARQL Update is refused: this endpoint is read-only")
    for dataset in ("default-graph-uri", "named-graph-uri"):
        if dataset in params:
            raise ApiError(400, "bad-request", f"{dataset} is not supported: queries run over the union of the store's graphs")
    text = params.get("query", "")
    if not text.strip():
        raise ApiError(400, "bad-request", "no query: send ?query=… (GET), a form field 'query', or an application/sparql-query body")
    return text, params.get("format")


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, "bad-request", f"the request body is not UTF-8 ({exc.reason} at byte {exc.start}); send the query as UTF-8") from None
