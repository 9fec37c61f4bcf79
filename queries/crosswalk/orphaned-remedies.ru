# zh: 在协议的工作副本中删去所救济的规范均已不存在的救济规范（如删去竞业限制后，违反竞业限制的违约金）。
# en: In a working copy of an agreement's graph, delete the remedial norms of the agreement every norm of which they remedy is gone (without the non-compete, the liquidated damages for breaching it remedy nothing).
# row: None (an update, run only on the crosswalk's in-memory copy of the graph, after the omissions and removals).
PREFIX cg: <https://w3id.org/clausegraph/ontology#>

DELETE { ?remedy ?p ?o }
WHERE {
  {
    SELECT DISTINCT ?remedy WHERE {
      VALUES ?deontic { cg:Obligation cg:Prohibition cg:Permission cg:Power }
      ?remedy a ?deontic ; cg:remediesBreachOf ?remedied .
      FILTER NOT EXISTS { ?remedy cg:remediesBreachOf ?still . ?still a ?anyType }
    }
  }
  ?remedy ?p ?o .
}
