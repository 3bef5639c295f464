"""Indonesian: cleaning rules for Indonesian news sites, a domain gazetteer, bundled Stanza models."""
from pathlib import Path

from annotate import languages
from annotate.languages.base import BUNDLED_STANZA_DIR, Language
from annotate.languages.id.cleaning import CLEANING
from annotate.languages.id.stance_rules import FUNCTIONS as STANCE_FUNCTIONS


@languages.register
class Indonesian(Language):
    code = "id"
    name = "Indonesian"
    cleaning = CLEANING
    gazetteer = Path(__file__).with_name("gazetteer.tsv")
    stance_functions = STANCE_FUNCTIONS
    stance_model = BUNDLED_STANZA_DIR / "id" / "stance" / "annotate.skops"
