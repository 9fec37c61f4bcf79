# zh: 为已采纳的规范记录其所依据的法条（cg:restsOn，SPARQL 更新）。
# en: Record the statute article a promoted norm rests on (cg:restsOn, a SPARQL Update), in the named graph that holds the norm.
# param: norm iri  The norm.
# param: basis iri  The statute or article it rests on (law:labour-contract-law-art-23).
# row: None (an update).
PREFIX cg: <https://w3id.org/clausegraph/ontology#>

INSERT { GRAPH ?graph { ?norm cg:restsOn ?basis } }
WHERE {
  GRAPH ?graph { ?norm cg:bearer ?bearer . }
}
