"""The quizzes app's pages: the quiz flow (flow.py), spaced review (review.py) and the
learner's progress (progress.py)."""
