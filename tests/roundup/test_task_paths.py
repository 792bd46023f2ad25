"""Tasks queued under the paths they had before the round-up was reshaped still load."""

from importlib import import_module

import pytest
from django.tasks import Task
from django.utils.module_loading import import_string

MOVED = import_module("chorus.roundup.migrations.0008_task_paths").MOVED


@pytest.mark.parametrize(("old", "new"), sorted(MOVED.items()))
def test_each_old_task_path_leads_to_a_task_of_the_same_name(old, new):
    task = import_string(new)
    assert isinstance(task, Task)
    assert new.rsplit(".", 1)[1] == old.rsplit(".", 1)[1]
    assert task.module_path == new
