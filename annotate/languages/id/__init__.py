"""Indonesian: cleaning rules for Indonesian news sites, a domain gazetteer, bundled Stanza models."""
from pathlib import Path

from annotate import languages
from annotate.languages.base import Language
from annotate.languages.id.cleaning import CLEANING


@languages.register
class Indonesian(Language):
    code = "id"
    name = "Indonesian"
    cleaning = CLEANING
    gazetteer = Path(__file__).with_name("gazetteer.tsv")
