"""Processors: each declares what it requires and provides, and annotates a Document."""
from annotate.processors.base import Processor

__all__ = ["Processor"]
