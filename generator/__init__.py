"""kbgen: a shop's help center (buyers' site and agent handbook) generated from YAML.

The data flows one way, one module per stage:
load (YAML with positions) -> validate (typed model, all errors) -> view (per
audience, per language) -> render (pages, indexes) -> build (MkDocs).
"""

__version__ = "0.1.0"
