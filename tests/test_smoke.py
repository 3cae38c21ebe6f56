"""The book's worked example end to end, from the Python API."""

from diffcompare import compare


def test_book_example_every_engine_gets_24_and_10():
    c = compare("x^2*y + y + 2", at={"x": 3, "y": 4}, repeats=1)
    assert c.values == [42.0]
    for name, r in c.engines.items():
        assert r.error is None, name
        assert abs(r.jacobian[0][0] - 24) < 1e-6 and abs(r.jacobian[0][1] - 10) < 1e-6, name
