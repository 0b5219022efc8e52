"""canonical_email: one form per mailbox; invalid addresses flagged, never raised."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from identitylink.normalize import EmailNormalized, canonical_email, canonical_emails
from identitylink.normalize._email import _checked, _parts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            " Jean.Dupont@Orange.FR ", "jean.dupont@orange.fr", id="fr-trim-lower"
        ),
        pytest.param("jean.dupont@free.fr", "jean.dupont@free.fr", id="fr-dots-kept"),
        pytest.param(
            "j.dupont+promo@gmail.com", "jdupont@gmail.com", id="gmail-dots-tag"
        ),
        pytest.param("J.Dupont@GoogleMail.com", "jdupont@gmail.com", id="googlemail"),
        pytest.param(
            "j.d.u.p.o.n.t@gmail.com", "jdupont@gmail.com", id="gmail-many-dots"
        ),
        pytest.param("hans+shop@outlook.de", "hans@outlook.de", id="de-outlook-tag"),
        pytest.param(
            "hans.m+x@hotmail.com", "hans.m@hotmail.com", id="en-hotmail-dot-kept"
        ),
        pytest.param("piet+nl@live.nl", "piet@live.nl", id="nl-live-tag"),
        pytest.param("ana+news@icloud.com", "ana@icloud.com", id="pt-icloud-tag"),
        pytest.param("luca+a@me.com", "luca@me.com", id="it-me-com-tag"),
        pytest.param("kasia+x@fastmail.com", "kasia@fastmail.com", id="pl-fastmail"),
        pytest.param("pablo+y@proton.me", "pablo@proton.me", id="es-proton"),
        pytest.param("a+b@yahoo.com", "a+b@yahoo.com", id="yahoo-plus-kept"),
        pytest.param(
            "hans-news@yahoo.de", "hans-news@yahoo.de", id="yahoo-hyphen-kept"
        ),
        pytest.param("x+y@web.de", "x+y@web.de", id="de-web-plus-kept"),
        pytest.param("Jean <jean@ex.fr>", "jean@ex.fr", id="display-form"),
        pytest.param("mailto:Anna@Example.COM", "anna@example.com", id="mailto"),
        pytest.param("josé@exemple.fr", "josé@exemple.fr", id="unicode-local"),
        pytest.param("zoë@müller.de", "zoë@xn--mller-kva.de", id="idn-domain-punycode"),
        pytest.param(
            "user@sub.domain.co.uk", "user@sub.domain.co.uk", id="en-subdomain"
        ),
        pytest.param("o'neil@example.ie", "o'neil@example.ie", id="apostrophe-local"),
    ],
)
def test_canonical(text: str, expected: str) -> None:
    result = canonical_email(text)
    assert result.valid
    assert result.reason is None
    assert result.canonical == expected
    assert result.original == text
    assert f"{result.local}@{result.domain}" == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("   ", id="blank"),
        pytest.param("no-at-sign", id="no-at"),
        pytest.param("a@b@c.com", id="two-at"),
        pytest.param("@example.com", id="empty-local"),
        pytest.param("jean@", id="empty-domain"),
        pytest.param("jean@localhost", id="no-dot-domain"),
        pytest.param("jean dupont@example.com", id="space"),
        pytest.param("jean..dupont@example.com", id="double-dot"),
        pytest.param(".jean@example.com", id="leading-dot"),
        pytest.param("jean@exa_mple.com", id="underscore-domain"),
        pytest.param("jean@-example.com", id="hyphen-label"),
        pytest.param("jean@example.c0m", id="digit-tld"),
        pytest.param("jean@example.c", id="one-letter-tld"),
        pytest.param("a" * 65 + "@example.com", id="local-too-long"),
        pytest.param("+tag@gmail.com", id="only-a-tag"),
        pytest.param("jean(at)example.com", id="obfuscated"),
    ],
)
def test_invalid_is_flagged_with_a_reason(text: str) -> None:
    result = canonical_email(text)
    assert result == EmailNormalized(original=text, valid=False, reason=result.reason)
    assert result.reason


def test_none_is_missing() -> None:
    result = canonical_email(None)
    assert not result.valid
    assert result.canonical is None
    assert result.reason == "missing"


def test_result_is_frozen() -> None:
    result = canonical_email("a@example.com")
    with pytest.raises(ValueError, match="frozen"):
        result.canonical = "b@example.com"  # type: ignore[misc]  # the point of the test


def test_canonical_emails_agrees_with_canonical_email() -> None:
    texts = ["J.Dupont+x@gmail.com", "bad", None, "", "Anna@Example.COM", "a@b"]
    expected = [canonical_email(t).canonical for t in texts]
    assert canonical_emails(texts) == expected
    assert expected == ["jdupont@gmail.com", None, None, None, "anna@example.com", None]


_LOCAL = st.text(alphabet="abcXYZ09._+-'", min_size=1, max_size=12)
_DOMAIN = st.sampled_from(
    ["gmail.com", "GoogleMail.com", "outlook.fr", "orange.fr", "ex-ample.co.uk", "a.b"]
)


@settings(max_examples=300, deadline=None)
@given(_LOCAL, _DOMAIN, st.sampled_from(["", " ", "\t"]))
def test_fast_path_agrees_with_the_full_check(
    local: str, domain: str, pad: str
) -> None:
    text = f"{pad}{local}@{domain}{pad}"
    assert _parts(text) == _checked(text)
