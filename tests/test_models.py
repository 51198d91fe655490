"""Models are frozen, strict about shape, and their vocabularies are consistent."""

from __future__ import annotations

import datetime

import pytest
from pydantic import ValidationError

import hipknowledge as hk
from hipknowledge._fields import format_loc
from hipknowledge.ids import is_valid_id, slugify
from hipknowledge.models import KIND_BY_NAME, RECORD_TYPES
from hipknowledge.vocab import HipMovement, Plane

REVIEW = {"by": "t", "on": datetime.date(2026, 1, 1)}


def source(**changes: object) -> hk.Source:
    data: dict[str, object] = {"id": "s", "name": "S", "source_type": "web-article", "summary": "x", "review": REVIEW}
    return hk.Source.model_validate({**data, **changes})


def test_models_are_frozen() -> None:
    record = source()
    with pytest.raises(ValidationError, match="frozen"):
        record.name = "other"  # type: ignore[misc]
    assert isinstance(record.aliases, tuple)


def test_extra_fields_are_refused() -> None:
    with pytest.raises(ValidationError, match="extra"):
        source(colour="blue")


@pytest.mark.parametrize("bad", ["Psoas", "psoas_major", "-psoas", "psoas--major", "psoas major", ""])
def test_bad_ids_are_refused(bad: str) -> None:
    assert not is_valid_id(bad)
    with pytest.raises(ValidationError, match="id"):
        source(id=bad)


def test_text_without_padding() -> None:
    with pytest.raises(ValidationError, match="name"):
        source(name=" padded")
    assert source(summary="two\nlines").summary == "two\nlines"


def test_identifiers_are_shape_checked() -> None:
    assert source(doi="10.1136/bjsports-2016-096743").doi == "10.1136/bjsports-2016-096743"
    for field, bad in [("doi", "doi:10.1/x"), ("pmid", "0123"), ("url", "ftp://x")]:
        with pytest.raises(ValidationError, match=field):
            source(**{field: bad})


def test_movements_pair_up_in_planes() -> None:
    for movement in HipMovement:
        assert movement.opposite.opposite is movement
        assert movement.opposite.plane is movement.plane
    assert {m.plane for m in HipMovement} == set(Plane)


def test_every_kind_is_registered_with_its_folder() -> None:
    assert set(KIND_BY_NAME) == {cls.kind_name for cls in RECORD_TYPES}
    assert all(cls.folder == cls.kind_name + "s" for cls in RECORD_TYPES)


def test_slugify_and_format_loc() -> None:
    assert slugify("Tensor Fasciae Latae") == "tensor-fasciae-latae"
    assert format_loc(("targets", 0, "how")) == "targets[0].how"
    assert format_loc((0, "id")) == "[0].id"


def test_problem_reads_as_a_sentence() -> None:
    problem = hk.Problem("data/muscles/x.yaml", 7, "depth", "shallow", "one of 'superficial', 'deep'")
    assert str(problem) == "data/muscles/x.yaml:7: depth: got 'shallow', expected one of 'superficial', 'deep'"
    long = hk.Problem("f", None, "", "x" * 500, "short")
    assert len(str(long)) < 120
