# zh: 在协议的工作副本中为一项文本变更所作用的条款加上其带来的条款类型。
# en: In a working copy of an agreement's graph, give the component of an applied text variation the clause types the variation adds (cg:addsClauseType).
# param: variation iri  A text variation the variant applies.
# row: None (an update, run only on the crosswalk's in-memory copy of the graph).
PREFIX cg: <https://w3id.org/clausegraph/ontology#>

INSERT { ?component cg:clauseType ?type }
WHERE {
  ?variation cg:addsClauseType ?type ; cg:ofComponent ?component .
}
