"""The FastAPI application: assembly API, named questions, SPARQL endpoint, health and the web page.

Every error reaches the client as JSON ``{"error": code, "detail": message}`` (plus ``violations``
for a refused variant); no stack trace ever does.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pyoxigraph as ox
from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__, queries
from ..assemble import agreement_title, assemble
from ..errors import BadInputError, ClauseGraphError, QueryError, SpecError, UnknownNameError, ViolationsFound
from ..options import OptionDef, option_definitions
from ..render import FORMATS, render
from ..sources import PREFIXES
from ..store import Store
from ..variant import VariantRefused
from .limits import Limits
from .negotiation import negotiate
from .sparql import FORMAT_NAMES, QueryTimeout, Refused, TooManyResults, execute, guard, media_types

STATIC = Path(__file__).parent / "static"
DOCUMENT_TYPES = {
    "txt": "text/plain; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
_ACCEPT_TO_FORMAT = {"text/plain": "txt", "text/markdown": "md", "text/html": "html", DOCUMENT_TYPES["docx"]: "docx"}


class ApiError(Exception):
    """An error answered with a status code and a JSON body."""

    def __init__(self, status: int, error: str, detail: str, **extra: Any):
        super().__init__(detail)
        self.status, self.error, self.detail, self.extra = status, error, detail, extra


def _too_large(limit: int) -> ApiError:
    return ApiError(413, "body-too-large", f"the request body is larger than the limit of {limit:,} bytes")


class BodyLimit:
    """ASGI middleware: a body declared or streamed past ``max_bytes`` is refused with 413, unread."""

    def __init__(self, app, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            error = _too_large(self.max_bytes)
            await JSONResponse({"error": error.error, "detail": error.detail}, status_code=413)(scope, receive, send)
            return
        received = 0

        async def limited_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _too_large(self.max_bytes)
            return message

        await self.app(scope, limited_receive, send)


def _findings(exc: VariantRefused | SpecError) -> dict[str, list[dict[str, Any]]]:
    """The violations (and warnings) of a refused variant or an ill-typed spec, as /v1/check and a 422 give them."""
    if isinstance(exc, SpecError):
        return {"violations": [{"option": k, "message": m, "severity": "violation"} for k, m in exc.problems], "warnings": []}
    return {"violations": [asdict(i) for i in exc.issues], "warnings": [asdict(i) for i in exc.warnings]}


def option_schema(options: list[OptionDef]) -> dict[str, Any]:
    """A JSON Schema (2020-12) of a variant spec, built from the option definitions in the graph."""
    properties: dict[str, Any] = {}
    for o in options:
        if o.is_list:
            prop: dict[str, Any] = {"type": "array", "items": {"type": "string"}, "default": []}
        else:
            prop = {"type": o.datatype if o.datatype != "integer" else "integer"}
            if o.datatype == "integer":
                prop["minimum"] = 0
            if o.default is not None:
                prop["default"] = o.default
            elif o.datatype == "string":
                prop["type"] = ["string", "null"]
        if o.allowed:
            prop["enum"] = list(o.allowed)
        prop.update({"title": o.label_en, "description": o.definition_en, "x-label-zh": o.label_zh, "x-definition-zh": o.definition_zh})
        properties[o.key] = prop
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "clausegraph variant spec",
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }


def _option_json(o: OptionDef) -> dict[str, Any]:
    return {"key": o.key, "type": "list" if o.is_list else o.datatype, "default": [] if o.is_list else o.default,
            "allowed": list(o.allowed), "label_zh": o.label_zh, "label_en": o.label_en,
            "definition_zh": o.definition_zh, "definition_en": o.definition_en}


def _question_json(q: queries.QueryFile) -> dict[str, Any]:
    return {"name": q.name, "question_zh": q.question_zh, "question_en": q.question_en, "row": q.row, "scope": q.scope,
            "params": [{"name": p.name, "type": p.type, "default": p.default, "doc": p.doc} for p in q.params],
            "example": q.example, "query": q.text}


async def _spec(request: Request) -> dict[str, Any]:
    body = await request.body()
    if not body.strip():
        return {}
    try:
        spec = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ApiError(400, "bad-json", f"the body is not JSON: {exc}; send a JSON object of option keys to values") from exc
    if not isinstance(spec, dict):
        raise ApiError(422, "invalid-spec", f"the spec must be a JSON object of option keys to values, not {type(spec).__name__}",
                       violations=[])
    return spec


def create_app(store: Store, limits: Limits | None = None) -> FastAPI:
    """The service over ``store`` (already loaded)."""
    limits = limits or Limits()
    app = FastAPI(
        title="clausegraph",
        version=__version__,
        description="Assemble variants of the departure confidentiality agreement and ask the clause graph. "
        "Read-only SPARQL 1.1 endpoint at /sparql.",
    )
    app.state.store, app.state.limits = store, limits
    assemble(store, {})  # warm up: the shapes graph, pySHACL's parsed constraints, the assembly queries
    options_cache: list[OptionDef] = []

    def options() -> list[OptionDef]:
        if not options_cache:
            options_cache.extend(option_definitions(store))
        return options_cache

    # --- errors: JSON, never a trace -------------------------------------------------------------
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse({"error": exc.error, "detail": exc.detail, **exc.extra}, status_code=exc.status)

    @app.exception_handler(ClauseGraphError)
    async def _clausegraph_error(_request: Request, exc: ClauseGraphError) -> JSONResponse:
        if isinstance(exc, (VariantRefused, SpecError)):
            error = "variant-refused" if isinstance(exc, VariantRefused) else "invalid-spec"
            return JSONResponse({"error": error, "detail": str(exc), **_findings(exc)}, status_code=422)
        if isinstance(exc, QueryTimeout):
            return JSONResponse({"error": exc.code, "detail": str(exc)}, status_code=503)
        if isinstance(exc, (Refused, TooManyResults)):
            return JSONResponse({"error": exc.code, "detail": str(exc)}, status_code=400)
        if isinstance(exc, UnknownNameError):
            return JSONResponse({"error": "not-found", "detail": str(exc)}, status_code=404)
        if isinstance(exc, BadInputError):
            return JSONResponse({"error": "bad-request", "detail": str(exc)}, status_code=400)
        if isinstance(exc, ViolationsFound):
            return JSONResponse({"error": "violations", "detail": str(exc)}, status_code=422)
        if isinstance(exc, QueryError):
            return JSONResponse({"error": "bad-query", "detail": str(exc)}, status_code=400)
        return JSONResponse({"error": "store-error", "detail": str(exc)}, status_code=502)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {404: "not-found", 405: "method-not-allowed", 413: "body-too-large", 415: "unsupported-media-type"}
        return JSONResponse({"error": codes.get(exc.status_code, "http-error"), "detail": str(exc.detail)}, status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        detail = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        return JSONResponse({"error": "bad-request", "detail": detail}, status_code=400)

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"error": "internal", "detail": f"the server failed ({type(exc).__name__}); see its log"}, status_code=500)

    app.add_middleware(BodyLimit, max_bytes=limits.max_body_bytes)

    # --- routes -----------------------------------------------------------------------------------
    @app.get("/healthz", summary="Liveness and the store's size")
    def healthz() -> dict[str, Any]:
        sizes = store.graph_sizes()
        return {"status": "ok", "store": store.spec, "graphs": len(sizes), "triples": sum(n for _, n in sizes)}

    @app.get("/v1/variants", summary="The option schema of the agreement template (from the graph)")
    def variants() -> dict[str, Any]:
        opts = options()
        return {"title": agreement_title(store), "options": [_option_json(o) for o in opts], "schema": option_schema(opts)}

    @app.post("/v1/check", summary="Check a variant spec: violations (with legal grounds) and warnings, nothing rendered")
    async def check(request: Request) -> dict[str, Any]:
        spec = await _spec(request)
        try:
            document = await run_in_threadpool(assemble, store, spec)
        except (VariantRefused, SpecError) as exc:
            return {"valid": False, **_findings(exc)}
        return {"valid": True, "violations": [], "warnings": [asdict(i) for i in document.warnings]}

    @app.post(
        "/v1/assemble",
        summary="Assemble a variant: JSON spec in, the document out (txt, md, html, docx by ?format= or Accept)",
        responses={200: {"content": {t: {} for t in DOCUMENT_TYPES.values()}}, 422: {"description": "variant refused or spec invalid"}},
    )
    async def assemble_variant(request: Request, format: str | None = None) -> Response:  # noqa: A002 - the API's name
        fmt = format
        if fmt is None:
            chosen = negotiate(request.headers.get("accept"), list(_ACCEPT_TO_FORMAT))
            if chosen is None:
                raise ApiError(406, "not-acceptable", f"cannot answer {request.headers.get('accept')!r}; accept one of {', '.join(_ACCEPT_TO_FORMAT)}")
            fmt = _ACCEPT_TO_FORMAT[chosen]
        if fmt not in FORMATS:
            raise ApiError(400, "bad-request", f"format {fmt!r} is not one of {', '.join(FORMATS)}")
        spec = await _spec(request)
        document = await run_in_threadpool(assemble, store, spec)
        body = await run_in_threadpool(render, document, fmt)
        headers = {"X-Clausegraph-Warnings": str(len(document.warnings))}
        if fmt == "docx":
            headers["Content-Disposition"] = 'attachment; filename="agreement.docx"'
        return Response(body, media_type=DOCUMENT_TYPES[fmt], headers=headers)

    @app.get("/v1/examples", summary="Starter queries for a SPARQL console (queries/console/*.rq) and the project's prefixes")
    def examples() -> dict[str, Any]:
        starters = [{"name": q.name, "question_zh": q.question_zh, "question_en": q.question_en, "row": q.row, "query": q.text}
                    for q in queries.list_queries("console")]
        return {"prefixes": PREFIXES, "examples": starters}

    @app.get("/v1/questions", summary="The named competency questions (with their SPARQL)")
    def list_questions() -> list[dict[str, Any]]:
        return [_question_json(q) for q in queries.list_queries("questions")]

    @app.get("/v1/questions/{name}", summary="Answer a named question; its parameters as query parameters")
    def answer(name: str, request: Request) -> dict[str, Any]:
        question = queries.get_question(name)
        params = dict(request.query_params)
        known = {p.name for p in question.params}
        unknown = sorted(set(params) - known)
        if unknown:
            raise ApiError(400, "bad-request", f"question {name!r} has no parameter {', '.join(unknown)}; "
                           f"its parameters: {', '.join(sorted(known)) or '(none)'}")
        result = queries.ask(store, name, params)
        if isinstance(result, list):
            raise ApiError(500, "internal", "named questions are SELECT queries")
        return {"question": _question_json(question), "results": json.loads(result.serialize(format=ox.QueryResultsFormat.JSON))}

    sparql_doc = {
        "summary": "SPARQL 1.1 Protocol query (read-only: updates, LOAD and SERVICE are refused)",
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
        form = guard(text)
        offers = media_types(form)
        if fmt:
            media_type = FORMAT_NAMES.get(fmt)
            if media_type not in offers:
                raise ApiError(400, "bad-request", f"format {fmt!r} cannot answer a {form} query; use one of "
                               f"{', '.join(k for k, v in FORMAT_NAMES.items() if v in offers)}")
        else:
            media_type = negotiate(request.headers.get("accept"), offers)
            if media_type is None:
                raise ApiError(406, "not-acceptable", f"a {form} query can be answered as {', '.join(offers)}; "
                               f"the request accepts {request.headers.get('accept')!r}")
        answer = await run_in_threadpool(execute, store, text, form, media_type, limits)
        charset = "; charset=utf-8" if media_type.startswith("text/") or media_type.endswith("json") else ""
        return Response(answer.body, media_type=f"{media_type}{charset}")

    app.mount("/static", StaticFiles(directory=STATIC, check_dir=False), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> Response:
        page = STATIC / "index.html"
        if not page.is_file():
            raise ApiError(404, "not-found", "the web page is not installed")
        return FileResponse(page, media_type="text/html; charset=utf-8")

    return app


async def _protocol_query(request: Request) -> tuple[str, str | None]:
    """The query text and the optional ``format`` of a SPARQL Protocol request; updates and datasets refused."""
    params = dict(request.query_params)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if request.method == "POST":
        body = await request.body()
        if content_type == "application/sparql-update":
            raise Refused("SPARQL Update is refused: this endpoint is read-only")
        if content_type == "application/sparql-query":
            params["query"] = body.decode("utf-8", "replace")
        elif content_type == "application/x-www-form-urlencoded":
            form = {k: v[-1] for k, v in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items()}
            params.update(form)
        else:
            raise ApiError(415, "unsupported-media-type", f"POST a query as application/sparql-query or as the form field "
                           f"'query' (application/x-www-form-urlencoded), not {content_type or 'no content type'}")
    if "update" in params:
        raise Refused("SPARQL Update is refused: this endpoint is read-only")
    for dataset in ("default-graph-uri", "named-graph-uri"):
        if dataset in params:
            raise ApiError(400, "bad-request", f"{dataset} is not supported: queries run over the union of the store's graphs")
    text = params.get("query", "")
    if not text.strip():
        raise ApiError(400, "bad-request", "no query: send ?query=… (GET), a form field 'query', or an application/sparql-query body")
    return text, params.get("format")
