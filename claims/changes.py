"""What each API record embeds, as change-feed trigger rules (``sources.change_triggers``).

A record is in the feed when it or anything its representation shows is written:

- a **claim** shows its source's brief (title, url, publisher, author, date),
  its mentions with their entities' names and kinds, its set and side, and
  its link counts;
- a **source** counts its claims by status;
- a **link** shows both claims' text, status, set and source brief;
- an **entity** shows its aliases and counts its mentions;
- a **claim set** shows its claims (text, status, speaker, source brief,
  mentions with entity names), the links between them with whether each is
  reviewed (both claims accepted), its question, side labels and
  ``has_conflict``, and a title proposed from its claims' structure (subject,
  predicate, object, negation, score).
"""

from sources.change_triggers import ALL, Rule

INS_DEL = ("INSERT", "DELETE")

LINKS_OF_CLAIM = (
    "SELECT id FROM claims_claimlink WHERE claim_a_id = {row}.id OR claim_b_id = {row}.id"
)
SET_OF_CLAIM = "SELECT claim_set_id AS id FROM claims_claim WHERE id = {row}.%s"
SOURCE_BRIEF = ("title", "url", "publisher", "author", "published_on")
# What a set's proposed title is made of besides its claims' text, status and side
# (``linking.naming``); the mentions' entity names come from the mention and entity rules.
TITLE_FIELDS = ("subject", "predicate", "object", "is_negated", "score")

RULES = [
    # Sources: their claims, those claims' links and sets show the source's brief.
    Rule("sources_source", ("UPDATE",), "claim",
         "SELECT id FROM claims_claim WHERE source_id = {row}.id", changed=SOURCE_BRIEF),
    Rule("sources_source", ("UPDATE",), "link",
         "SELECT l.id FROM claims_claimlink l JOIN claims_claim c "
         "ON c.id = l.claim_a_id OR c.id = l.claim_b_id WHERE c.source_id = {row}.id",
         changed=SOURCE_BRIEF),
    Rule("sources_source", ("UPDATE",), "claim-set",
         "SELECT claim_set_id AS id FROM claims_claim WHERE source_id = {row}.id",
         changed=SOURCE_BRIEF),
    # Claims: themselves; their source's counts; their links' and sets' copies of them.
    Rule("claims_claim", ALL, "claim", "SELECT {row}.id AS id"),
    Rule("claims_claim", INS_DEL, "source", "SELECT {row}.source_id AS id"),
    Rule("claims_claim", ("UPDATE",), "source", "SELECT {row}.source_id AS id",
         changed=("status", "source_id"), rows=("OLD", "NEW")),
    Rule("claims_claim", ("UPDATE",), "link", LINKS_OF_CLAIM,
         changed=("text", "status", "claim_set_id", "source_id")),
    Rule("claims_claim", INS_DEL, "claim-set", "SELECT {row}.claim_set_id AS id"),
    Rule("claims_claim", ("UPDATE",), "claim-set", "SELECT {row}.claim_set_id AS id",
         changed=("text", "status", "speaker", "claim_set_id", "side", "source_id",
                  *TITLE_FIELDS),
         rows=("OLD", "NEW")),
    # Mentions: their claim, their entity's count, the claim's set.
    Rule("claims_mention", ALL, "claim", "SELECT {row}.claim_id AS id", rows=("OLD", "NEW")),
    Rule("claims_mention", ALL, "entity", "SELECT {row}.entity_id AS id", rows=("OLD", "NEW")),
    Rule("claims_mention", ALL, "claim-set", SET_OF_CLAIM % "claim_id", rows=("OLD", "NEW")),
    # Entities: themselves; claims and sets showing their name and kind.
    Rule("claims_entity", ALL, "entity", "SELECT {row}.id AS id"),
    Rule("claims_entity", ("UPDATE",), "claim",
         "SELECT claim_id AS id FROM claims_mention WHERE entity_id = {row}.id",
         changed=("name", "kind")),
    Rule("claims_entity", ("UPDATE",), "claim-set",
         "SELECT c.claim_set_id AS id FROM claims_claim c JOIN claims_mention m "
         "ON m.claim_id = c.id WHERE m.entity_id = {row}.id",
         changed=("name", "kind")),
    # Aliases: their entity.
    Rule("claims_entityalias", ALL, "entity", "SELECT {row}.entity_id AS id",
         changed=("entity_id", "text"), rows=("OLD", "NEW")),
    # Links: themselves; both claims' counts; the sets listing them.
    Rule("claims_claimlink", ALL, "link", "SELECT {row}.id AS id"),
    Rule("claims_claimlink", ALL, "claim",
         "SELECT {row}.claim_a_id AS id UNION SELECT {row}.claim_b_id",
         changed=("relation", "status", "claim_a_id", "claim_b_id"), rows=("OLD", "NEW")),
    Rule("claims_claimlink", ALL, "claim-set",
         "SELECT claim_set_id AS id FROM claims_claim "
         "WHERE id = {row}.claim_a_id OR id = {row}.claim_b_id",
         changed=("relation", "status", "note", "claim_a_id", "claim_b_id"),
         rows=("OLD", "NEW")),
    # Claim sets: themselves.
    Rule("claims_claimset", ALL, "claim-set", "SELECT {row}.id AS id"),
]  # fmt: skip
