"""The flagship course's lessons, pages and catalogue say what the law says, in an official register.

Issue 15, second edition: each test below pins one correction that a Bawaslu trainer asked for, over
everything a participant reads outside the quizzes: lessons (content/*.yml), Markdown pages
(content/*.md), quizzes (quizzes/*.yml) and site_config/course.yml (references catalogue and
declaration).
"""

from __future__ import annotations

import re

import pytest

from generator.course.loader import Layout, LoadedCourse, load_course
from tests.conftest import REPO

CONTENT = REPO / "content"
COURSE_YML = REPO / "site_config" / "course.yml"
DATE = re.compile(
    r"\b\d{1,2}(–\d{1,2})? (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember) \d{4}\b"
)


@pytest.fixture(scope="module")
def loaded() -> LoadedCourse:
    course = load_course(Layout.at(REPO))
    assert course.ok, [p.format("id") for p in course.problems]
    return course


def lesson_texts(loaded: LoadedCourse) -> dict[str, str]:
    """Each lesson as a participant reads it, top to bottom: summary, objectives, body, key points."""
    out = {}
    for ident, item in loaded.lessons.items():
        lesson = item.model
        parts = [lesson.summary or "", *lesson.objectives, lesson.body, *lesson.key_points]
        out[ident] = "\n\n".join(parts)
    return out


def page_texts() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(CONTENT.glob("*.md"))}


def catalogue_texts(loaded: LoadedCourse) -> dict[str, str]:
    assert loaded.course
    model = loaded.course.model
    texts = {f"ref:{key}": f"{ref.short}\n\n{ref.title}" for key, ref in model.references.items()}
    assert model.declaration
    texts |= {f"declaration:{i + 1}": s for i, s in enumerate(model.declaration.statements)}
    return texts


def quiz_texts(loaded: LoadedCourse) -> dict[str, str]:
    """Each question as a participant reads it: scenario, prompt, options, feedback, explanation."""
    out = {}
    for ident, item in loaded.quizzes.items():
        quiz = item.model
        for q in quiz.questions:
            parts = [quiz.description or "", q.scenario or "", q.prompt, q.explanation or ""]
            for option in getattr(q, "options", None) or []:
                parts += [option.text, option.feedback or ""]
            out[f"{ident}/{q.id}"] = "\n\n".join(parts)
    return out


def everything(loaded: LoadedCourse) -> dict[str, str]:
    return lesson_texts(loaded) | page_texts() | catalogue_texts(loaded) | quiz_texts(loaded)


ITEM = re.compile(r"^\s*(?:[-*] |\d+\. |\|)")


