from tests.utils import category, make_item


def test_index_lists_categories_with_item_counts(client, disclosure):
    make_item(category("1.9"), title="ประกาศผู้ชนะการเสนอราคา")
    response = client.get(disclosure.url)
    assert response.status_code == 200
    rows = {row["page"].code: row["count"] for row in response.context["category_rows"]}
    assert len(rows) == 19
    assert rows["1.9"] == 1
    assert rows["1.1"] == 0
