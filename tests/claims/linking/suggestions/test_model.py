"""The link classifier: the shipped model, and retraining from editors' decisions."""

import pytest

from claims.linking import services
from claims.linking.suggestions.model import active_scorer, shipped_scorer
from claims.linking.suggestions.training import link_model_train
from claims.models import ClaimLink, LinkModel
from tests.factories import ClaimFactory, EntityFactory, MentionFactory

pytestmark = pytest.mark.django_db


def test_the_shipped_model_is_used_until_one_is_trained():
    assert active_scorer().version == shipped_scorer().version
    assert shipped_scorer().version.startswith("annotated-")


def decided(relation: str, status: str, *, predicate: str, negated: bool, user) -> None:
    entity = EntityFactory()
    a = ClaimFactory(predicate=predicate, subject=entity.name)
    b = ClaimFactory(predicate=predicate, subject=entity.name, is_negated=negated)
    for claim in (a, b):
        MentionFactory(claim=claim, entity=entity)
    link = services.claim_link_create(
        claim_a=a, claim_b=b, relation=relation, origin=ClaimLink.Origin.AUTOMATIC
    )
    services.claim_link_update(link=link, status=status, user=user)


def test_enough_decisions_retrain_a_new_active_version(editor_user, settings):
    settings.LINK_MODEL_MIN_DECISIONS = 12
    for i in range(4):
        decided("agree", "confirmed", predicate="sign", negated=False, user=editor_user)
        decided("conflict", "confirmed", predicate="ratify", negated=True, user=editor_user)
        decided("agree", "rejected", predicate=f"visit{i}", negated=False, user=editor_user)

    model = link_model_train()

    assert model is not None and model.is_active and model.trained_on == 12
    assert LinkModel.objects.filter(is_active=True).count() == 1
    assert active_scorer().version == model.version != shipped_scorer().version


def test_too_few_decisions_leave_the_model_alone(editor_user, settings):
    settings.LINK_MODEL_MIN_DECISIONS = 50
    decided("agree", "confirmed", predicate="sign", negated=False, user=editor_user)
    decided("agree", "rejected", predicate="visit", negated=False, user=editor_user)
    assert link_model_train() is None
    assert not LinkModel.objects.exists()


def test_a_rule_reason_never_argues_against_the_link_it_describes():
    """Figures that differ fired only on pairs nobody linked: fitted freely, the
    reason would count against every conflict it is meant to point at."""
    import random

    from claims.linking.suggestions.features import FEATURES
    from claims.linking.suggestions.model import fit

    draw = random.Random(3)
    rows, labels = [], []
    for _ in range(60):
        for label, cosine in (("agree", 0.8), ("conflict", 0.7), ("neither", 0.3)):
            rows.append({"cosine": cosine + draw.uniform(-0.2, 0.2), "reason_same_quantity": 0.0})
            labels.append(label)
    for _ in range(10):  # figures differing, and verbs opposed, on claims nobody linked
        rows.append({"cosine": 0.3, "reason_numeric_disagreement": 1.0, "reason_count": 1.0})
        rows.append(
            {
                "cosine": 0.3,
                "reason_opposite_predicates": 1.0,
                "opposite_without_flip": 1.0,
                "reason_count": 1.0,
            }
        )
        labels += ["neither", "neither"]
    scorer = fit(rows, labels, prefix="test")

    column = list(scorer.features).index("reason_numeric_disagreement")
    by_class = dict(zip(scorer.classes, scorer.coef[:, column], strict=True))
    assert by_class["conflict"] >= 0.0
    assert by_class["neither"] == 0.0 and by_class["agree"] == 0.0
    for feature in ("reason_count", "opposite_without_flip"):  # what the rules also make
        column = list(scorer.features).index(feature)
        assert dict(zip(scorer.classes, scorer.coef[:, column], strict=True))["neither"] == 0.0
    same = {"cosine": 0.75}
    differing = {"cosine": 0.75, "reason_numeric_disagreement": 1.0, "reason_count": 1.0}
    opposed = {
        "cosine": 0.75,
        "reason_opposite_predicates": 1.0,
        "opposite_without_flip": 1.0,
        "reason_count": 1.0,
    }
    (_, plain), *with_reasons = scorer.predict([same, differing, opposed])
    for relation, score in with_reasons:
        assert relation == "conflict"  # the relation follows the one-sided reason
        assert score >= plain  # and the reason takes nothing from the link's score
    assert "reason_numeric_disagreement" in FEATURES
