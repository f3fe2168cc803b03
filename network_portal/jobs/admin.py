from django.contrib import admin

from network_portal.jobs.models import FailedTask


@admin.register(FailedTask)
class FailedTaskAdmin(admin.ModelAdmin):
    list_display = ["failed_at", "task_name", "exception", "retries", "resolved"]
    list_filter = ["resolved", "task_name", "exception"]
    search_fields = ["task_name", "task_id", "message"]
    date_hierarchy = "failed_at"
    readonly_fields = [
        "task_id",
        "task_name",
        "arguments",
        "exception",
        "message",
        "traceback",
        "retries",
        "failed_at",
    ]
    list_editable = ["resolved"]

    def has_add_permission(self, request):
        return False
