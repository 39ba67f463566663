"""The quizzes app's pages: the quiz flow (flow.py)."""
