# zh: 在协议的工作副本中删去一个条款（及其下级）：条款本身、指向它的链接，以及只由被删条款陈述的规范。
# en: In a working copy of an agreement's graph, leave out a component and its parts: their own triples, the triples that point at them, and the norms that only omitted components state (a variant that omits the provision does not have them).
# param: component iri  The component the variant omits.
# row: None (an update, run only on the crosswalk's in-memory copy of the graph, never on a user's store).
PREFIX cg: <https://w3id.org/clausegraph/ontology#>

DELETE { ?s ?p ?o }
WHERE {
  {
    ?s (cg:partOf)* ?component .
    ?s ?p ?o .
  } UNION {
    ?o (cg:partOf)* ?component .
    ?s ?p ?o .
  } UNION {
    ?s cg:sourceProvision/(cg:partOf)* ?component .
    FILTER NOT EXISTS { ?s cg:sourceProvision ?kept . FILTER NOT EXISTS { ?kept (cg:partOf)* ?component } }
    ?s ?p ?o .
  }
}
