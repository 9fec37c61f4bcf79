# zh: 将一条候选规范采纳为规范（SPARQL 更新）：新规范取候选的条款、原句与承担者，候选标记为已采纳。
# en: Promote a candidate norm to a norm (a SPARQL Update): the new norm takes the candidate's provision, sentence and bearer; the candidate is marked promoted and points to it. Written into the named graph that holds the candidate.
# param: candidate iri  The candidate norm.
# param: type iri  The class of the new norm: cg:Obligation, cg:Prohibition or cg:Permission.
# param: norm iri  The IRI of the new norm.
# param: bearer iri  The party who bears the norm.
# row: None (an update).
PREFIX cg: <https://w3id.org/clausegraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>

DELETE { GRAPH ?graph { ?candidate cg:reviewStatus ?status } }
INSERT {
  GRAPH ?graph {
    ?norm a ?type ;
          rdfs:label ?sentence ;
          cg:actDescription ?sentence ;
          cg:bearer ?bearer ;
          cg:sourceProvision ?provision ;
          prov:wasDerivedFrom ?candidate .
    ?candidate cg:reviewStatus cg:Promoted ;
               cg:promotedTo ?norm .
  }
}
WHERE {
  GRAPH ?graph {
    ?candidate a cg:CandidateNorm ;
               cg:reviewStatus ?status ;
               cg:foundIn ?provision ;
               cg:matchedText ?sentence .
  }
}
