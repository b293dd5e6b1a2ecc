from pathlib import Path

from nq57xl.catalogue import CATALOGUE, catalogue_markdown, problem

ROOT = Path(__file__).resolve().parents[1]


def test_docs_page_is_generated_from_the_catalogue():
    page = (ROOT / "docs" / "validation-codes.md").read_text(encoding="utf-8")
    assert page == catalogue_markdown(), "run: nq57xl codes --markdown > docs/validation-codes.md"


def test_codes_are_kebab_case_and_messages_render_without_placeholders():
    for code, entry in CATALOGUE.items():
        assert code == code.lower() and " " not in code and "_" not in code
        msg = problem(code, value="X", stt="1", column="C", detail="d").message
        assert "{" not in msg and "}" not in msg
        assert msg.strip()
