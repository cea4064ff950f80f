"""Claims, the entities they mention, the links editors draw between them, and claim sets."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from simple_history.models import HistoricalRecords

from common.text import shorten
from sources.models import Source

from .entities.keys import surname_of
from .entities.kinds import ENTITY_KINDS, OTHER_KIND


class Entity(models.Model):
    """A canonical person, country, organisation, place or group."""

    # spaCy's labels for the kinds of thing claims are about (claims/entities/kinds.py).
    Kind = models.TextChoices(
        "Kind",
        [(label, (label, name)) for label, (name, _) in ENTITY_KINDS.items()]
        + [(OTHER_KIND[0], OTHER_KIND)],
    )

    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "entities"
        # Every ordering the API offers, with the id that ends it, for keyset pages.
        indexes = [
            models.Index(fields=["name", "id"], name="entity_name_id_idx"),
            models.Index(fields=["updated_at", "id"], name="entity_updated_id_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class EntityAlias(models.Model):
    """A surface form that stands for an entity ("the Kremlin" for Russia).

    ``normalized`` is the lookup key (see ``claims.entities.keys.normalize_alias``);
    one key names one entity. Curated aliases are data editors extend in the
    admin; a seed list comes with migration 0005.
    """

    class Origin(models.TextChoices):
        SEEN = "seen", "Seen in a source"
        CURATED = "curated", "Curated by an editor"

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="aliases")
    text = models.CharField(max_length=300)
    normalized = models.CharField(max_length=300, unique=True)
    # The word a person of this name is called alone ("tokayev", "xi"), for finding a
    # surname's person without scanning the aliases; see keys.surname_of.
    surname = models.CharField(max_length=300, blank=True, db_index=True, editable=False)
    origin = models.CharField(max_length=16, choices=Origin.choices, default=Origin.SEEN)
    metonym_for = models.ForeignKey(
        Entity,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="metonyms",
        help_text=(
            "When this name acts (says, decides, sends), it stands for this entity: "
            '"Moscow said" is Russia, "in Moscow" is the city.'
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["normalized"]
        verbose_name_plural = "entity aliases"

    def __str__(self) -> str:
        return self.text

    def save(self, *args, **kwargs):
        # bulk_create skips this: callers set it (claims.entities.services.alias_new).
        self.surname = surname_of(self.normalized)
        if kwargs.get("update_fields") is not None and "normalized" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "surname"}
        super().save(*args, **kwargs)


# Speakers that name nobody on their own (claims.nlp.structure resolves new ones).
BARE_PRONOUNS = {"he", "she", "they", "we", "i", "you", "it", "him", "her", "them", "us"}


class ClaimSet(models.Model):
    """Claims connected by confirmed links, on two sides.

    Claims joined by "agree" share a side, by "conflict" stand on opposite
    sides. A set whose links admit no such split is inconsistent.
    """

    title = models.CharField(max_length=300, blank=True)
    question = models.CharField(
        max_length=300,
        blank=True,
        help_text="What the set's claims dispute, as a question: "
        "“Is Russia losing Central Asia to China?”",
    )
    side_a_label = models.CharField(
        max_length=80, blank=True, help_text="A short name for side A's answer: “Losing”."
    )
    side_b_label = models.CharField(
        max_length=80,
        blank=True,
        help_text="A short name for side B's answer: “Holding on”.",
    )
    summary = models.TextField(blank=True)
    has_conflict = models.BooleanField(
        default=False, help_text="Whether a confirmed conflict puts its claims on two sides."
    )
    is_inconsistent = models.BooleanField(default=False)
    inconsistency_cycle = models.JSONField(
        default=list, blank=True, help_text="Ids of the links that form an odd conflict cycle."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-updated_at", "-id"]
        # Every ordering the API offers, with the id that ends it, for keyset pages.
        indexes = [
            models.Index(fields=["created_at", "id"], name="claimset_created_id_idx"),
            models.Index(fields=["updated_at", "id"], name="claimset_updated_id_idx"),
        ]

    def __str__(self) -> str:
        return self.question or self.title or f"Claim set {self.pk}"

    def side_name(self, side: int | None) -> str:
        """What side ``side`` is called: the editor's label, else "Side A" / "Side B"."""
        label = {0: self.side_a_label, 1: self.side_b_label}.get(side, "")
        return label or ("Side A" if side == 0 else "Side B" if side == 1 else "")


