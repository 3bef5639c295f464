"""Indonesian labelling functions for stance: lexicons, negation and traps.

Each function votes one label of schemas/stance_labels.json or abstains
(mechanisms in annotate/stance/labelling.py). Patterns are regular
expressions over lowercased text, matched as whole words. See
schemas/stance_guidelines.md for the decisions they approximate.
"""
from annotate.stance.labelling import BothFunction, CueFunction

# Words that turn a cooperation cue into refusal or failure within a few words before it.
NEGATORS = [r"tidak", r"tak", r"bukan", r"belum", r"enggan", r"menolak", r"ditolak", r"gagal", r"batal",
            r"membatalkan", r"mundur", r"keluar dari", r"tanpa", r"menangguhkan", r"menghentikan"]

AGREEMENT = [r"menandatangani", r"meneken", r"meratifikasi", r"menyepakati", r"(?:ber)?sepakat", r"kesepakatan",
             r"perjanjian", r"nota kesepahaman", r"pernyataan bersama", r"deklarasi bersama", r"konsensus",
             r"mencapai kesepakatan", r"komunike"]
PARTNERSHIP = [r"(?:be)?kerja ?sama", r"kemitraan", r"bermitra", r"mitra", r"menggandeng", r"aliansi", r"koalisi",
               r"(?:ber)?kolaborasi", r"bersatu", r"bergabung", r"anggota", r"keanggotaan", r"menjalin",
               r"mempererat", r"memperkuat hubungan", r"usaha patungan", r"penggabungan usaha", r"merger",
               r"tuan rumah bersama", r"solidaritas", r"(?:me)?rangkul", r"persatuan", r"sama-sama",
               r"membuka diri", r"mempertemukan"]
SHARING = [r"berbagi", r"membuka akses", r"akses (?:yang )?lebih adil", r"transfer teknologi", r"alih teknologi",
           r"pertukaran", r"(?:riset|penelitian|patroli|latihan|program|festival|pameran|pusat \w+) bersama",
           r"bersama-sama", r"saling (?:berbagi|membantu|mendukung)", r"terkoordinasi", r"berkoordinasi",
           r"menghubungkan", r"terpadu", r"dirilis secara terbuka"]
AID = [r"bantuan (?:kemanusiaan|teknis|keamanan|dana|obat|medis|pembangunan|beras|pangan)", r"hibah",
       r"pengembangan kapasitas", r"menyalurkan bantuan", r"mengirim(?:kan)? bantuan", r"(?:mem)?bantu",
       r"membantu", r"beasiswa", r"pelatihan bagi", r"pinjaman lunak", r"mendanai", r"pendanaan"]
CALL = [r"menyerukan", r"mengajak", r"mendesak .{0,40}(?:menahan diri|berunding|dialog)", r"dialog",
        r"(?:ber)?runding", r"perundingan", r"penengah", r"mediasi", r"menahan diri", r"gencatan senjata",
        r"meja perundingan", r"jalan tengah", r"jembatan"]
WELFARE_TRAPS = [r"bantuan sosial", r"bansos", r"blt", r"subsidi (?:listrik|bbm)", r"kepada keluarga pasien"]

RACE = [r"perlombaan", r"berlomba", r"persaingan", r"bersaing", r"pesaing(?:nya)?", r"saingan", r"menyaingi",
        r"rival(?:itas)?", r"berebut", r"memperebutkan", r"merebut", r"mengejar ketertinggalan", r"tertinggal",
        r"ketertinggalan", r"(?:ke)?unggul(?:an)?", r"mengungguli", r"(?:men)?dominasi", r"mendominasi",
        r"menguasai", r"hegemoni", r"kalah bersaing", r"bertarung", r"saling banting harga", r"perang harga",
        r"mengimbangi", r"(?:me)?nyaingi", r"saingi", r"membajak", r"pengaruh", r"(?:me)?menangi", r"memenangkan",
        r"menekan", r"didikte", r"ketergantungan", r"bergantung"]
