"""The moderation rules read a comment as its readers will: words are matched on
the rendered, normalized text (NFKC, case-folded, invisible characters removed),
and every link the renderer makes is counted."""

import pytest

from comments.models import Comment
from tests.comments.helpers import make_comment, set_rules
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def returning_ann(post):
    """Ann has an approved comment: only the rule under test can hold her."""
    CommentFactory(post=post, author_email="ann@example.test")


DISGUISED_CASINO = [
    "Try cas**i**no nights.",  # emphasis inside the word
    "Try cas&#105;no nights.",  # a character reference
    "Try cas\u00adino nights.",  # a soft hyphen
    "Try ca\u200bsi\u200dno nights.",  # zero-width space and joiner
    "Try \uff43\uff41\uff53\uff49\uff4e\uff4f nights.",  # full-width letters
    "Try CASINO nights.",
    "Try cas\u2060ino nights.",  # a word joiner
    "Try `casino` nights.",  # inline code
]


@pytest.mark.parametrize("body", DISGUISED_CASINO)
def test_a_disguised_word_of_the_block_list_is_spam(post, returning_ann, body):
    set_rules(block_words="casino")
    assert make_comment(post, name="Ann", body=body).status == Comment.Status.SPAM


@pytest.mark.parametrize("body", DISGUISED_CASINO)
def test_a_disguised_word_of_the_moderation_list_is_held(post, returning_ann, body):
    set_rules(moderation_words="casino")
    comment = make_comment(post, name="Ann", body=body)
    assert comment.status == Comment.Status.PENDING
    assert "casino" in comment.moderation_reason


def test_a_list_entry_typed_in_capitals_or_full_width_matches_too(post, returning_ann):
    set_rules(block_words="CASINO\n\uff42\uff45\uff54")
    assert make_comment(post, name="Ann", body="bet now").status == Comment.Status.SPAM


def test_a_word_hidden_in_a_links_address_is_matched(post, returning_ann):
    set_rules(block_words="casino")
    body = "A [harmless link](https://play-casino.example.com/)."
    assert make_comment(post, name="Ann", body=body).status == Comment.Status.SPAM


def test_words_split_across_paragraphs_do_not_match(post, returning_ann):
    set_rules(block_words="casino")
    body = "I like cas\n\nino is a word I made up."
    assert make_comment(post, name="Ann", body=body).status == Comment.Status.APPROVED


@pytest.mark.parametrize(
    "body",
    [
        "See a.com, b.org and c.net.",  # bare domains, which the renderer links
        "See [a](//a.com), [b](//b.org) and [c](//c.net).",  # scheme-relative
        "See https://a.example, https://b.example and https://c.example.",  # plain
        "See <https://a.com>, [b](https://b.org) and www.c.net.",  # mixed
    ],
)
def test_three_links_in_any_form_are_more_than_two(post, returning_ann, body):
    comment = make_comment(post, name="Ann", body=body)
    assert comment.status == Comment.Status.PENDING
    assert comment.moderation_reason == "More than 2 links (3)."


def test_addresses_pasted_in_code_count_too(post, returning_ann):
    body = "```\nhttps://a.example/ https://b.example/ https://c.example/\n```"
    assert make_comment(post, name="Ann", body=body).status == Comment.Status.PENDING