def units(text: str) -> list[str]:
    """Paragraphs, list items and table rows: the smallest blocks a reader takes in at once."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        current: list[str] = []
        for line in block.splitlines():
            if ITEM.match(line) and current:
                out.append(" ".join(current))
                current = []
            current.append(line.strip())
        if current:
            out.append(" ".join(current))
    return [re.sub(r"\s+", " ", u) for u in out if u.strip()]


def sentences(text: str) -> list[str]:
    return [s for u in units(text) for s in re.split(r"(?<=[.;!?])\s+", u)]


# ---- 1. a spouse's campaign after designation is a discipline matter

SPOUSE = re.compile(
    r"\b(suami|istri|istrinya|suaminya|pasangan(?! calon\b)(?!nya menjadi calon))", re.IGNORECASE
)


def calls_spouse_campaign_ethics(sentence: str) -> bool:
    """A sentence that puts a spouse's candidacy under the code of ethics without tying it to a bakal
    calon (before designation) and without saying the designated case is a discipline violation."""
    if not (SPOUSE.search(sentence) and "kode etik" in sentence):
        return False
    tied_to_bakal_calon = "bakal calon" in sentence and "ditetapkan" not in sentence
    return not (tied_to_bakal_calon or "pelanggaran disiplin" in sentence)


def test_the_spouse_check_would_catch_the_first_edition() -> None:
    first_edition = [
        "Tanpa CLTN, ikut dalam kampanye pasangan merupakan pelanggaran kode etik menurut SKB 2/2022.",
        "| Menghadiri kampanye pasangan secara pasif | Boleh | Tidak boleh (pelanggaran kode etik) |",
        "Tanpa CLTN, ikut kampanye pasangan adalah pelanggaran kode etik (SKB 2/2022).",
    ]
    assert all(calls_spouse_campaign_ethics(s) for s in first_edition)
    assert not calls_spouse_campaign_ethics(
        "Mendampingi pasangan yang masih bakal calon tanpa CLTN adalah pelanggaran kode etik (SKB 2/2022)."
    )


def test_no_text_calls_a_designated_spouses_campaign_a_code_of_ethics_matter(loaded: LoadedCourse) -> None:
    checked = 0
    for name, text in everything(loaded).items():
        for sentence in sentences(text):
            assert not calls_spouse_campaign_ethics(sentence), f"{name}: {sentence}"
            checked += bool(SPOUSE.search(sentence) and "kode etik" in sentence)
    assert checked >= 3  # the ethics case is still taught, tied to a bakal calon


def test_the_spouse_lesson_teaches_the_discipline_case_with_its_article(loaded: LoadedCourse) -> None:
    text = re.sub(r"\s+", " ", lesson_texts(loaded)["keluarga-calon"])
    assert re.search(r"ditetapkan sebagai calon[^.]*pelanggaran disiplin", text)
    assert "PP 94/2021 Pasal 5 huruf n angka 1" in text
    assert re.search(r"hukuman disiplin (tingkat )?sedang", text)


# ---- 2. criminal provisions, complete and correctly cited


def test_every_mention_of_pasal_188_cites_uu_1_2015_and_says_dan_atau(loaded: LoadedCourse) -> None:
    mentions = 0
    for name, text in everything(loaded).items():
        for unit in units(text):
            if re.search(r"\b188\b", unit):
                mentions += 1
                assert re.search(r"UU 1/2015|Undang-Undang Nomor 1 Tahun 2015", unit), f"{name}: {unit}"
                assert "dan/atau" in unit, f"{name}: {unit}"
    assert mentions >= 8
    for item in loaded.lessons.values():  # a pinpoint naming Pasal 152 or 188 belongs to UU 1/2015
        for ref in item.model.references:
            if re.search(r"\b(152|188|189)\b", ref.pinpoint or ""):
                assert ref.ref == "uu-1-2015", (item.model.id, ref)


def test_pasal_188_is_applied_to_officials_not_to_plain_staff(loaded: LoadedCourse) -> None:
    camat_lurah = False
    for name, text in everything(loaded).items():
        for unit in units(text):
            if not re.search(r"\b188\b", unit):
                continue
            if re.search(r"\bstaf\b", unit):
                assert re.search(r"pejabat|kepala dinas|camat|lurah", unit, re.IGNORECASE), f"{name}: {unit}"
            camat_lurah |= bool(re.search(r"\bcamat\b", unit) and re.search(r"\blurah\b", unit))
    assert camat_lurah, "the camat and lurah example applies Pasal 71 jo. 188"
    sanksi = re.sub(r"\s+", " ", lesson_texts(loaded)["sanksi"])
    assert re.search(r"Pasal 188 mengikat \*\*pejabat\*\*, bukan setiap pegawai", sanksi)


def test_the_sanctions_lesson_teaches_every_criminal_provision(loaded: LoadedCourse) -> None:
    text = re.sub(r"\s+", " ", lesson_texts(loaded)["sanksi"])
    for needle in ("Pasal 280 ayat 2", "Pasal 280 ayat 3", "Pasal 493", "Pasal 494", "Pasal 282", "Pasal 547",
                   "Pasal 283", "Pasal 71 ayat 1", "Pasal 188", "Pasal 70 ayat 1", "Pasal 189",
                   "136/PUU-XXII/2024", "Sentra Gakkumdu"):  # fmt: skip
        assert needle in text, needle
    # Pasal 494 is pidana kurungan
    assert any(
        "Pasal 494" in u and "pidana kurungan" in u.lower() for u in units(lesson_texts(loaded)["sanksi"])
    )


def test_pasal_494_is_never_called_penjara(loaded: LoadedCourse) -> None:
    for name, text in everything(loaded).items():
        for sentence in sentences(text):
            if re.search(r"\b494\b", sentence) and "penjara" in sentence:
                pytest.fail(f"{name}: Pasal 494 is pidana kurungan: {sentence}")


def test_criminal_handling_goes_through_sentra_gakkumdu(loaded: LoadedCourse) -> None:
    lessons = lesson_texts(loaded)
    sanksi = re.sub(r"\s+", " ", lessons["sanksi"])
    assert "Sentra Gakkumdu" in sanksi and "kepolisian" in sanksi and "kejaksaan" in sanksi
    assert "Pasal 486" in sanksi  # its basis in the Pemilu law
    assert "Sentra Gakkumdu" in lessons["melaporkan"]


# ---- the catalogue: full official titles, the two rulings, cited where taught

FULL_TITLE = re.compile(r"\b(tentang|perihal)\b")


def test_the_catalogue_gives_full_official_titles(loaded: LoadedCourse) -> None:
    assert loaded.course
    refs = loaded.course.model.references
    legal = [k for k, r in refs.items() if re.match(r"(UU|PP|Perpres|SE |SKB|Perbawaslu|Putusan)", r.short)]
    assert len(legal) >= 18
    for key in legal:
        assert FULL_TITLE.search(refs[key].title), key
    for key in ("perpres-92-2024", "se-menpanrb-4-2024", "se-menpanrb-18-2023"):
        assert " tentang " in refs[key].title, key


@pytest.mark.parametrize(
    ("key", "number", "law", "date"),
    [
        (
            "putusan-mk-136-2024",
            "136/PUU-XXII/2024",
            "Undang-Undang Nomor 1 Tahun 2015 tentang",
            "14 November 2024",
        ),
        (
            "putusan-mk-65-2023",
            "65/PUU-XXI/2023",
            "Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum",
            "15 Agustus 2023",
        ),
    ],
)
def test_the_two_rulings_are_catalogued_and_cited_where_taught(
    loaded: LoadedCourse, key: str, number: str, law: str, date: str
) -> None:
    assert loaded.course
    ref = loaded.course.model.references[key]
    title = re.sub(r"\s+", " ", ref.title)
    assert f"Putusan Mahkamah Konstitusi Nomor {number} perihal Pengujian" in title
    assert law in title and date in title
    teaching = [i for i, t in lesson_texts(loaded).items() if number in t]
    assert teaching
    for ident in teaching:
        cited = {r.ref for r in loaded.lessons[ident].model.references}
        assert key in cited, (ident, key)


def test_mk_rulings_are_taught_in_their_lessons(loaded: LoadedCourse) -> None:
    lessons = lesson_texts(loaded)
    assert (
        "136/PUU-XXII/2024" in lessons["sanksi"] and "136/PUU-XXII/2024" in lessons["fasilitas-dan-keputusan"]
    )
    assert "65/PUU-XXI/2023" in lessons["fasilitas-dan-keputusan"]


# ---- 3. state facilities after MK 65/PUU-XXI/2023


def test_facilities_are_taught_with_the_ruling_and_the_right_reason(loaded: LoadedCourse) -> None:
    text = re.sub(r"\s+", " ", lesson_texts(loaded)["fasilitas-dan-keputusan"])
    assert re.search(r"izin dari penanggung jawab tempat", text) and "tanpa atribut kampanye" in text
    assert "Bukan wewenang Anda" in text and "Menguntungkan satu pihak" in text
    assert re.search(r"Pilkada[^.]*lebih ketat", text)
    mobil = next(
        u for u in units(lesson_texts(loaded)["fasilitas-dan-keputusan"]) if "mobil dinas kepada tim" in u
    )
    assert "angka 5" in mobil and "Pasal 71" in mobil
    for name, t in everything(loaded).items():
        assert not re.search(r"tidak boleh dipakai (untuk )?kampanye sama sekali", t), name


# ---- 4. one position on passive attendance


def test_passive_attendance_has_one_position_everywhere(loaded: LoadedCourse) -> None:
    seen = 0
    for name, text in everything(loaded).items():
        assert "Sejumlah menteri" not in text, name  # the unsourced claim is gone
        for sentence in sentences(text):
            if re.search(r"\bpasif\b", sentence) and not re.search(r"CLTN|suami|istri|pasangan", sentence):
                seen += 1
                assert not re.search(
                    r"tergantung|diperdebatkan|perbedaan pandangan", sentence, re.IGNORECASE
                ), f"{name}: {sentence}"
    assert seen >= 4
    kampanye = re.sub(r"\s+", " ", lesson_texts(loaded)["kampanye"])
    assert "tidak ada pengecualian tertulis" in kampanye and "berisiko tinggi" in kampanye.lower()


# ---- 5. official register

SELF_REFERENTIAL = [
    r"belum (dapat )?kami",
    r"kami (himpun|rujuk|verifikasi|pastikan|cantumkan)",
    r"sumber yang kami",
    r"bahan (kursus|pelatihan) ini",
    r"tidak tercatat dalam bahan",
    r"belum terverifikasi",
    r"baru bersandar pada satu sumber",
    r"sengaja tidak kami",
]


def test_no_text_talks_about_the_courses_own_making(loaded: LoadedCourse) -> None:
    for name, text in everything(loaded).items():
        flat = re.sub(r"\s+", " ", text)
        for pattern in SELF_REFERENTIAL:
            assert not re.search(pattern, flat, re.IGNORECASE), f"{name}: {pattern}"
    raw = COURSE_YML.read_text(encoding="utf-8")
    assert not re.search("|".join(SELF_REFERENTIAL), re.sub(r"\s+", " ", raw), re.IGNORECASE)


def test_the_sanction_articles_of_pp_94_2021_are_stated(loaded: LoadedCourse) -> None:
    text = re.sub(r"\s+", " ", lesson_texts(loaded)["sanksi"])
    assert "Pasal 13 jo. Pasal 8 ayat 3" in text and "Pasal 14 jo. Pasal 8 ayat 4" in text


def test_pelatihan_throughout_never_kursus(loaded: LoadedCourse) -> None:
    for name, text in everything(loaded).items():
        assert not re.search(r"\bkursus\b", text, re.IGNORECASE), name
    assert not re.search(r"\bkursus\b", COURSE_YML.read_text(encoding="utf-8"), re.IGNORECASE)


# ---- 6. terminology


def test_ppk_is_written_out_on_first_use_in_every_lesson(loaded: LoadedCourse) -> None:
    using = 0
    for ident, text in lesson_texts(loaded).items():
        flat = re.sub(r"\s+", " ", text).replace("**", "")
        first = re.search(r"\bPPK\b", flat)
        if not first:
            continue
        using += 1
        assert flat[: first.end() + 1].endswith("Pejabat Pembina Kepegawaian (PPK)"), ident
    assert using >= 3


def test_the_glossary_defines_the_new_terms() -> None:
    glossary = (CONTENT / "glosarium.md").read_text(encoding="utf-8")
    for term in ("BKD", "Tim kampanye", "Tim pemenangan", "Tim sukses", "Relawan", "Sentra Gakkumdu",
                 "Pejabat yang berwenang menghukum"):  # fmt: skip
        assert re.search(rf"^{re.escape(term)}\b[^\n]*\n:", glossary, re.MULTILINE), term
    ppk = re.search(
        r"^PPK \(Pejabat Pembina Kepegawaian\)\n:(.*?)(?=\n\n|\Z)", glossary, re.MULTILINE | re.DOTALL
    )
    assert ppk and "Panitia Pemilihan Kecamatan" in ppk[1] and "Bawaslu" in ppk[1]


def test_one_word_for_campaign_teams(loaded: LoadedCourse) -> None:
    for name, text in everything(loaded).items():
        if name == "glosarium.md":
            continue  # the one place that defines the other words
        assert not re.search(
            r"\b(tim pemenangan|tim sukses|grup pemenangan|akun pemenangan)\b", text, re.IGNORECASE
        ), name


CALQUES = [
    r"dapat\s+sudah\s+beredar",
    r"usang\s+dua\s+kali",
    r"memindahkan\s+tanggung\s+jawab",
    r"story Instagram",
]


def test_no_calques_untranslated_english_or_lowercase_pemilu(loaded: LoadedCourse) -> None:
    for name, text in everything(loaded).items():
        for pattern in CALQUES:
            assert not re.search(pattern, text), f"{name}: {pattern}"
        assert not re.search(r"(?<![\w-])pemilu(?![\w-])", text), f"{name}: write Pemilu"


# ---- 7. smaller legal precision


def test_neutrality_is_defined_in_the_penjelasan(loaded: LoadedCourse) -> None:
    quoted = 0
    for name, text in everything(loaded).items():
        for unit in units(text):
            if "Pasal 2 huruf f" in unit and "tidak berpihak dari segala bentuk pengaruh" in unit:
                quoted += 1
                assert "Penjelasan" in unit, f"{name}: {unit}"
    assert quoted >= 1


def test_declaration_rests_sanctions_on_the_law(loaded: LoadedCourse) -> None:
    assert loaded.course and loaded.course.model.declaration
    statements = [re.sub(r"\s+", " ", s) for s in loaded.course.model.declaration.statements]
    for statement in statements:
        assert "melanggar pernyataan ini" not in statement and "Bersedia menerima sanksi" not in statement
    assert "peraturan perundang-undangan" in statements[8]


def test_pp_42_2004_is_never_applied_to_pppk(loaded: LoadedCourse) -> None:
    for name, text in everything(loaded).items():
        for unit in units(text):
            if "PPPK" not in unit:
                continue
            for m in re.finditer(r"PP 42/2004", unit):
                window = re.split(r"[;|]", unit[m.end() :], maxsplit=1)[0]
                before = unit[max(0, m.start() - 12) : m.start()]
                assert (
                    "PNS" in window or "PNS" in before or re.search(r"(tidak mengikat|bukan) PPPK", window)
                ), f"{name}: {unit}"


FIGURE_SOURCES = ["kasn-2020", "antara-kasn-2024", "antara-pemilu-2024", "databoks-pemilu-2024",
                  "kompas-pilkada-2020", "sindikasi-pemilu-2024", "bawaslu-pilkada-2024", "bawaslu-ri-2022"]  # fmt: skip


def test_every_figure_has_its_date(loaded: LoadedCourse) -> None:
    assert loaded.course
    refs = loaded.course.model.references
    for key in FIGURE_SOURCES:
        assert DATE.search(refs[key].short) or DATE.search(refs[key].title), key
    assert "2 September 2024" in refs["sindikasi-pemilu-2024"].short
    table = [
        u for u in units(lesson_texts(loaded)["apa-itu-netralitas"]) if re.match(r"\| (Pilkada|Pemilu) 20", u)
    ]
    assert len(table) >= 5
    for row in table:
        assert DATE.search(row), row


# ---- 8. coverage gaps


def test_the_coverage_gaps_are_answered(loaded: LoadedCourse) -> None:
    lessons = {k: re.sub(r"\s+", " ", v) for k, v in lesson_texts(loaded).items()}
    partai = lessons["partai-dan-pencalonan"]
    assert "tanpa persetujuan" in partai and "keberatan kepada KPU" in partai and "Beri tahu atasan" in partai
    keluarga = lessons["keluarga-calon"]
    assert re.search(r"berfoto bersama[^.]*simbol tangan", keluarga, re.IGNORECASE)


# ---- 9. pages participants read carry no tooling


def test_the_facilitator_guide_names_no_command_or_repository_path() -> None:
    guide = (CONTENT / "panduan-fasilitator.md").read_text(encoding="utf-8")
    assert not re.search(
        r"\blatih\s+(verify|report|build|declarations|package|serve|check|init|new|schema)\b", guide
    )
    assert not re.search(r"docs/|\.py\b|repositori|README", guide, re.IGNORECASE)
    # the commands it stands for are documented for the administrator who runs them
    moved = (REPO / "docs" / "facilitators.md").read_text(encoding="utf-8")
    for command in ("latih verify", "latih report", "latih declarations"):
        assert command in moved, command


def test_no_participant_page_names_a_command(loaded: LoadedCourse) -> None:
    for name, text in everything(loaded).items():
        assert not re.search(r"`latih |\blatih (verify|report|declarations)\b", text), name


# ---- content review (issue 15, independent reading)


def test_uu_1_2015_is_not_said_to_be_last_amended_by_uu_10_2016(loaded: LoadedCourse) -> None:
    """UU 1/2015 was amended three times (UU 8/2015, UU 10/2016, UU 6/2020): "diubah terakhir dengan
    UU 10/2016" is wrong; the course says "sebagaimana telah diubah dengan UU 10/2016" everywhere."""
    said = 0
    for name, text in everything(loaded).items():
        flat = re.sub(r"\s+", " ", text)
        assert not re.search(r"diubah terakhir dengan UU 10/2016", flat), name
        said += len(re.findall(r"UU 1/2015 sebagaimana telah diubah dengan UU 10/2016", flat))
    assert said >= 10


