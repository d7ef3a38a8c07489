"""aup_portal.queue.enqueue: jobs are queued only inside a transaction, by task or dotted path."""

import pytest
from django.db import transaction

from aup_portal.queue import enqueue


@pytest.mark.django_db(transaction=True)
def test_enqueue_outside_a_transaction_is_refused(queued_tasks):
    with pytest.raises(RuntimeError, match=r"inside transaction\.atomic\(\)"):
        enqueue("faq.emails.email_send", to=["a@example.com"], subject="s", text="t", html="h")

    assert queued_tasks.count() == 0


@pytest.mark.django_db(transaction=True)
def test_enqueue_by_dotted_path_commits_with_the_transaction(queued_tasks):
    with transaction.atomic():
        enqueue("faq.emails.email_send", to=["a@example.com"], subject="s", text="t", html="h")

    assert [task.task_path for task in queued_tasks] == ["faq.emails.email_send"]
