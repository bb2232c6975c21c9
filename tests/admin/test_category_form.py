"""The categories' form reads back into the document it was filled from, in menu order."""

from __future__ import annotations

from admin.category_form import categories_document, category_values, row_count
from catalog.documents import read_content_documents


def test_every_category_reads_back_unchanged() -> None:
    categories = read_content_documents().categories
    values = category_values(categories)
    assert row_count(values) == len(categories) + 1
    assert categories_document(values) == categories


def test_rows_follow_their_order_and_an_emptied_row_is_dropped() -> None:
    form = {
        **{"cat1_slug": "medical", "cat1_name": "看病就医", "cat1_order": "2"},
        **{"cat1_words": "看病、医保，医院 就医"},
        **{"cat2_slug": "bills", "cat2_name": "生活缴费", "cat2_order": "1", "cat2_words": ""},
        **{"cat3_slug": "", "cat3_name": "", "cat3_words": "", "cat3_order": "3"},
    }
    assert categories_document(form) == [
        {"slug": "bills", "name": "生活缴费", "words": []},
        {"slug": "medical", "name": "看病就医", "words": ["看病", "医保", "医院", "就医"]},
    ]