def test_every_mention_of_pasal_189_cites_uu_1_2015(loaded: LoadedCourse) -> None:
    """Pasal 189 (a candidate pair that involves ASN in the campaign) belongs to UU 1/2015 as amended,
    like Pasal 188; citing it as 'UU 10/2016 Pasal 70 ayat (1) jo. Pasal 189' names the wrong law."""
    mentions = 0
    for name, text in everything(loaded).items():
        for unit in units(text):
            if re.search(r"Pasal 189\b", unit):
                mentions += 1
                assert "UU 1/2015" in unit, f"{name}: {unit}"
                assert not re.search(r"(?<!diubah dengan )UU 10/2016,? Pasal 70", unit), f"{name}: {unit}"
    assert mentions >= 4


PP_94_ARTICLES = {"5", "8", "13", "14", "26", "28"}  # larangan, jenis hukuman, hukuman, atasan


def test_pp_94_2021_is_cited_only_by_articles_the_course_teaches(loaded: LoadedCourse) -> None:
    """An article number nobody checked (the glossary once gave 'PP 94/2021 Pasal 1 angka 3' for the
    pejabat yang berwenang menghukum) is worse than the regulation's name alone."""
    cited: set[str] = set()
    for name, text in everything(loaded).items():
        flat = re.sub(r"\s+", " ", text)
        for m in re.finditer(r"PP 94/2021,? \(?Pasal (\d+)", flat):
            cited.add(m[1])
            assert m[1] in PP_94_ARTICLES, f"{name}: {flat[m.start() : m.end() + 20]}"
    assert {"5", "26"} <= cited


