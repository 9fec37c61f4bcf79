"""clausegraph: contracts as RDF/OWL knowledge graphs.

The graph (ontology/) is the single source of truth; SPARQL (queries/) asks it questions;
this package loads, queries, validates, reasons over and exports it.
"""

__version__ = "0.1.0"
