"""annotate: raw news text in, a labelled HuggingFace dataset out.

>>> import annotate
>>> nlp = annotate.load_pipeline("id")
>>> doc = nlp("Indonesia dan Jepang menandatangani kerja sama.")
>>> [t.text for t in doc.sentences[0].tokens][:2]
['Indonesia', 'dan']
"""
from annotate.document import Document, Removal, Sentence, Token
from annotate.pipeline import Pipeline, load_pipeline

__version__ = "0.1.0"

__all__ = ["Document", "Sentence", "Token", "Removal", "Pipeline", "load_pipeline", "__version__"]