def test_official_duty_at_a_campaign_is_taught_where_the_quizzes_key_it(loaded: LoadedCourse) -> None:
    """Three graded questions key 'bukan pelanggaran' for an officer on duty at a rally in uniform
    (traffic, public order, a health post); the lesson that calls a uniform at a rally a violation
    must teach the same line: there as an officer with a surat tugas, not as a participant."""
    on_duty = [
        n for n, t in quiz_texts(loaded).items()
        if "seragam dinas" in t and "surat tugas" in t.replace("surat perintah", "surat tugas")
        and "Ini bukan pelanggaran" in t
    ]  # fmt: skip
    assert len(on_duty) >= 2, on_duty
    kampanye = lesson_texts(loaded)["kampanye"]
    flat = re.sub(r"\s+", " ", kampanye)
    assert re.search(r"surat tugas[^.]*bukan sebagai peserta kampanye", flat, re.IGNORECASE)
    row = next(u for u in units(kampanye) if u.startswith("|") and "seragam dinas" in u)
    assert "sebagai peserta" in row, row


def test_every_pilkada_penalty_says_dan_atau(loaded: LoadedCourse) -> None:
    """Pilkada penalties (UU 1/2015 Pasal 188, 189) are penjara dan/atau denda; a block that names the
    Pilkada law and a fine must not reduce it to 'dan denda' (the sanctions overview once did)."""
    checked = 0
    for name, text in everything(loaded).items():
        for unit in units(text.replace("**", "")):
            if "UU 1/2015" in unit and "denda" in unit:
                checked += 1
                assert "dan/atau denda" in unit, f"{name}: {unit}"
    assert checked >= 8


