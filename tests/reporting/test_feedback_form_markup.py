"""The feedback form as a visitor sees it: one heading, the yes/no answer and the
1–5 score as rows of large labelled choices, and a clear Thai thank-you."""

import re

import pytest

from tests.conftest import shared_data
from tests.utils import category, make_item, run_setup

pytestmark = pytest.mark.django_db

QUESTION = "ข้อมูลนี้เป็นประโยชน์หรือไม่"


@pytest.fixture(scope="module")
def module_data(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        run_setup()
        yield {"item": make_item(category("1.6"))}


@pytest.fixture
def data(module_data, db):
    return module_data


def evaluation(html: str) -> str:
    return html[
        html.index('id="evaluation"') : html.index(
            "</section>", html.index('id="evaluation"')
        )
    ]


def test_the_question_is_asked_once_and_names_the_answer_group(data, client):
    section = evaluation(client.get(data["item"].url).content.decode())
    assert section.count(QUESTION) == 1
    assert '<h2 id="evaluation-heading"' in section
    assert (
        '<fieldset class="evaluation__group" aria-labelledby="evaluation-heading">'
        in section
    )


def test_every_choice_has_a_visible_label_around_its_radio(data, client):
    section = evaluation(client.get(data["item"].url).content.decode())
    scores = re.findall(
        r'<label class="choice choice--score" for="(evaluation-score_\d)"><input[^>]+'
        r'id="\1"[^>]*><span class="choice__text">(\d)</span></label>',
        section,
    )
    assert [score for _id, score in scores] == ["1", "2", "3", "4", "5"]
    assert section.count('class="choice"') == 2  # ใช่ / ไม่ใช่
    assert "ความพึงพอใจ" in section


def test_the_thank_you_is_plain_thai(data, client):
    section = evaluation(
        client.get(data["item"].url + "?evaluation=thanks").content.decode()
    )
    assert 'role="status"' in section
    assert "ขอบคุณสำหรับคำตอบ" in section
    assert "บันทึกคำตอบของท่านแล้ว" in section
    assert "<form" not in section
