"""Staff jobs on the worker: `*import*` routes them to the imports_exports queue."""

from celery import shared_task

from network_portal.jobs import services


@shared_task(name="jobs.run_import")
def run_import(job_id: int) -> str:
    return services.job_run(job_id)


@shared_task(name="jobs.run_export")
def run_export(job_id: int) -> str:
    return services.export_run(job_id)