def test_every_true_false_explanation_opens_with_its_key(loaded: LoadedCourse) -> None:
    """A graded true/false explanation says its verdict first, in the words of the labels
    (Pelanggaran / Bukan pelanggaran), so the explanation cannot read as hedging against its key."""
    checked = 0
    for ident, item in loaded.quizzes.items():
        for q in item.model.questions:
            if q.type != "true_false":
                continue
            checked += 1
            opening = "Ini pelanggaran" if q.answer else "Ini bukan pelanggaran"
            assert (q.explanation or "").lstrip().startswith(opening), f"{ident}/{q.id}"
    assert checked >= 40


HEARSAY = [r"penjelasan yang beredar", r"pendapat yang beredar", r"sejumlah (menteri|pejabat)",
           r"ada yang berpendapat", r"beberapa pihak"]  # fmt: skip


def test_no_grey_area_rests_on_unnamed_hearsay(loaded: LoadedCourse) -> None:
    """A grey area is explained by what the law does and does not say, or by a named, dated source;
    never by 'a circulating explanation' (the party-event lesson and guide once did)."""
    for name, text in everything(loaded).items():
        flat = re.sub(r"\s+", " ", text)
        for pattern in HEARSAY:
            assert not re.search(pattern, flat, re.IGNORECASE), f"{name}: {pattern}"


