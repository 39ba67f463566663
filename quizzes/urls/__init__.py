"""URL modules of the quizzes app, one namespace each: quizzes (the quiz flow)."""
