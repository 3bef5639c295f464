"""Boilerplate of Indonesian news sites, as patterns over single lines.

Each rule is (name, pattern); a line where the pattern is found is removed
and recorded under that name. Patterns are anchored to the start of the
line unless the marker can stand anywhere (copyright, photo credits).
"""
import re

from annotate.cleaning import GENERIC_RULES

_I = re.I

READ_ALSO = re.compile(r"^\W*(baca|lihat|simak|cek|klik)\s+(juga|pula|selengkapnya|berita)\b"
                       r"|^\W*pilihan\s+editor\s*:", _I)
# Video boxes of detik-style pages: "Simak Video ...", "[Gambas:Video 20detik]".
EMBED = re.compile(r"^\W*(simak|saksikan|tonton)\s+(juga\s+)?video\b|^\[gambas:[^\]]*\]$", _I)
# A line that is only a date (and time): "Rabu, 8 Oktober 2025 14:20 WIB", "Rabu 02 Apr 2025 20:11 WIB".
DATE_LINE = re.compile(
    r"^(senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu)\s*,?\s+\d{1,2}\s+"
    r"(jan|feb|mar|apr|mei|jun|jul|agu|agt|ags|sep|okt|nov|des)[a-z]*\.?\s+\d{4}"
    r"(\s*[,|/-]?\s*(pukul\s+)?\d{1,2}[:.]\d{2}(\s*(wib|wita|wit))?)?\s*$"
    r"|\bwaktu baca\s+\d+\s+menit\b", _I)  # a byline with the reading time: "... 9:12 WIB · waktu baca 3 menit"
CREDIT = re.compile(
    r"^\W*(pewarta|editor|penulis|reporter|redaktur|penyunting|fotografer|kontributor|"
    r"penerjemah|alih bahasa|sumber|laporan wartawan|teks|video|rep|red)\s*[:：]", _I)
AGENCY_CODE = re.compile(r"^\(\s*[a-z]{2,6}(\s*/\s*[a-z]{2,6})+\s*\)$", _I)
CAPTION = re.compile(
    r"^\W*(foto|ilustrasi|dok\.?|dokumentasi|keterangan foto|sumber foto|caption|tangkapan layar)\s*[:.\-–—]"
    r"|\((antara foto|foto|dok\.?|reuters|afp|ap photo)\s*[/:][^)]*\)\s*$|^antara foto\b|\bfoto\s*/\s*\w+\s*$", _I)
COPYRIGHT = re.compile(r"\bhak cipta\b|\bdilarang (mengutip|memperbanyak|menyalin|mengambil)\b", _I)
CONTACT = re.compile(r"^\W*(telp|telepon|tel|hp|wa|whatsapp|fax|faks|e-?mail|surel|alamat redaksi)\b\.?\s*[:.]", _I)
MENU = re.compile(
    r"^(kategori|tag|tags|topik|label|terkait|share|bagikan|beranda|home|indeks|"
    r"komentar|login|masuk|daftar|cari|menu|tentang kami|kontak|redaksi|karir|"
    r"pedoman media siber|kebijakan privasi|disclaimer|iklan|advertisement|"
    r"scroll (untuk|to) (melanjutkan|continue)( with content)?)\b\s*[:]?(\s*\S+){0,6}$", _I)
PROMO = re.compile(
    r"^\W*(dapatkan|download|unduh|ikuti|follow|gabung|bergabung|langganan|berlangganan|subscribe|simak)\b"
    r".{0,80}\b(aplikasi|app|update|berita|kanal|channel|saluran|grup|newsletter|instagram|"
    r"twitter|facebook|tiktok|youtube|whatsapp|telegram|google news)\b"
    r"|\bklik (di )?sini\b|\bpromo\b.{0,40}\b(diskon|gratis)\b|\bdiskon (hingga|sampai)\b", _I)
FOOTER_START = re.compile(
    r"^(leave a (comment|reply)|tinggalkan (komentar|balasan)|berita terkait|artikel terkait|"
    r"baca berita lainnya|berita lainnya|terpopuler|rekomendasi untuk anda)\s*:?$", _I)
# "JAKARTA, KOMPAS.com -", "Jakarta (ANTARA) -", "BEIJING, 12 Mei (Reuters) --", "Liputan6.com, Jakarta -":
# an ALL-CAPS place, or a place followed by a source or agency, then a dash.
DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'’-]{2,}(?:\s+[A-Z][A-Z.'’-]+){0,2}(?:\s*,\s*[^\-–—()]{2,40}?)?(?:\s*\([^)]{2,30}\))?"
    r"|[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,2}(?:\s*,\s*[^\-–—()]{2,40}?)?\s*\((?:ANTARA|Antara|Reuters|AFP|AP|Xinhua|Bernama)[^)]*\)"
    r"|[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,2}\s*,\s*(?:[\w-]+\.(?:com|id|co\.id)|CNN Indonesia|Tempo|Kompas|Liputan6)[^\-–—]{0,20}?"
    r"|[\w-]+\.(?:com|id|co\.id)\s*,\s*[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,2})"
    r"\s+[-–—]{1,2}\s+")

CLEANING = GENERIC_RULES.extend(
    line_rules=[
        ("read_also", READ_ALSO),
        ("embed", EMBED),
        ("date", DATE_LINE),
        ("credit", CREDIT),
        ("credit", AGENCY_CODE),
        ("caption", CAPTION),
        ("copyright", COPYRIGHT),
        ("contact", CONTACT),
        ("menu", MENU),
        ("promo", PROMO),
    ],
    footer_start=FOOTER_START,
    dateline=DATELINE,
)
