# zh: 在协议的工作副本中删去一项文本变更所删除的规范。
# en: In a working copy of an agreement's graph, delete the norms an applied text variation removes (cg:removesNorm): the variant's text no longer states them.
# param: variation iri  A text variation the variant applies.
# row: None (an update, run only on the crosswalk's in-memory copy of the graph).
PREFIX cg: <https://w3id.org/clausegraph/ontology#>

DELETE { ?norm ?p ?o }
WHERE {
  ?variation cg:removesNorm ?norm .
  ?norm ?p ?o .
}
