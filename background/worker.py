"""The worker's lease keeper: a thread that beats for its worker and recovers the tasks of
workers that stopped beating."""

import logging
import threading

from django.conf import settings
from django.db import DatabaseError, connection

from background.services import tasks_recover_abandoned, worker_heartbeat, worker_stopped

logger = logging.getLogger(__name__)


class LeaseKeeper(threading.Thread):
    """Beats every quarter of the lease on its own database connection, so a long task (a
    thousand letters) keeps its lease while a killed worker's lease runs out."""

    def __init__(self, worker_id: str):
        super().__init__(name="lease-keeper", daemon=True)
        self.worker_id = worker_id
        self.stopping = threading.Event()

    def beat(self) -> None:
        try:
            worker_heartbeat(worker_id=self.worker_id)
            recovered = tasks_recover_abandoned()
        except DatabaseError:
            logger.exception("Heartbeat of worker %s failed; trying again", self.worker_id)
            connection.close()  # a broken connection is opened afresh at the next beat
            return
        if recovered:
            logger.warning("Recovered %d task(s) of workers that stopped", recovered)

    def run(self) -> None:
        try:
            while not self.stopping.wait(settings.TASKS_LEASE_SECONDS / 4):
                self.beat()
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=settings.TASKS_LEASE_SECONDS)
        try:
            worker_stopped(worker_id=self.worker_id)
        except DatabaseError:
            logger.exception("Could not remove the heartbeat of worker %s", self.worker_id)
