"""The standard item bank: level 1 reaction and level 3 follow-up questions.

Wording follows the usual practice of Kirkpatrick's "New World" level 1 and 3 items
and Phillips' estimate questions (improvement, % attributed, % confidence). ``standard``
items make up the default set of a new survey of their level and audience.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class BankItem:
    code: str
    kind: str
    construct: str
    level: int
    audience: str
    wording: str
    standard: bool = True


ITEMS: tuple[BankItem, ...] = (
    # ---- level 1, learners: reaction
    BankItem("l1-relevance", "likert", "relevance", 1, "learner",
             "What I learned is relevant to my job."),
    BankItem("l1-engagement", "likert", "engagement", 1, "learner",
             "I was actively involved and engaged throughout."),
    BankItem("l1-satisfaction", "likert", "satisfaction", 1, "learner",
             "Overall, I am satisfied with this learning experience."),
    BankItem("l1-confidence", "likert", "confidence", 1, "learner",
             "I feel confident I can do what I learned on the job."),
    BankItem("l1-commitment", "likert", "commitment", 1, "learner",
             "I intend to apply what I learned in my work."),
    BankItem("l1-nps", "nps", "nps", 1, "learner",
             "How likely are you to recommend this to a colleague? (0 not at all, 10 extremely)"),
    BankItem("l1-comment", "text", "comment", 1, "learner",
             "What was most useful, and what should we change?"),
    BankItem("l1-facilitator", "likert", "engagement", 1, "learner",
             "The facilitator or coach helped me learn.", standard=False),
    BankItem("l1-time", "likert", "satisfaction", 1, "learner",
             "The time spent was worth it.", standard=False),
    # ---- level 3, learners: application, barriers, enablers, Phillips estimates
    BankItem("l3-application", "likert", "application", 3, "learner",
             "I have applied what I learned in my work."),
    BankItem("l3-frequency", "likert", "application", 3, "learner",
             "I use the new way of working in most situations where it fits."),
    BankItem("l3-enablers", "likert", "enablers", 3, "learner",
             "My manager supports me in applying what I learned."),
    BankItem("l3-barriers", "text", "barriers", 3, "learner",
             "What, if anything, has stopped you applying what you learned?"),
    BankItem("l3-improvement", "number", "improvement", 3, "learner",
             "Roughly how much is the change in your work worth to the company in a year"
             " (money)? Leave empty if you cannot say."),
    BankItem("l3-attribution", "percent", "attribution", 3, "learner",
             "What percentage of that improvement is due to this program (0-100)?"),
    BankItem("l3-confidence-estimate", "percent", "confidence_in_estimate", 3, "learner",
             "How confident are you in these estimates (0-100%)?"),
    BankItem("l3-comment", "text", "comment", 3, "learner",
             "Anything else you would like to tell us?"),
    # ---- level 3, managers, about one learner
    BankItem("l3m-application", "likert", "application", 3, "manager",
             "This person applies what they learned in their work."),
    BankItem("l3m-improved", "likert", "application", 3, "manager",
             "I have seen an improvement in this person's performance since the program."),
    BankItem("l3m-enablers", "likert", "enablers", 3, "manager",
             "I have had the time and means to support this person's learning on the job."),
    BankItem("l3m-barriers", "text", "barriers", 3, "manager",
             "What gets in the way of this person applying what they learned?"),
    BankItem("l3m-comment", "text", "comment", 3, "manager",
             "Any other observation?"),
)  # fmt: skip
