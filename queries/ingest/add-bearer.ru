# zh: 为已采纳的规范添加另一承担者（SPARQL 更新；候选所称“双方”时用）。
# en: Add a further bearer to a promoted norm (a SPARQL Update; used when the candidate names both parties, 双方).
# param: candidate iri  The promoted candidate.
# param: norm iri  The norm made of it.
# param: bearer iri  The further party who bears the norm.
# param: type iri  The class of the norm (unused here; bound with the other parameters of a promotion).
# row: None (an update).
PREFIX cg: <https://w3id.org/clausegraph/ontology#>

INSERT { GRAPH ?graph { ?norm cg:bearer ?bearer } }
WHERE {
  GRAPH ?graph { ?candidate cg:promotedTo ?norm . }
}
