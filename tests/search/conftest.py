"""Search test fixtures. The index is rebuilt from the catalogue tables by the signal receivers;
per-process caches are dropped between tests because each test rolls the database back."""

import pytest

from cahier.search import state


@pytest.fixture(autouse=True)
def _fresh_search_caches():
    state.clear_local()
    yield
    state.clear_local()
