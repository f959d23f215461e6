"""The demo blog's posts: our own writing, in the shapes a real blog has."""

REAL_RELATIONSHIPS = """\
Everyone who shows up online brings a reason with them. I do too.

Last week a live chat about community building drifted into a question I have not been
able to put down since: if we are all here to get something, are the friendships we make
here honest?

I enjoy meeting people online, and a few of the people I first met in a comment thread are
now friends I call when something goes wrong. I am also here for my work: I want to be
known, to learn from better practitioners, and to hear about the next opportunity before it
is posted.

The standard advice makes the tension worse. *Earn the right to ask.* Comment on a writer's
posts for a month before you pitch them. But if the month of comments was only ever a way
to reach the pitch, was it a relationship or a sales funnel with better manners?

My answer is that both can be true at once. Having a goal does not poison a connection;
pretending you have none does. The people you meet want things too, and that is fine.

Here are three signs that a connection is more than a lead:

1. **It outlives the transaction.** The conversation carries on after the deal is signed,
   the story runs, or the favour is returned. If it ends there, it was a lead.
2. **Both sides show up.** Each person starts conversations, not only answers them, and the
   exchanges go beyond a quick thanks.
3. **It is not only about the ask.** If someone appears only when they need something, you
   already know the answer.

Only you can say which of your connections are real. I would love to hear where you draw the
line: what makes a contact turn into someone you would help for nothing? If you want more on
the subject, the [Colloquy project page](https://example.org/colloquy) collects a few of the
discussions that started here.
"""

POSTS = [
    {
        "slug": "real-relationships",
        "title": "Real Relationships",
        "published_at": (2009, 7, 14, 9, 30),
        "tags": ["community", "social media"],
        "body": REAL_RELATIONSHIPS,
        "excerpt": (
            "If we are all online to get something, are the friendships we make here "
            "honest? Three signs that a connection is more than a lead."
        ),
        "cover": True,
    },
    {
        "slug": "what-a-comment-section-owes-its-readers",
        "title": "What a comment section owes its readers",
        "published_at": (2009, 8, 3, 8, 0),
        "tags": ["community", "moderation"],
        "excerpt": "Four promises a blog should keep to the people who write under it.",
        "body": """\
A comment box is an invitation, and an invitation comes with duties.

## Four promises

- **Your words stay where you put them.** A reply belongs under the comment it answers,
  even years later.
- **You know what happens next.** If a comment waits for a moderator, its writer is told,
  and nobody else sees it until it is approved.
- **Nothing you write is lost by accident.** Removing one comment never takes its replies
  with it.
- **Your address is not for sale.** An email address asked for is never shown.

A blog that keeps these gets better conversations than one that merely has a comment box.
""",
    },
    {
        "slug": "notes-on-writing-in-public",
        "title": "Notes on writing in public",
        "published_at": (2009, 9, 21, 18, 15),
        "tags": ["writing"],
        "excerpt": "Short posts, published often, beat the perfect essay that never ships.",
        "body": """\
I keep a file of half-finished posts. It is longer than the list of finished ones.

What helped was a rule: if a draft is older than a week, it is published as it is or
deleted. Most of the time I publish, and the comments finish the thought better than I
would have.

> Publish the question, not only the answer.

Readers answer questions. They rarely argue with conclusions; they just leave.
""",
    },
    {
        "slug": "a-small-table-of-response-times",
        "title": "A small table of response times",
        "published_at": (2010, 1, 11, 7, 45),
        "tags": ["moderation", "writing"],
        "excerpt": "How quickly we answered comments last year, and what changed.",
        "body": """\
We looked at how long a comment waited for a first reply from the author.

| Quarter | Median wait | Comments answered |
|---------|-------------|-------------------|
| Q1      | 26 hours    | 41%               |
| Q2      | 9 hours     | 58%               |
| Q3      | 4 hours     | 73%               |
| Q4      | 3 hours     | 80%               |

The change in Q2 was simple: a daily half hour, in the morning, only for replies.

```python
def median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2
```
""",
    },
    {
        "slug": "why-we-host-our-own-comments",
        "title": "Why we host our own comments",
        "published_at": (2010, 3, 2, 12, 0),
        "tags": ["community"],
        "excerpt": "The conversation is half of a blog. We would rather keep it at home.",
        "body": """\
A hosted comment service is easy on the first day and expensive on every day after:
readers are tracked, pages are slower, and the discussion lives on someone else's server.

Keeping comments on our own site means they load with the page, they are searchable with
the posts, and they move with us when we move.
""",
    },
]
