"""The interviewer's template wording on the embedded default, as data.

Each key holds interchangeable variants; :mod:`panelist.interview.phrasing` picks one by
seed and fills the fields. Fields: ``{name}`` candidate, ``{interviewer}``, ``{company}``,
``{role}``, ``{quote}`` a short fragment of what the candidate just said, ``{topic}`` the
project from the intro, ``{claim}``, ``{earlier}``, ``{now}``, ``{probe}``, ``{question}``.
Acknowledgements are calibrated: only ``ack_strong`` praises, and only a strong answer gets it.
"""

from __future__ import annotations

TEMPLATES: dict[str, tuple[str, ...]] = {
    "greeting": (
        "Hi {name}, I'm {interviewer}, and I'll be interviewing you for the {role} position at "
        "{company}.",
        "Hello {name} - thanks for making the time. I'm {interviewer}, the interviewer for the "
        "{role} role at {company}.",
        "Welcome, {name}. I'm {interviewer}; today we'll talk about the {role} position at "
        "{company}.",
    ),
    "ack_strong": (
        "That's a clear, concrete account - especially \u201c{quote}\u201d.",
        "Thanks, that was specific. \u201c{quote}\u201d is the kind of detail I was after.",
        "Good - \u201c{quote}\u201d answers it directly.",
    ),
    "ack_solid": (
        "Thanks. I follow the part about \u201c{quote}\u201d.",
        "Okay, I've noted \u201c{quote}\u201d.",
        "Understood - \u201c{quote}\u201d.",
    ),
    "ack_weak": (
        "Okay, thank you.",
        "Thanks, noted.",
        "Alright.",
    ),
    "ack_dont_know": (
        "That's fine - nobody knows everything, and it's better to say so.",
        "No problem, thanks for being straightforward about it.",
        "That's okay. Let's not dwell on it.",
    ),
    "ack_skip": (
        "No problem, we'll skip that one.",
        "Sure, let's leave that question.",
        "That's fine, we'll move on.",
    ),
    "ack_injection": (
        "I'll stay with the interview questions, so let's continue.",
        "I can't change how this interview runs, so let's carry on with the questions.",
    ),
    "ack_intro": (
        "Thanks for the introduction, {name}.",
        "Thank you, {name} - that's a helpful picture of your background.",
        "Thanks, {name}.",
    ),
    "ack_intro_topic": (
        "Thanks, {name}. I'd like to hear more about {topic}.",
        "Thank you, {name} - {topic} sounds like a good place to dig in.",
        "Thanks. Let's start with {topic}.",
    ),
    "project_bridge": (
        "You mentioned {topic}. ",
        "Let's go deeper on {topic}. ",
        "I'd like to understand {topic} better. ",
    ),
    "technical_bridge": (
        "Let's move on to some technical questions. ",
        "Now a few technical questions. ",
        "Next, I'd like to explore some technical ground. ",
    ),
    "follow_up_unsupported": (
        "You said \u201c{claim}\u201d. How was that measured, and what was the baseline?",
        "About \u201c{claim}\u201d: what exactly did you measure, over what period, and compared "
        "with what?",
        "How do you know \u201c{claim}\u201d - which metric showed it, and where did it start?",
    ),
    "follow_up_contradiction": (
        "Earlier you said \u201c{earlier}\u201d, and just now \u201c{now}\u201d. How do those fit "
        "together?",
        "I want to make sure I understand: earlier it was \u201c{earlier}\u201d, now "
        "\u201c{now}\u201d. Which is it, or were these different situations?",
    ),
    "follow_up_key_point": (
        "{probe}",
        "One more angle on this: {probe_lower}",
        "Let me follow up: {probe_lower}",
    ),
    "follow_up_off_topic": (
        "Let me bring us back to the question: {question}",
        "I think that went somewhere else. What I'm asking is: {question}",
        "Coming back to what I asked: {question}",
    ),
    "follow_up_vague": (
        "Could you make that concrete - a specific system, what you did, and what happened?",
        "Can you walk me through one real example of that, step by step?",
        "What would that look like in practice - which tools, which signals, which decisions?",
    ),
    "follow_up_simpler": (
        "Let's try a simpler angle: {probe_lower}",
        "Maybe from a different side: {probe_lower}",
    ),
    "simpler_generic": (
        "Let's try a simpler angle: how would you start looking into it?",
        "From a different side: what would be the first thing you check?",
    ),
    "repeat": (
        "Of course. {question}",
        "Sure, here it is again: {question}",
        "No problem. {question}",
    ),
    "time_up": (
        "We're close to the end of our time, so I'll stop the technical questions here.",
        "We're running out of time, so let's leave the remaining technical questions.",
    ),
    "cq_more": (
        "Is there anything else you'd like to know?",
        "Any other questions?",
        "What else would you like to ask?",
    ),
    "cq_none": (
        "That's fine.",
        "Alright, thank you.",
    ),
    "cq_unknown": (
        "That's a fair question, but the role profile I have doesn't cover it, so I can't "
        "answer it accurately. I've noted it for the recruiter.",
        "I don't have reliable information on that in the role profile - I've noted it so the "
        "recruiter can answer it.",
    ),
    "goodbye": (
        "Thank you, {name}. That's the end of the interview.",
        "Thanks again, {name} - goodbye.",
    ),
}
