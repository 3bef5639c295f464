"""Cleaning scraped Indonesian news pages."""
from annotate.cleaning import GENERIC_RULES, clean, normalize
from annotate.languages.id.cleaning import CLEANING
from conftest import SAMPLE

PAGE = """Menlu RI dan Menlu Jepang Bahas Kerja Sama Maritim
![](https://cdn.example.id/a.jpg) |
Menlu RI berjabat tangan dengan Menlu Jepang di Tokyo. (ANTARA FOTO/Budi)
Beranda | Nasional | Dunia | Ekonomi
JAKARTA, KOMPAS.com - Menteri Luar Negeri Indonesia bertemu Menteri Luar Negeri Jepang di Tokyo, Senin.
Baca juga: Jepang Tambah Bantuan untuk Proyek Pelabuhan
Kedua menteri sepakat memperkuat patroli bersama dan berbagi data maritim.
Nilai proyek itu mencapai Rp 500.000.000.000 dan melibatkan 0,5 persen anggaran.
Menlu RI dan Menlu Jepang Bahas Kerja Sama Maritim
Pewarta: Budi Santoso
Editor: Siti
© 2025 Kompas.com. All rights reserved.
Hubungi kami: redaksi@contoh.id, Telp (021) 555-1234
Kategori: Internasional
Dapatkan update berita pilihan setiap hari. Ikuti kanal WhatsApp kami.
Leave A Comment
Nama
"""

ARTICLE = [
    "Menlu RI dan Menlu Jepang Bahas Kerja Sama Maritim",
    "Menteri Luar Negeri Indonesia bertemu Menteri Luar Negeri Jepang di Tokyo, Senin.",
    "Kedua menteri sepakat memperkuat patroli bersama dan berbagi data maritim.",
    "Nilai proyek itu mencapai Rp 500.000.000.000 dan melibatkan 0,5 persen anggaran.",
]


def test_boilerplate_goes_article_stays_as_paragraphs():
    result = clean(PAGE, CLEANING)
    assert result.text == "\n\n".join(ARTICLE)
    assert result.title == ARTICLE[0]


def test_every_removal_is_recorded_with_line_and_rule():
    removed = {(r.line, r.rule) for r in clean(PAGE, CLEANING).removed}
    assert removed == {(2, "image"), (3, "caption"), (4, "menu"), (5, "dateline"), (6, "read_also"),
                       (9, "repeated"), (10, "credit"), (11, "credit"), (12, "copyright"), (13, "contact"),
                       (14, "menu"), (15, "promo"), (16, "footer"), (17, "footer")}
    lines = PAGE.split("\n")
    for r in clean(PAGE, CLEANING).removed:
        assert r.text in lines[r.line - 1]


def test_relational_words_and_numbers_in_article_text_are_kept():
    text = ("Kompetisi esports itu diikuti 16 tim.\n"
            "Tarif listrik naik 3 persen mulai 1 Januari 2026.\n"
            "Warga dapat menelepon nomor 112 dalam keadaan darurat.")
    assert clean(text, CLEANING).text == text.replace("\n", "\n\n")


def test_dateline_is_only_stripped_from_the_opening_paragraph():
    text = "Judul Berita Hari Ini\nJakarta (ANTARA) - Presiden membuka sidang kabinet paripurna.\nBEIJING - tidak dihapus di tengah artikel karena bukan pembuka."
    result = clean(text, CLEANING)
    assert result.text.split("\n\n")[1] == "Presiden membuka sidang kabinet paripurna."
    assert "BEIJING - tidak dihapus" in result.text


def test_normalize_nfc_invisible_characters_and_spaces():
    assert normalize("Cafe\u0301\u200b di\u00a0Jakarta\r\n") == "Café di\u00a0Jakarta\n"
    assert clean("Cafe\u0301  di\u00a0\tJakarta.", GENERIC_RULES).text == "Café di Jakarta."


def test_generic_rules_know_no_indonesian():
    text = "Baca juga: Berita lain\nPewarta: Budi"
    assert clean(text, GENERIC_RULES).text == "Baca juga: Berita lain\n\nPewarta: Budi"


def test_sample_pages_lose_all_boilerplate():
    markers = ("Baca juga", "Baca Juga", "Pewarta:", "Editor:", "©", "![", "Kategori", "Tag:", "Leave A Comment",
               "Home |", "Beranda |", "@", "Lorem ipsum", "KABARDUNIA.com -", "(ANTARA) -")
    for path in sorted(SAMPLE.glob("*.txt")):
        result = clean(path.read_text(encoding="utf-8"), CLEANING)
        assert not [m for m in markers if m in result.text], path.name
        paragraphs = result.text.split("\n\n")
        assert len(paragraphs) >= 4, path.name
        assert len(set(paragraphs)) == len(paragraphs), path.name


def test_a_long_paragraph_is_never_removed_whole_by_a_line_rule():
    paragraph = ("Kementerian Perdagangan menyebut promo ekspor itu memberi ongkos kirim gratis bagi pelaku usaha "
                 "kecil yang menjual ke Jepang, Korea Selatan dan negara ASEAN lain. " * 6).strip()
    promo = "Promo akhir tahun: diskon hingga 70 persen, klik di sini!"
    result = clean(f"{paragraph}\n{promo}", CLEANING)
    assert result.text == paragraph
    assert [r.rule for r in result.removed] == ["promo"]


def test_channel_promos_and_reading_time_bylines_go_but_sentences_with_those_words_stay():
    body = ("Menlu Sugiono meminta warga menyimak berita resmi pemerintah, bukan kabar di saluran WhatsApp.\n\n"
            "Simak, kata dia, waktu baca dokumen itu lebih dari 3 menit bagi diplomat muda.")
    boilerplate = ("Simak breaking news dan berita pilihan kami langsung di ponselmu. Pilih saluran andalanmu "
                   "akses berita Kompas.com WhatsApp Channel : https://www.whatsapp.com/channel/0029VaFPbedBPzjZrk13HO3D\n"
                   "kumparanNEWS23 November 2025 9:12 WIB · waktu baca 3 menit")
    result = clean(f"{body}\n\n{boilerplate}", CLEANING)
    assert result.text == body
    assert [r.rule for r in result.removed] == ["promo", "date"]
