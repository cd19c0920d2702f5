"""Stage 4 (render): views become page sources (Markdown for MkDocs), indexes and scripts.

Each renderer receives a view (`PublicView` or `HandbookView`) and returns a
`RenderedSite`: the files of a MkDocs project, in memory. Nothing here runs
MkDocs; `build.py` does, so page generation stays independent of the theme.
"""
