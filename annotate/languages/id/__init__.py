"""Indonesian: cleaning rules for Indonesian news sites, a domain gazetteer, actor aliases, bundled Stanza models."""
from pathlib import Path

from annotate import languages
from annotate.actors import ActorLexicon
from annotate.languages.base import Language
from annotate.languages.id.cleaning import CLEANING
from annotate.languages.id.stance_rules import FUNCTIONS as STANCE_FUNCTIONS
from annotate.stanza_resources import BUNDLED_DIR


@languages.register
class Indonesian(Language):
    code = "id"
    name = "Indonesian"
    cleaning = CLEANING
    gazetteer = Path(__file__).with_name("gazetteer.tsv")
    actors = ActorLexicon(
        locale="id", folder=Path(__file__).with_name("actors"),
        # a capital after these is a place, not its government: "KTT di Beijing"
        venue_words=frozenset({"di", "ke", "kota"}),
        # "Menlu China Wang Yi": a person after office + actor speaks for the actor
        office_words=frozenset({"presiden", "wapres", "menteri", "menlu", "mendag", "menkeu", "menhan", "perdana",
                                "pm", "kanselir", "raja", "ratu", "pangeran", "sekjen", "sekretaris", "jubir", "juru",
                                "bicara", "dubes", "duta", "kepala", "ketua", "pemimpin", "direktur", "utusan",
                                "wakil", "panglima", "komisaris", "diplomat", "pejabat"}),
        # "Provinsi Guangdong China" is a province, not the state
        place_words=frozenset({"provinsi", "kota", "kabupaten", "distrik", "negara", "pulau", "kepulauan",
                               "laut", "selat", "teluk", "samudra", "samudera", "semenanjung", "gunung", "pegunungan",
                               "sungai", "danau", "tanjung", "jazirah", "lembah", "dataran", "gurun", "pantai",
                               "pelabuhan", "bandara"}),
        # "Kementerian Luar Negeri China" is the state; "Palang Merah Indonesia" is not
        body_words=frozenset({"kementerian", "kemlu", "kemenlu", "departemen", "pemerintah", "pemerintahan",
                              "kedutaan", "kedubes", "konsulat", "angkatan", "tentara", "militer", "pasukan",
                              "parlemen", "kongres", "senat", "kabinet", "istana", "presiden", "kantor", "misi",
                              "delegasi", "perwakilan", "otoritas", "badan", "dewan", "kepolisian", "garda",
                              "penjaga", "coast"}),
        # names in the older spelling and the current one: Pandjaitan / Panjaitan, Soeharto / Suharto
        spellings=(("dj", "j"), ("tj", "c"), ("oe", "u")))
    stance_functions = STANCE_FUNCTIONS
    stance_model = BUNDLED_DIR / "id" / "stance" / "annotate.npz"
