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
        # no thanks here: the intro question may open with its own ("Thanks for joining.")
        "Hello {name}, good to meet you. I'm {interviewer}, the interviewer for the {role} role "
        "at {company}.",
        "Welcome, {name}. I'm {interviewer}; today we'll talk about the {role} position at "
        "{company}.",
    ),
    "ack_strong": (
        "That's clear and concrete - especially \u201c{quote}\u201d.",
        "Thanks, that was specific. \u201c{quote}\u201d is the kind of detail I was after.",
        "Good - \u201c{quote}\u201d answers it directly.",
    ),
    "ack_solid": (
        "Thanks - I've got \u201c{quote}\u201d.",
        "Okay, I've noted \u201c{quote}\u201d.",
        "Understood - \u201c{quote}\u201d.",
    ),
    "no_more_then_ours": (  # no more questions of theirs, and ours is not answered yet
        "Alright. Then over to you, whenever you're ready. {question}",
        "Sure. Then back to this one, in your own time. {question}",
    ),
    "take_your_time": (  # the candidate asked for a moment to think
        "Sure, take your time.",
        "Of course - no rush.",
    ),
    "ack_solid_plain": (  # a solid, relevant answer with no clause short enough to quote
        "Thanks, that's clear.",
        "Good, thank you - that covers it well.",
        "Thanks - that's a clear answer.",
    ),
    "ack_follow_up": (  # the answer to a follow-up, before moving on
        "Thanks, that helps.",
        "That makes sense, thank you.",
        "Got it, thanks.",
    ),
    "ack_clarified": (  # the candidate explained how two statements fit together
        "Thanks, that clears it up.",
        "Got it - thanks for clarifying.",
    ),
    "ack_said_already": (  # "Like I said - ...": no claim that it was or was not said
        "Sorry if I went over that twice - thanks for spelling it out.",
        "Thanks for spelling that out again.",
    ),
    "ack_weak": (  # neutral, never curt: a bare "Alright." after a story read as dismissive
        "Okay, thank you.",
        "Thanks, noted.",
        "Understood, thanks.",
    ),
    "ack_dont_know": (
        "That's fine - nobody knows everything, and it's better to say so.",
        "No problem, thanks for being straightforward about it.",
        "That's okay. Let's not dwell on it.",
    ),
    "ack_dont_know_simpler": (  # before a simpler angle on the same question: no "let's move on"
        "That's fine - nobody knows everything, and it's better to say so.",
        "No problem, thanks for being straightforward about it.",
        "That's okay, thanks for saying so.",
    ),
    "hint_first_part": (  # a hint asked for: none given, the question taken one part at a time
        "I can't give hints - every candidate is asked the same question, and a hint from me "
        "would be part of the answer. We can take it one part at a time, though: {probe_lower} "
        "And if it isn't something you've come across, just say so and we'll move on.",
        "I can't hint at the answer, I'm afraid, so that everyone is assessed on the same "
        "question - but let's take it a part at a time. First: {probe} If it's new to you, "
        "that's fine to say.",
    ),
    "hint_narrower": (  # a hint asked for: none given, a narrower way into the same question
        "I can't give hints - every candidate is asked the same question, and a hint from me "
        "would be part of the answer. I can ask a smaller part of it first, though: "
        "{probe_lower} And if it isn't something you've come across, just say so and we'll "
        "move on.",
        "I can't hint at the answer, I'm afraid, so that everyone is assessed on the same "
        "question - but I can start with a smaller part of it: {probe_lower} If it's new to "
        "you, that's fine to say.",
    ),
    "hint_none": (  # a hint asked for, no narrower way in left: the question, and leave to pass
        "I can't give hints - every candidate is asked the same question. Start with the part "
        "you know best, or tell me it's new to you and we'll move on. {question}",
        "No hints from me, I'm afraid, so that everyone is assessed on the same question. Take "
        "it from whatever part you know, or say so if it's new to you. {question}",
    ),
    "hint_again": (  # a second request on the same question: no pressure, the next one
        "That's fine - let's leave this one and move on.",
        "No problem, we'll move on to the next one.",
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
    "follow_up_unsupported_plain": (
        "How did you measure that, and what was the number before?",
        "Which metric showed that, and where did it start?",
    ),
    "follow_up_unsupported_number": (
        "Where does the {number} come from - which metric, and what was it before?",
        "How did you measure the {number}, and what was the number before?",
    ),
    "follow_up_unsupported": (
        "You said \u201c{claim}\u201d. How was that measured, and what was the baseline?",
        "About \u201c{claim}\u201d: what exactly did you measure, over what period, and compared "
        "with what?",
        "How do you know \u201c{claim}\u201d - which metric showed it, and where did it start?",
    ),
    "follow_up_contradiction": (  # a question to understand, never an accusation
        "Just so I have it right: earlier you said \u201c{earlier}\u201d, and now "
        "\u201c{now}\u201d. Were those different situations, or did I mix something up?",
        "Help me picture it correctly: you mentioned \u201c{earlier}\u201d, and just now "
        "\u201c{now}\u201d. Could you say how the two relate?",
    ),
    "follow_up_contradiction_earlier": (
        "Just so I have it right: earlier you said \u201c{earlier}\u201d. Was that the same "
        "situation as the one you just described?",
        "Help me place this: earlier you mentioned \u201c{earlier}\u201d. How does that relate "
        "to what you just described?",
    ),
    "follow_up_key_point": (
        "{probe}",
        "One more angle on this: {probe_lower}",
        "Let me follow up: {probe_lower}",
    ),
    "follow_up_off_topic": (  # only after a first answer that was about something else
        "I may not have put that clearly. What I'd like to hear about is: {question}",
        "Thanks - I'd still like to hear your answer to this part: {question}",
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
    "added_to_earlier": (  # the candidate first added to an earlier answer
        "Thanks, I've noted that for the earlier question. Now, back to this one: {question}",
        "Good to have that too - noted for the earlier question. Coming back to this one: "
        "{question}",
    ),
    "added_to_earlier_at_their_questions": (  # a word on an earlier question, asking nothing
        "Thanks, I've added that to the earlier question. Is there anything you'd like to ask "
        "me about the role or the team?",
        "Good to have that too - it's noted with the earlier question. What would you like to "
        "ask me?",
    ),
    "aside_noted": (  # the answer ended on a word about an earlier question
        "And thanks for the word on the {name} question - I've added it there.",
        "And what you added on the {name} question is noted there too.",
    ),
    "left_open": (  # the candidate asked about a detail of the question before answering it
        "Good question - it's open on purpose: pick whichever you think fits best, say which, "
        "and go from there. {question}",
        "Fair question. Either works - make the choice you'd make in real life and say it; the "
        "reasoning matters more than the setup. {question}",
    ),
    "left_open_assume": (  # ... a detail that is not a choice ("how many teams deploy here?")
        "Good question - it's open on purpose: assume what you think is realistic, say what "
        "you assumed, and go from there. {question}",
        "Fair question. Make the assumption you'd make in real life and say it; the reasoning "
        "matters more than the setup. {question}",
    ),
    "ack_after_side_question": (  # their question answered; the exchange lacks no heavy point
        # never "the next question": the candidate's own turn may come next
        "Let's leave that one there and go on.",
        "Let's leave it there, then.",
    ),
    "back_to_question": (  # after answering a question the candidate asked in place of an answer
        "Now, back to my question: {question}",
        "Coming back to my question: {question}",
        "Back to what I asked: {question}",
    ),
    "time_up": (
        "We're close to the end of our time, so I'll stop the technical questions here.",
        "We're running out of time, so let's leave the remaining technical questions.",
    ),
    "time_left_few": (  # the clock says the end is near (replaces the question's own remark)
        "We have a few minutes left for you.",
        "We're near the end, so there are a few minutes for you.",
    ),
    "time_extra": (  # the plan's questions are done early: another, on what it left out
        # never "one more": a second added question would make the first remark untrue
        "We have a little more time, so here's another question.",
        "There's still time for another question before yours.",
    ),
    "time_left_plenty": (
        "We have some time left for your questions.",
        "There's time for your questions now.",
    ),
    "cq_asked_already": (  # the candidate's questions turn, after they asked some earlier
        "Before we finish: I've noted the questions you asked earlier for the recruiter. Is "
        "there anything else you'd like to know about the role or the team?",
        "We're nearly done. Your earlier questions are noted for the recruiter - is there "
        "anything else you'd like to ask?",
    ),
    "cq_more": (
        "Is there anything else you'd like to know?",
        "Any other questions?",
        "What else would you like to ask?",
    ),
    "cq_none": (  # the candidate has no (more) questions: the close follows
        "Alright, thank you.",
        "Thanks - that's everything from me too.",
    ),
    "ack_nothing_more": (  # "No questions from me, thanks." to a follow-up, with more to ask
        "That's fine - let's move on.",
        "No problem, let's carry on.",
    ),
    "cq_statement": (  # a remark at the candidate-questions turn, with nothing asked
        "Thanks, that's useful context. Is there anything you'd like to ask me about the role "
        "or the team?",
        "Thank you for adding that. Do you have a question about the role or the team?",
    ),
    "cq_statement_close": (  # a second remark: no question after all
        "Thanks, I've got that.",
        "Understood, thank you.",
    ),
    "cq_partly": (
        "The role profile doesn't go into more detail than that, so I've noted your question "
        "for the recruiter to answer.",
        "That's as far as the role profile goes; I've noted the rest of your question for the "
        "recruiter.",
    ),
    "cq_noted": (  # after a reply that said itself what the role profile does not say
        "I've noted your question for the recruiter to answer.",
        "I've noted it so the recruiter can tell you more.",
    ),
    "cq_noted_which": (  # one of several questions, its reply said what the profile lacks
        "I've noted {asked} for the recruiter to answer in full.",
        "I've passed {asked} on to the recruiter, so they can tell you more.",
    ),
    "cq_noted_detail": (  # ... and a detail asked with it ("and how big is the team?")
        "It doesn't say {detail} either; I've noted your question for the recruiter to answer.",
        "Nor does it say {detail} - I've noted both so the recruiter can tell you.",
    ),
    "cq_partly_which": (  # one of several questions answered only in part: said which
        "On {asked}, that's as far as the role profile goes; I've noted it for the recruiter "
        "to answer in full.",
        "The role profile doesn't go further on {asked}, so I've noted it for the recruiter.",
    ),
    "cq_partly_named": (  # "..., and how often?" asked with a question the profile lacks
        "The role profile doesn't say {detail}, and doesn't cover {asked}; I've noted both "
        "for the recruiter to answer.",
        "It doesn't say {detail}, and {asked} isn't in the role profile either - I've noted "
        "both so the recruiter can answer them.",
    ),
    "cq_unknown_named": (
        "On {asked}: the role profile doesn't cover that, so I've noted it for the recruiter "
        "to answer.",
        "As for {asked}, I don't have reliable information on that in the role profile - I've "
        "noted it so the recruiter can answer it.",
    ),
    "cq_unknown_named_several": (
        "On {asked}: the role profile doesn't cover those, so I've noted them for the recruiter "
        "to answer.",
        "As for {asked}, I don't have reliable information on those in the role profile - I've "
        "noted them so the recruiter can answer them.",
    ),
    "cq_unknown_rest": (
        "Your other question the role profile doesn't cover, so I've noted it for the "
        "recruiter to answer.",
    ),
    "cq_unknown_rest_several": (
        "Your other questions the role profile doesn't cover, so I've noted them for the "
        "recruiter to answer.",
    ),
    "cq_unknown_several": (
        "Fair questions, but the role profile I have doesn't cover them, so I can't answer "
        "them accurately. I've noted them for the recruiter.",
        "I don't have reliable information on those in the role profile - I've noted them so "
        "the recruiter can answer them.",
    ),
    "cq_unknown": (
        "That's a fair question, but the role profile I have doesn't cover it, so I can't "
        "answer it accurately. I've noted it for the recruiter.",
        "I don't have reliable information on that in the role profile - I've noted it so the "
        "recruiter can answer it.",
    ),
    "goodbye": (  # after the answer to the last question ("anything you did not get to mention?")
        "Thank you, {name}. That's the end of the interview - a recruiter will be in touch about "
        "next steps.",
        "Thanks again, {name}, for the conversation - a recruiter will be in touch about next "
        "steps. Goodbye.",
    ),
}
