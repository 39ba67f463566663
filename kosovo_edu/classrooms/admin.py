from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from .models import Assignment, Classroom, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["student"]


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    raw_id_fields = ["lesson", "quiz", "created_by"]


@admin.register(Classroom)
class ClassroomAdmin(SimpleHistoryAdmin):
    list_display = ["name", "join_code", "teacher_names", "student_count", "archived"]
    list_filter = ["archived"]
    search_fields = ["name", "join_code", "teachers__username"]
    filter_horizontal = ["teachers"]
    readonly_fields = ["created_at"]
    inlines = [MembershipInline, AssignmentInline]
    actions = ["archive", "regenerate_codes"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Classroom]:
        return (
            super()
            .get_queryset(request)
            .annotate(student_total=Count("memberships", distinct=True))
            .prefetch_related("teachers")
        )

    @admin.display(description="teachers")
    def teacher_names(self, obj: Classroom) -> str:
        return ", ".join(sorted(t.get_username() for t in obj.teachers.all()))

    @admin.display(description="students", ordering="student_total")
    def student_count(self, obj: Classroom) -> int:
        return obj.student_total  # type: ignore[attr-defined]  # annotated in get_queryset()

    @admin.action(description="Archive (their codes stop working)")
    def archive(self, request: HttpRequest, queryset: QuerySet[Classroom]) -> None:
        count = queryset.update(archived=True)
        self.message_user(request, f"Archived {count} classes.")

    @admin.action(description="Regenerate join codes")
    def regenerate_codes(self, request: HttpRequest, queryset: QuerySet[Classroom]) -> None:
        for classroom in queryset:
            classroom.regenerate_code()
        self.message_user(request, f"New codes for {len(queryset)} classes.")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["student", "classroom", "joined_at"]
    list_select_related = ["student", "classroom"]
    list_filter = ["classroom"]
    search_fields = ["student__username", "classroom__name"]
    raw_id_fields = ["student", "classroom"]


@admin.register(Assignment)
class AssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["title", "classroom", "due_at", "created_by", "created_at"]
    list_select_related = [
        "classroom",
        "lesson__module",
        "quiz__module",
        "quiz__lesson",
        "created_by",
    ]
    list_filter = ["classroom"]
    search_fields = ["classroom__name", "lesson__title", "quiz__lesson__title"]
    raw_id_fields = ["classroom", "lesson", "quiz", "created_by"]
    date_hierarchy = "due_at"

    @admin.display(description="assignment")
    def title(self, obj: Assignment) -> str:
        return obj.title
