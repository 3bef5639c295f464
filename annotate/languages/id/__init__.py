"""Indonesian: cleaning rules for Indonesian news sites, bundled Stanza models."""
from annotate import languages
from annotate.languages.base import Language
from annotate.languages.id.cleaning import CLEANING


@languages.register
class Indonesian(Language):
    code = "id"
    name = "Indonesian"
    cleaning = CLEANING
