"""The upload and capture pages' targets come in the address: a cut or mistyped id is a 404,
not a server error (found trying #19's investigator journey in a browser)."""

import pytest

from tests.conftest import login


@pytest.mark.parametrize("page", ["/evidence/capture/", "/evidence/upload/"])
@pytest.mark.parametrize("target", ["compound", "source"])
def test_a_target_that_is_not_an_id_is_not_found(db, ngo, bob, page, target):
    response = login(bob).get(f"{page}?{target}=1234-cut-short")
    assert response.status_code == 404
