"""Label sets and JSON Schemas: the one source of truth for labels and dataset columns.

Installed as ``annotate.schemas`` (see setup.cfg); read with ``annotate.schema``.
"""
