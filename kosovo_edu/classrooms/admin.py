from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from lessons.admin import RecordAdmin, admin_link

from .models import Assignment, Classroom, Membership


class MembershipInline(admin.TabularInline):
    """Students join with the class code: the admin shows who joined, never enrols by hand."""

    model = Membership
    extra = 0
    fields = readonly_fields = ("student", "joined_at")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Membership]:
        return super().get_queryset(request).select_related("student")

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return bool(request.user.is_superuser)


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
        classrooms = list(queryset.filter(archived=False))
        for classroom in classrooms:  # saved one by one: kept in its history, signalled
            classroom.archived = True
            classroom.save(update_fields=["archived"])
        self.message_user(request, f"Archived {len(classrooms)} classes.")

    @admin.action(description="Regenerate join codes")
    def regenerate_codes(self, request: HttpRequest, queryset: QuerySet[Classroom]) -> None:
        for classroom in queryset:
            classroom.regenerate_code()
        self.message_user(request, f"New codes for {len(queryset)} classes.")


@admin.register(Membership)
class MembershipAdmin(RecordAdmin):
    list_display = ["__str__", "student_link", "classroom_link", "joined_at"]
    list_select_related = ["student", "classroom"]
    list_filter = ["classroom"]
    search_fields = ["student__username", "classroom__name"]
    fields = readonly_fields = ("student_link", "classroom_link", "joined_at")

    @admin.display(description="student", ordering="student__username")
    def student_link(self, obj: Membership) -> str:
        return admin_link(type(obj.student), obj.student_id, obj.student)

    @admin.display(description="class", ordering="classroom__name")
    def classroom_link(self, obj: Membership) -> str:
        return admin_link(Classroom, obj.classroom_id, obj.classroom)


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
