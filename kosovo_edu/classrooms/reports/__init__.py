"""The class page (/teach/classes/<pk>/), a student's drill-down and the CSV exports."""
