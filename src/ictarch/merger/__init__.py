"""Provinces that became one: merging their architectures (``ictarch merge``) and
consolidating the systems now duplicated (``ictarch consolidate``)."""