class Claim(models.Model):
    """One assertion in one source: ``source.body[start:end] == text``."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    class Side(models.IntegerChoices):
        A = 0, "Side A"
        B = 1, "Side B"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="claims")
    text = models.TextField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.PROPOSED, db_index=True
    )
    score = models.FloatField(default=0.0, help_text="Check-worthiness, 0 to 1.")
    score_reasons = models.JSONField(default=list, blank=True)

    # Structure, where the parse gives it.
    subject = models.CharField(max_length=500, blank=True)
    predicate = models.CharField(max_length=100, blank=True, help_text="Lemma of the main verb.")
    object = models.CharField(max_length=500, blank=True)
    is_negated = models.BooleanField(default=False)
    is_hedged = models.BooleanField(default=False)
    speaker = models.CharField(max_length=300, blank=True)
    quantities = models.JSONField(default=list, blank=True)
    dates = models.JSONField(default=list, blank=True)

    entities = models.ManyToManyField(Entity, through="Mention", related_name="claims")
    claim_set = models.ForeignKey(
        ClaimSet, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims"
    )
    side = models.PositiveSmallIntegerField(choices=Side.choices, null=True, blank=True)

    class Origin(models.TextChoices):
        MACHINE = "machine", "Proposed by the pipeline"
        EDITOR = "editor", "Added by an editor"

    # An editor's edit protects the claim from re-processing like a review does.
    is_edited = models.BooleanField(default=False)
    origin = models.CharField(
        max_length=16,
        choices=Origin.choices,
        default=Origin.MACHINE,
        help_text="Who found the claim: the pipeline, or an editor who selected its text.",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="claims_reviewed",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    pipeline_version = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["source_id", "start", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(start__lt=F("end")), name="claim_span_not_empty"),
            models.UniqueConstraint(fields=["source", "start", "end"], name="claim_span_unique"),
        ]
        # Every ordering the API offers, with the id that ends it, for keyset pages.
        indexes = [
            models.Index(fields=["created_at", "id"], name="claim_created_id_idx"),
            models.Index(fields=["updated_at", "id"], name="claim_updated_id_idx"),
            models.Index(fields=["score", "id"], name="claim_score_id_idx"),
        ]

    def __str__(self) -> str:
        return shorten(self.text, 80)

    @property
    def is_reviewed(self) -> bool:
        return self.status != self.Status.PROPOSED or self.is_edited

    @property
    def named_speaker(self) -> str:
        """The speaker as readers see it: a bare pronoun ("he", stored before speakers were
        resolved) names nobody, so it shows as none."""
        return "" if self.speaker.strip().casefold() in BARE_PRONOUNS else self.speaker


class Mention(models.Model):
    """An entity named in a claim, with offsets into the source body."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="mentions")
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="mentions")
    text = models.CharField(max_length=300)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    label = models.CharField(max_length=16, blank=True, help_text="The NER label seen.")

    class Meta:
        ordering = ["claim_id", "start"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "start", "end"], name="mention_span_unique"),
        ]
        # An entity's claims, newest first, and how many mentions name it, read from the
        # index alone (the related claims of a claim page, the entity list's counts, entity
        # pages and the entity filter).
        indexes = [models.Index(fields=["entity", "claim"], name="mention_entity_claim_idx")]

    def __str__(self) -> str:
        return self.text


def link_score_rank() -> Coalesce:
    """A link's score as links are ordered by it: a link without one (an editor's own)
    ranks below every score (0 to 1).

    Ordering on the bare column would put those links first on PostgreSQL and last on
    SQLite, and a cursor could not name a NULL to start after; this key has neither
    problem, and an index on (it, id) serves every page.
    """
    return Coalesce("score", Value(-1.0))


