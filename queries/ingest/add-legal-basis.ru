# zh: 为已采纳的规范添加法律依据（SPARQL 更新）。
# en: Add a legal basis to a promoted norm (a SPARQL Update), in the named graph that holds the norm.
# param: norm iri  The norm.
# param: basis iri  The statute or article it rests on (law:labour-contract-law-art-23).
# row: None (an update).
PREFIX cg: <https://w3id.org/clausegraph/ontology#>

INSERT { GRAPH ?graph { ?norm cg:legalBasis ?basis } }
WHERE {
  GRAPH ?graph { ?norm cg:bearer ?bearer . }
}
