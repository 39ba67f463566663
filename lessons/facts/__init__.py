"""The pure truth machinery: what the articles claim and what the cited facts say about it.

No Django here; every module works on plain strings and frozen data classes.

- :mod:`~lessons.facts.values` - typed values: a date with its precision, a span, a number
  with unit and qualifier, a duration, a name, an acronym, a UN resolution.
- :mod:`~lessons.facts.schema` - the fact-base file format (pydantic models over
  ``seeds/facts.toml``), and values to and from the JSON stored in the database.
- :mod:`~lessons.facts.factbase` - the records (:class:`Reference`, :class:`Fact`,
  :class:`FactBase`) and the loader.
- :mod:`~lessons.facts.claims` - the checkable claims of a sentence, one module per kind.
- :mod:`~lessons.facts.verify` - the verdict on a claim (``check_sentence``, ``check_claim``):
  how a claim finds its fact, the choice between several facts, and the conditions without
  which a contradiction is never a refutation.
- :mod:`~lessons.facts.compare` - how a claimed value is compared with a fact's: dates at
  the claim's granularity, spans, numbers with qualifiers, durations, units.
- :mod:`~lessons.facts.subjects` - what a sentence names and where: a claim's subject,
  "this mission" referring back, "led by X" agents, "within N words".
- :mod:`~lessons.facts.names` - when two names are the same, and the checks of acronyms,
  operation names and titled persons.
- :mod:`~lessons.facts.times` - when a claim holds: a fact ``as_of`` one time is never compared
  with a claim of another.
- :mod:`~lessons.facts.tasks` - what a mandate included: listed tasks against multi-valued facts.
- :mod:`~lessons.facts.relations` - which relation an agent claim states ("established by" is
  not "led by"): support by a shared word, refutation only by the same relation.
- :mod:`~lessons.facts.outline` - each sentence of a lesson with the sub-headings above it.
- :mod:`~lessons.facts.index` - a fact base indexed for the verifier, built once per fact base:
  each fact's specific names, its loose names ("the air campaign") and its cues.
- :mod:`~lessons.facts.verdicts` - the one :class:`Verdict`.
"""
