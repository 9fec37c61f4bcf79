"""The HTTP service: the assembly API, the named questions, a read-only SPARQL 1.1 endpoint and the
drafter's web page (``clausegraph serve``)."""