def test_state_facilities_for_a_candidate_cite_angka_5_not_angka_4_alone(loaded: LoadedCourse) -> None:
    """Angka 4 is using state facilities *as a campaign participant*; lending or using them for a
    candidate is an act that favours one side (angka 5). A quiz sentence that ties facilities to
    angka 4 alone gives the weaker reason (fact sheet, point 8)."""
    checked = 0
    for name, text in quiz_texts(loaded).items():
        for sentence in sentences(text):
            if "fasilitas" in sentence and re.search(r"\bangka 4\b", sentence):
                checked += 1
                assert re.search(r"angka 5|angka 4 sampai|angka 4 dan 5|peserta kampanye", sentence), (
                    f"{name}: {sentence}"
                )
    assert checked >= 3


ENGLISH_GLOSSES = ["posting", "share", "like", "follow", "story", "browser"]


def test_english_words_are_glossed_at_most_once_and_lms_is_written_out(loaded: LoadedCourse) -> None:
    """The Indonesian word carries the meaning; the English interface word may follow it in
    parentheses once in the whole course, not in every quiz (fact sheet, register)."""
    seen = {word: [] for word in ENGLISH_GLOSSES}
    for name, text in everything(loaded).items():
        for word in ENGLISH_GLOSSES:
            seen[word] += [name] * len(re.findall(rf"\((?:[^()]*\W)?{word}\b[^()]*\)", text))
    for word, where in seen.items():
        assert len(where) <= 1, (word, where)
    index = re.sub(r"\s+", " ", page_texts()["index.md"])
    first = re.search(r"\bLMS\b", index)
    assert first and index[: first.end() + 1].endswith("(LMS)"), "write out LMS on first use"


