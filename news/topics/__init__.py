"""专题 (topic pages): an editor gathers articles under one title, in sections.

A section lists articles chosen by hand, then those a rule picks (a tag, a
category, or both), newest first. Readers get /special/<slug>/ and the 专题
index /special/; an article shown in a published topic links back to it.
"""
