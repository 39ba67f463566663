"""URL modules of the quizzes app, one namespace each: quizzes (the quiz flow), review (spaced
review and practising mistakes), progress (the learner's dashboard)."""