def test_pasal_280_ayat_2_binds_the_campaign_executors_not_the_asn(loaded: LoadedCourse) -> None:
    """UU 7/2017 Pasal 280 ayat (2) huruf f forbids campaign executors and teams to involve ASN
    (penalty: Pasal 493); ayat (3) forbids ASN to take part (Pasal 494). A sentence that makes
    ayat (2) forbid the ASN mixes up who is bound."""
    checked = 0
    for name, text in everything(loaded).items():
        for sentence in sentences(text):
            if re.search(r"280 ayat \(?2\)?", sentence):
                checked += 1
                assert not re.search(r"melarang ASN", sentence), f"{name}: {sentence}"
    assert checked >= 4


def test_pasal_494_is_not_stretched_to_advisers_and_volunteers(loaded: LoadedCourse) -> None:
    """Pasal 494 punishes ASN in a formal campaign role (pelaksana, tim kampanye); where a block also
    names advisers, consultants or volunteers it must keep the criminal threat to that role or say
    it depends (fact sheet: do not tell an unpaid adviser that Pasal 494 certainly applies)."""
    checked = 0
    for name, text in everything(loaded).items():
        for unit in units(text.replace("**", "")):
            if re.search(r"\b494\b", unit) and re.search(r"konsultan|tim ahli|relawan|penasihat", unit):
                checked += 1
                assert re.search(
                    r"peran resmi|bergantung|tergantung|sebagai pelaksana (atau|dan) tim kampanye|bagi tim kampanye",
                    unit,
                ), f"{name}: {unit}"
    assert checked >= 3