class ClaimLink(models.Model):
    """An unordered pair of different claims that agree or conflict.

    The pair is stored in canonical order (``claim_a_id < claim_b_id``), so the
    database itself refuses a self-link and a second link for the same pair
    in either order.
    """

    class Relation(models.TextChoices):
        AGREE = "agree", "Agree"
        CONFLICT = "conflict", "Conflict"

    class Status(models.TextChoices):
        SUGGESTED = "suggested", "Suggested"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"

    class Origin(models.TextChoices):
        EDITOR = "editor", "Editor"
        API = "api", "API"
        AUTOMATIC = "automatic", "Automatic"

    claim_a = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="links_as_a")
    claim_b = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="links_as_b")
    relation = models.CharField(max_length=16, choices=Relation.choices)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.SUGGESTED, db_index=True
    )
    origin = models.CharField(max_length=16, choices=Origin.choices, default=Origin.EDITOR)
    score = models.FloatField(null=True, blank=True)
    rationale = models.TextField(blank=True)
    reasons = models.JSONField(
        default=list,
        blank=True,
        help_text='Why the machine suggested the link: a list of {"type": ..., "detail": ...}.',
    )
    suggested_relation = models.CharField(
        max_length=16,
        choices=Relation.choices,
        blank=True,
        help_text="The relation the machine suggested (an editor may confirm the other one).",
    )
    model_version = models.CharField(
        max_length=64,
        blank=True,
        db_index=True,
        help_text="The version of the link model that suggested it (blank for editors' links).",
    )
    date_a = models.DateField(
        null=True, blank=True, help_text="For a change over time: the date claim A speaks of."
    )
    date_b = models.DateField(
        null=True, blank=True, help_text="For a change over time: the date claim B speaks of."
    )
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="claim_links_created",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="claim_links_reviewed",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(claim_a=F("claim_b")), name="claimlink_not_self"),
            models.CheckConstraint(
                condition=Q(claim_a__lt=F("claim_b")), name="claimlink_canonical_order"
            ),
            models.UniqueConstraint(fields=["claim_a", "claim_b"], name="claimlink_one_per_pair"),
        ]
        # Every ordering the API offers, with the id that ends it, for keyset pages.
        indexes = [
            models.Index(fields=["created_at", "id"], name="claimlink_created_id_idx"),
            models.Index(fields=["updated_at", "id"], name="claimlink_updated_id_idx"),
            models.Index(link_score_rank(), F("id"), name="claimlink_score_id_idx"),
        ]

    def __str__(self) -> str:
        # Read in the admin's messages and delete pages: the claims' words, not their ids.
        return (
            f"{self.get_relation_display()} between “{shorten(self.claim_a.text, 60)}” "
            f"and “{shorten(self.claim_b.text, 60)}”"
        )

    @property
    def is_reviewed(self) -> bool:
        """Confirmed by an editor, between two claims an editor accepted (load both claims)."""
        accepted = Claim.Status.ACCEPTED
        return (
            self.status == self.Status.CONFIRMED
            and self.claim_a.status == accepted
            and self.claim_b.status == accepted
        )

    @property
    def opposite_relation(self) -> "ClaimLink.Relation":
        """The relation an editor confirms a suggestion with when the machine got it the
        wrong way round (agree for conflict, conflict for agree)."""
        if self.relation == self.Relation.AGREE:
            return self.Relation.CONFLICT
        return self.Relation.AGREE

    @property
    def is_change_over_time(self) -> bool:
        """The two claims state the same quantity or position for different dates."""
        return any(
            isinstance(reason, dict) and reason.get("type") == "change_over_time"
            for reason in self.reasons or []
        )

    @classmethod
    def machine_open_condition(cls) -> Q:
        """For a link row: a suggestion only the machine has touched and nobody reviewed.

        Such links the machine may replace, and they do not make their claims an
        editor's (re-processing may change those). An editor's change to a
        suggestion (its relation, its note) is recorded in its history with the
        editor's name; such a link is the editor's now.
        """
        touched = cls.history.filter(id=models.OuterRef("pk"), history_user__isnull=False)
        return Q(
            origin=cls.Origin.AUTOMATIC,
            status=cls.Status.SUGGESTED,
            reviewed_by__isnull=True,
            note="",
        ) & ~models.Exists(touched)


class ClaimVector(models.Model):
    """A claim's sentence embedding, computed once in the processing batch."""

    claim = models.OneToOneField(
        Claim, on_delete=models.CASCADE, primary_key=True, related_name="vector"
    )
    model = models.CharField(max_length=100, help_text="The embedding model that made it.")
    vector = models.BinaryField(help_text="Unit-length float32 values, little-endian.")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"vector of claim {self.claim_id}"


class AntonymPair(models.Model):
    """Two predicate lemmas of opposite meaning (reclaim / lose), in canonical order."""

    class Origin(models.TextChoices):
        LEXICON = "lexicon", "Seed lexicon"
        EDITOR = "editor", "Added by an editor"
        LEARNED = "learned", "Learned from confirmed conflicts"

    lemma_a = models.CharField(max_length=100)
    lemma_b = models.CharField(max_length=100)
    origin = models.CharField(max_length=16, choices=Origin.choices, default=Origin.EDITOR)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["lemma_a", "lemma_b"]
        constraints = [
            models.CheckConstraint(
                condition=Q(lemma_a__lt=F("lemma_b")), name="antonympair_canonical_order"
            ),
            models.UniqueConstraint(fields=["lemma_a", "lemma_b"], name="antonympair_one_per_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.lemma_a} / {self.lemma_b}"


class LinkModel(models.Model):
    """A version of the classifier that scores link suggestions, retrained from decisions."""

    version = models.CharField(max_length=64, unique=True)
    trained_on = models.PositiveIntegerField(default=0, help_text="Pairs it was trained on.")
    metrics = models.JSONField(default=dict, blank=True)
    blob = models.BinaryField(help_text="The serialized classifier.")
    is_active = models.BooleanField(default=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.version
