"""Per-record noise is stored once and reused, never resampled on re-export."""

from __future__ import annotations

from corpus.dp.noise_store import MemoryNoiseStore, SqliteNoiseStore
from corpus.dp.per_record import NoiseSpec, PerRecordNoiser

SPEC = NoiseSpec(epsilon=1.0, lower=0.0, upper=100.0, decimals=2)


def test_when_records_are_noised_again_then_stored_values_come_back(tmp_path):
    path = tmp_path / "noise.sqlite3"
    first = PerRecordNoiser(SqliteNoiseStore(path), "ds", "weight", SPEC).apply(["a", "b", "c"], [70.0, None, 80.0])
    again = PerRecordNoiser(SqliteNoiseStore(path), "ds", "weight", SPEC)
    assert again.apply(["a", "b", "c"], [70.0, None, 80.0]) == first
    assert again.sampled == 0 and again.reused == 2 and first[1] is None


def test_when_the_true_value_changes_then_the_stored_release_still_wins():
    store = MemoryNoiseStore()
    first = PerRecordNoiser(store, "ds", "w", SPEC).apply(["a"], [10.0])
    assert PerRecordNoiser(store, "ds", "w", SPEC).apply(["a"], [90.0]) == first


def test_when_dataset_or_field_differs_then_values_are_sampled_separately():
    store = MemoryNoiseStore()
    PerRecordNoiser(store, "ds", "w", SPEC).apply(["a"], [10.0])
    other = PerRecordNoiser(store, "ds2", "w", SPEC)
    other.apply(["a"], [10.0])
    assert other.sampled == 1


def test_when_output_is_clamped_then_released_values_stay_in_bounds():
    values = PerRecordNoiser(MemoryNoiseStore(), "ds", "w", NoiseSpec(0.1, 0.0, 1.0)).apply([str(i) for i in range(500)], [0.5] * 500)
    assert all(0.0 <= v <= 1.0 for v in values)


def test_when_stored_in_the_box_database_then_first_write_wins_and_reexport_reuses(box) -> None:  # type: ignore[no-untyped-def]
    from corpus.dp.noise_store import DatabaseNoiseStore

    store = DatabaseNoiseStore(box.sessions)
    first = store.put_many("ds", "weight", {"a": 1.5, "b": 2.5})
    again = store.put_many("ds", "weight", {"a": 9.9, "c": 3.5})
    assert first == {"a": 1.5, "b": 2.5}
    assert again == {"a": 1.5, "c": 3.5}
    noised = PerRecordNoiser(DatabaseNoiseStore(box.sessions), "ds2", "weight", SPEC).apply(["x", "y"], [70.0, 80.0])
    reused = PerRecordNoiser(DatabaseNoiseStore(box.sessions), "ds2", "weight", SPEC).apply(["x", "y"], [70.0, 80.0])
    assert noised == reused
