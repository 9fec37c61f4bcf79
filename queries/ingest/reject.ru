# zh: 驳回一条候选规范（SPARQL 更新）：候选标记为已驳回，不成为规范。
# en: Reject a candidate norm (a SPARQL Update): the candidate is marked rejected and never becomes a norm.
# param: candidate iri  The candidate norm.
# row: None (an update).
PREFIX cg: <https://w3id.org/clausegraph/ontology#>

DELETE { GRAPH ?graph { ?candidate cg:reviewStatus ?status } }
INSERT { GRAPH ?graph { ?candidate cg:reviewStatus cg:Rejected } }
WHERE {
  GRAPH ?graph { ?candidate a cg:CandidateNorm ; cg:reviewStatus ?status . }
}
