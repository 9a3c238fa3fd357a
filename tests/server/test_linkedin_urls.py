"""Every spelling of a LinkedIn profile URL leads to the same person."""

from __future__ import annotations

import pytest

from server.linkedin import profile_slug

SAME_PROFILE = [
    "https://www.linkedin.com/in/dana-lee-42/",
    "https://www.linkedin.com/in/dana-lee-42",
    "http://www.linkedin.com/in/dana-lee-42/",
    "https://linkedin.com/in/dana-lee-42?originalSubdomain=uk",
    "https://www.linkedin.com/in/dana-lee-42/?locale=fr_FR",
    "https://de.linkedin.com/in/dana-lee-42/de",
    "https://www.linkedin.com/in/dana-lee-42/fr/",
    "https://www.linkedin.com/in/dana-lee-42/overlay/contact-info/",
    "https://www.linkedin.com/in/dana-lee-42/recent-activity/all/",
    "https://www.linkedin.com/in/dana-lee-42/details/experience/#main",
    "https://m.linkedin.com/in/dana-lee-42",
    "HTTPS://WWW.LINKEDIN.COM/IN/DANA-LEE-42/",
    "www.linkedin.com/in/Dana-Lee-42",
    "  https://www.linkedin.com/in/dana%2Dlee%2D42  ",
]


@pytest.mark.parametrize("url", SAME_PROFILE)
def test_profile_url_variants_normalise_to_one_slug(url):
    assert profile_slug(url) == "dana-lee-42"


def test_percent_encoded_non_ascii_slugs_are_decoded():
    assert profile_slug("https://www.linkedin.com/in/j%C3%BCrgen-m%C3%BCller-7b/") == "jürgen-müller-7b"
    assert profile_slug("https://www.linkedin.com/in/J%C3%9CRGEN-M%C3%9CLLER-7B") == "jürgen-müller-7b"


@pytest.mark.parametrize("url", [
    "https://www.linkedin.com/company/contoso/",
    "https://www.linkedin.com/in/",
    "https://www.linkedin.com/feed/",
    "https://evil.example/in/dana-lee-42",
    "https://linkedin.com.evil.example/in/dana-lee-42",
    "javascript:alert(1)//linkedin.com/in/x",
    "https://www.linkedin.com/in/%ff%fe",
    "",
])
def test_urls_that_are_not_profiles_have_no_slug(url):
    assert profile_slug(url) is None


def test_a_profile_lookup_finds_the_person_whatever_the_spelling(client, world):
    for url in ("https://de.linkedin.com/in/DANA-LEE-A/de?trk=x",
                "https://www.linkedin.com/in/dana-lee-a/overlay/contact-info/"):
        body = client.get("/api/v1/lookup/profile", query_string={"url": url}).json
        assert body["known"] is True and body["person"]["id"] == world.ids["a_person"]
