"""The demo post's discussion: 23 comments, 11 threads, nested four deep.

Each entry is (key, parent key, commenter, text). The commenter AUTHOR is the post's
author, answering as on a real blog.
"""

AUTHOR = "AUTHOR"

COMMENTERS = {
    "marcus": ("Marcus Bell", "marcus@example.com", "https://example.com/marcus"),
    "priya": ("Priya Raman", "priya@example.com", ""),
    "owen": ("Owen Hart", "owen@example.com", "https://example.net/owen"),
    "jonah": ("Jonah Klein", "jonah@example.com", ""),
    "lena": ("Lena Sørensen", "lena@example.com", "https://example.org/lena"),
    "sam": ("Sam Okafor", "sam@example.com", ""),
    "ines": ("Inês Duarte", "ines@example.com", ""),
    "theo": ("Theo Marsh", "theo@example.com", "https://example.com/theo"),
    "ruth": ("Ruth Adler", "ruth@example.com", ""),
    "ravi": ("Ravi Menon", "ravi@example.com", ""),
    "mei": ("Mei Tanaka", "mei@example.com", "https://example.org/mei"),
}

DISCUSSION = [
    (
        "c1",
        None,
        "marcus",
        "I think we use the word *relationship* for too many things. Strictly, it is just "
        "the link between two people; whether it is a good one is another question.\n\n"
        "What you are describing is a good-looking link built on the wrong intentions. The "
        "upside of everything being public is that those intentions show through sooner.",
    ),
    (
        "c1a",
        "c1",
        AUTHOR,
        "Interesting distinction. I have always thought a relationship needs some feeling in "
        "it, more than a link.\n\nAnd does openness really expose people? Some are very good "
        "at sounding sincere in writing, where tone is easy to fake.",
    ),
    (
        "c1b",
        "c1a",
        "marcus",
        "Fair. That is where the community does the work: people vouch for each other over "
        "time. Which brings us back to your first sign, how long it lasts.",
    ),
    (
        "c2",
        None,
        "priya",
        "For me the test is what happens after the sale. If you pitched a writer, keep "
        "talking to them afterwards. Be honest about what you want, don't expect a return "
        "every time, and you end up with a friend as well as a contact.",
    ),
    (
        "c2a",
        "c2",
        AUTHOR,
        "Agreed, and it is the same offline.\n\nStill, can I really keep up with every writer "
        "I ever pitch? Sometimes it may be more honest to say up front that I am pitching, "
        "rather than spend a month pretending to care about topics I do not follow.",
    ),
    (
        "c2b",
        "c2a",
        "priya",
        "That's fair. It depends on your corner of the industry and on how much contact both "
        "sides think is enough.",
    ),
    (
        "c3",
        None,
        "owen",
        "Good post. You keep picking questions without tidy answers, which is why I read "
        "this blog.\n\nI would add: go in without expecting anything. A job, a story, a "
        "friend may come of it, but the point is the conversation and what we learn from "
        "each other.",
    ),
    (
        "c3a",
        "c3",
        AUTHOR,
        'Thanks, Owen. I think we swung from "no relationships in business" to "only '
        'relationships in business". The truth is somewhere in the middle.',
    ),
    (
        "c4",
        None,
        "jonah",
        "What if you have nothing to offer in return? If everyone has an agenda, a one-sided "
        "relationship seems pointless for the other person. Should you say so openly?",
    ),
    (
        "c4a",
        "c4",
        AUTHOR,
        "Good question, Jonah. If you are pitching something, it should be of value to the "
        "person you pitch, or to their readers. Then you do have something to offer.",
    ),
    (
        "c5",
        None,
        "lena",
        "There is always something to offer if you take the time to know someone. It may not "
        "be visible on day one, but if you keep a connection going, the moment comes when "
        "you can help.\n\nThat is true of friends as much as of business.",
    ),
    (
        "c5a",
        "c5",
        AUTHOR,
        "What strikes me is how business contacts are turning personal. Mixing the two used "
        "to be frowned upon; now we tell people it is required.",
    ),
    (
        "c5b",
        "c5a",
        "lena",
        "Business has drifted to dinners and games for a while now, so it was bound to mix. "
        "You don't *have* to make it personal, but I think caring about the people you work "
        "with makes the work better. Maybe I'm an idealist.\n\nSorry, long comment again!",
    ),
    (
        "c5c",
        "c5b",
        AUTHOR,
        "No such thing as too long here. I agree: care about the people you work with.",
    ),
    (
        "c5d",
        "c5a",
        "jonah",
        "I like where this went, but my worry stands: with forty writers on one account I "
        "cannot be friends with all of them. I would settle for \"this person isn't "
        'annoying". Is that so bad?',
    ),
    (
        "c6",
        None,
        "sam",
        "Some people treat every contact as a transaction and it shows. Building something "
        "real with people has always been the slower, surer path for me.",
    ),
    (
        "c7",
        None,
        "ines",
        "Many relationships do start with an agenda. If you get on, it fades fast and the "
        "way you talk changes. Good thoughts.",
    ),
    (
        "c8",
        None,
        "theo",
        "Think of meeting someone new at a party: you come with an idea of what you want, "
        "and after a few evenings you notice you simply enjoy their company. The start was "
        "an agenda; what it became was not. Then the real work starts: keeping it going. 😉",
    ),
    (
        "c9",
        None,
        "ruth",
        "This applies to any relationship, online or not. We all look for something in the "
        "people we meet. Finding some we genuinely enjoy, and who can help us too, is a "
        "bonus.",
    ),
    (
        "c10",
        None,
        "ravi",
        "I missed the chat, I was away. My one rule: never approach a group or a person with "
        "a greedy, one-sided agenda.",
    ),
    (
        "c10a",
        "c10",
        AUTHOR,
        "Welcome back, Ravi, and late is fine here. That rule might be a whole post of its "
        "own.",
    ),
    (
        "c11",
        None,
        "mei",
        "I came over from Ravi's link. Instinct usually tells you who is in it for a lead and "
        "who wants something mutual. I have no hidden agenda when I meet people, and that "
        "has always worked out for me.",
    ),
    (
        "c11a",
        "c11",
        AUTHOR,
        "I see your point, Mei. But don't you think, even a little, about how a new contact "
        "might help your work? I suspect we all do. The answer is balance, not black or "
        "white. At least that's my theory ^_^",
    ),
]
