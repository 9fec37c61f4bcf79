"""Locks around libraries that are not thread-safe, for the service's worker threads.

rdflib parses SPARQL with pyparsing, whose packrat cache is shared and not thread-safe: two threads
parsing at once on a fresh process can corrupt it, and every later parse fails
(``Param.postParse2() missing … 'tokenList'``). pySHACL parses its SPARQL constraints with it, the
SPARQL endpoint's guard parses queries with it, and the rdflib backend evaluates with it.
"""

from __future__ import annotations

import threading

RDFLIB_SPARQL = threading.RLock()
