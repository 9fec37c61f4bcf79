"""The bare baseline of the cold-start benchmark: load RDF files into pyoxigraph and run SPARQL files, nothing else.

``python bare.py QUERY.rq [QUERY.rq …] -- DATA.ttl [DATA.ttl …]``: each data file into its own named graph, each
query over their union, every row written tab-separated. It imports nothing but pyoxigraph (run it as a file, not
as a module of the package, so that no package code is imported either).
"""

import sys

import pyoxigraph as ox


def main(argv: list[str]) -> int:
    split = argv.index("--")
    queries, files = argv[:split], argv[split + 1:]
    store = ox.Store()
    for index, path in enumerate(files):
        store.bulk_load(path=path, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(f"urn:bare:graph:{index}"))
    out = sys.stdout
    for path in queries:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        result = store.query(text, use_default_graph_as_union=True)
        if isinstance(result, ox.QuerySolutions):
            for row in result:
                out.write("\t".join(term.value if term is not None else "" for term in row) + "\n")
        else:
            for triple in result:
                out.write(f"{triple}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