def test_attending_a_campaign_team_meeting_is_not_angka_6(loaded: LoadedCourse) -> None:
    """PP 94/2021 Pasal 5 huruf n angka 6 forbids *holding* partisan meetings (mengadakan kegiatan);
    an ASN who attends a campaign team's meetings breaks SKB 2/2022 and huruf n, but pinning it on
    angka 6 with a certain heavy punishment says more than the rule does."""
    for name, text in quiz_texts(loaded).items():
        for sentence in sentences(text):
            if re.search(r"rapat tim kampanye", sentence):
                assert "angka 6" not in sentence, f"{name}: {sentence}"


@pytest.mark.xfail(strict=True, reason="issue 23 rewrote the graded banks (new ids, 62 questions, 22 drawn); the guide in content/ is rewritten by issue 23 item 1 (no graded scenario in the guide) and issue 24: remove this mark then")
def test_the_facilitator_guide_counts_the_exam_bank_right(loaded: LoadedCourse) -> None:
    """The guide tells facilitators how many questions the exam draws from; it once said 40 when
    the bank held 52."""
    guide = re.sub(r"\s+", " ", page_texts()["panduan-fasilitator.md"])
    exam = loaded.quizzes["ujian-akhir"].model
    m = re.search(r"mengambil (\d+) soal secara acak dari (\d+)", guide)
    assert m, "the guide says how the exam draws its questions"
    assert (int(m[1]), int(m[2])) == (exam.draw, len(exam.questions))


def test_a_cltn_answer_is_given_to_someone_who_can_take_cltn(loaded: LoadedCourse) -> None:
    """CLTN is a PNS leave; PP 49/2018 has none for PPPK. A question whose answer turns on CLTN says
    the person is PNS (or already on CLTN), so a PPPK reader is not taught a leave they cannot take."""
    checked = 0
    for ident, item in loaded.quizzes.items():
        for q in item.model.questions:
            if "CLTN" not in (q.explanation or ""):
                continue
            checked += 1
            scenario = q.scenario or ""
            assert re.search(r"\bPNS\b|\blurah\b|cuti di luar|CLTN", scenario), f"{ident}/{q.id}"
            assert "PPPK" not in scenario, f"{ident}/{q.id}"
    assert checked >= 6
