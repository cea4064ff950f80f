"""Link suggestions: the machine proposes agree/conflict links between claims.

embeddings (sentence vectors) and candidates (which claims to compare) find
the pairs; reasons, features and model judge them; services stores the
suggestions; tasks and handlers decide when.
"""
