"""Names folded from Arabic script (no short vowels) meet their Latin spelling."""

from __future__ import annotations

from _link_data import population

from identitylink import Customer, Linker, LinkSpec, SocialProfile
from identitylink.normalize import clean_display_name, fold

SPEC_WITHOUT_SKELETONS = LinkSpec.default().model_copy(
    update={
        "blocking_rules": tuple(
            r
            for r in LinkSpec.default().blocking_rules
            if "given_skeleton" not in r.keys
        )
    }
)


def _people() -> tuple[list[Customer], list[SocialProfile]]:
    customers, profiles, _ = population(200)
    customers = [
        *customers,
        Customer(
            customer_id="EG1",
            given_names=("Dina",),
            family_names=("Hussein Khaled",),
            city="Cairo",
            country="EG",
        ),
        Customer(
            customer_id="EG2",
            given_names=("Youssef",),
            family_names=("Mostafa",),
            city="Tanta",
            country="EG",
        ),
    ]
    profiles = [
        *profiles,
        SocialProfile(platform="facebook", profile_id="901", display_name="دينا خالد"),
        SocialProfile(platform="facebook", profile_id="902", display_name="يوسف مصطفى"),
    ]
    return customers, profiles


def test_ta_marbuta_folds_to_a_and_an_arabic_name_is_not_a_title() -> None:
    assert fold("سارة") == "sra"
    assert clean_display_name("سارة حسن").split()[0] == "سارة"
    assert "Carmen" in clean_display_name("Sra. Carmen López")
    assert "Sra" not in clean_display_name("Sra. Carmen López")


def test_the_skeleton_rule_blocks_arabic_script_with_latin_names() -> None:
    customers, profiles = _people()
    truth = [("facebook", "901", "EG1"), ("facebook", "902", "EG2")]
    with_rule = Linker().blocking_report(customers, profiles, truth)
    without = Linker(SPEC_WITHOUT_SKELETONS).blocking_report(customers, profiles, truth)
    assert with_rule.true_pairs_kept == 2
    assert (without.true_pairs_kept or 0) < 2


def test_a_name_without_vowels_scores_as_a_similar_spelling() -> None:
    customers, profiles = _people()
    result = Linker().link(customers, profiles, rejected=True)
    pair = next(
        d
        for d in (*result.links, *result.rejected)
        if (d.profile_id, d.customer_id) == ("902", "EG2")
    )
    levels = {t.comparison: t.level for t in pair.explanation.terms}
    assert levels["given_name"] != "else" and levels["family_name"] != "else"
    weights = {t.comparison: t.weight for t in pair.explanation.terms}
    assert weights["given_name"] > 0 and weights["family_name"] > 0
