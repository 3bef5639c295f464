"""Readers and writers for interchange formats (CoNLL-U, ...)."""