RESTRICTION = [r"pembatasan", r"membatasi", r"batasi", r"kendali ekspor", r"kontrol ekspor", r"larangan", r"melarang",
               r"dilarang", r"sanksi", r"embargo", r"daftar hitam", r"daftar entitas", r"antidumping", r"bea masuk",
               r"tarif (?:impor|tambahan|balasan|antidumping)", r"menaikkan tarif", r"kuota impor", r"memblokir",
               r"diblokir", r"proteksionisme", r"hambatan dagang", r"boikot", r"diskriminasi", r"memboyong"]
CONFLICT = [r"konflik", r"perang", r"perang dagang", r"sengketa", r"disengketakan", r"ketegangan", r"bentrokan",
            r"baku tembak", r"provokasi", r"mengancam", r"ancaman", r"menuduh", r"tuduhan", r"menuding",
            r"saling tuding", r"mengecam", r"kecaman", r"protes", r"memprotes", r"membalas", r"balasan",
            r"intimidasi", r"mengusir", r"menggugat", r"gugatan", r"saling gugat", r"pemaksaan", r"penindasan",
            r"menolak", r"menentang", r"melawan", r"menghambat", r"menjegal", r"mengingkari", r"ingkar",
            r"menyalahkan", r"pelanggaran", r"melanggar", r"perselisihan", r"berselisih", r"memperingatkan",
            r"menembakkan", r"memborong", r"nasionalisme vaksin", r"mencuri", r"uji coba rudal", r"hinaan"]
# Contests, prices and schedules that only look relational (guidelines, rule 3).
CONTEST_TRAPS = [r"kompetisi", r"turnamen", r"liga", r"piala", r"juara", r"final", r"skor", r"pertandingan",
                 r"olimpiade sains", r"festival film", r"grandmaster", r"babak", r"pebulu tangkis", r"atlet",
                 r"timnas", r"klub", r"grup yang sama"]
PRICE_TRAPS = [r"tarif (?:listrik|tol|angkutan|ojek|air|batas)", r"harga (?:saham|minyak|kopi|kedelai|memori|solar)"]
NEUTRAL_CUES = CONTEST_TRAPS + PRICE_TRAPS + WELFARE_TRAPS
LINKS = [r"untuk", r"agar", r"supaya", r"demi", r"guna", r"sekaligus", r"melalui", r"lewat", r"meski(?:pun)?",
         r"namun", r"tetapi", r"sambil", r"sementara", r"di tengah", r"berkat", r"dengan menjalin", r"jika",
         r"karena itu", r"mampu", r"menjadikan", r"akan membantu"]
COOPERATION = AGREEMENT + PARTNERSHIP + SHARING + AID + CALL
COMPETITION = RACE + RESTRICTION + CONFLICT

FUNCTIONS = (
    CueFunction("agreement", "cooperation", AGREEMENT, negators=NEGATORS, negated_label="competition"),
    CueFunction("partnership", "cooperation", PARTNERSHIP, traps=CONTEST_TRAPS, negators=NEGATORS,
                negated_label="competition"),
    CueFunction("sharing", "cooperation", SHARING, negators=NEGATORS),
    CueFunction("aid", "cooperation", AID, traps=WELFARE_TRAPS, negators=NEGATORS),
    CueFunction("call_for_dialogue", "cooperation", CALL, negators=NEGATORS, negated_label="competition"),
    CueFunction("race", "competition", RACE, traps=CONTEST_TRAPS + PRICE_TRAPS),
    CueFunction("restriction", "competition", RESTRICTION, traps=PRICE_TRAPS),
    CueFunction("conflict", "competition", CONFLICT, traps=CONTEST_TRAPS),
    CueFunction("contest_price_welfare", "neutral", NEUTRAL_CUES),
    BothFunction("cooperate_to_compete", "mixed", COOPERATION, COMPETITION, LINKS),
)
