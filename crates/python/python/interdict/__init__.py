"""interdict's matching core for Python.

Load the lists once, then screen names or whole Arrow record batches::

    import interdict
    screener = interdict.Screener.bundled()        # or from_store(path)
    screener.screen("Ayman al-Zawahiri", birth_dates=["1951-06-19"])
    hits = screener.screen_batch(record_batch)     # a pyarrow.RecordBatch

Hits have the columns of ``interdict batch``'s output (row, key,
query_name, rank, entity_id, entity_name, schema, sources, matched_name,
score, name_score, features, explanation) and the same scores and
explanations. ``interdict.spark`` screens a Spark DataFrame.
"""

import json

import pyarrow  # noqa: F401  (the native module hands pyarrow objects over)

from interdict._native import (
    DEFAULT_THRESHOLD,
    VERSION,
    InterdictError,
    hits_schema,
)
from interdict._native import Screener as _NativeScreener

__all__ = ["Screener", "InterdictError", "DEFAULT_THRESHOLD", "VERSION", "hits_schema"]
__version__ = VERSION


class Screener:
    """Lists loaded and indexed, ready to screen."""

    def __init__(self, native):
        self._native = native

    @classmethod
    def bundled(cls):
        """The lists built into interdict."""
        return cls(_NativeScreener.bundled())

    @classmethod
    def from_manifest(cls, path):
        """The lists a manifest file (``manifest.toml``) names."""
        return cls(_NativeScreener.from_manifest(str(path)))

    @classmethod
    def from_store(cls, path):
        """The versions an interdict store serves now."""
        return cls(_NativeScreener.from_store(str(path)))

    @classmethod
    def from_bytes(cls, data):
        """Lists from :meth:`to_bytes` (what a Spark broadcast carries)."""
        return cls(_NativeScreener.from_bytes(bytes(data)))

    def to_bytes(self):
        """The lists and their entities as bytes."""
        return self._native.to_bytes()

    @property
    def lists(self):
        """The lists loaded: source, title, published, content_hash, entities."""
        return json.loads(self._native.lists_json())

    def __len__(self):
        return len(self._native)

    def screen(self, name, *, aliases=(), birth_dates=(), countries=(), identifiers=(),
               schema=None, key=None, threshold=DEFAULT_THRESHOLD, limit=10):
        """Screens one subject; a list of hits (dicts), best first."""
        return json.loads(self._native.screen_json(
            name, aliases=list(aliases), birth_dates=list(birth_dates),
            countries=list(countries), identifiers=list(identifiers),
            schema=schema, key=key, threshold=threshold, limit=limit))

    def screen_batch(self, batch, *, columns=None, threshold=DEFAULT_THRESHOLD, limit=10,
                     lenient=False, first_row=0):
        """Screens every row of a ``pyarrow.RecordBatch``; the hits as a
        ``pyarrow.RecordBatch``. ``columns`` maps fields (name, alias, dob,
        country, id, schema, key) to column names; other columns are
        recognised by name as ``interdict batch`` recognises a header."""
        pairs = list(columns.items()) if columns else None
        return self._native.screen_batch(batch, columns=pairs, threshold=threshold,
                                         limit=limit, lenient=lenient, first_row=first_row)
