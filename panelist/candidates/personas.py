"""Who a simulated candidate is: a name, an employer and one concrete project to talk about."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Project:
    """The system the candidate names in the intro, so the project deep-dive can refer to it."""

    name: str  # "the payments API migration to Kubernetes"
    what: str  # one clause on what the system did
    scale: str  # traffic/size, with numbers
    part: str  # the candidate's own part
    outcome: str  # a measured result (with a baseline, so it is not an unsupported claim)


@dataclass(frozen=True)
class Persona:
    name: str
    title: str
    company: str
    years: int
    project: Project
    monitoring_tool: str  # the tool they say they used "primarily"
    other_monitoring_tool: str  # a rival tool of the same kind (for the bluffer's contradiction)


NAMES: tuple[str, ...] = (
    "Alex Thompson",
    "Priya Raman",
    "Jordan Lee",
    "Mateo García",
    "Aisha Bello",
    "Chen Wei",
    "Sofia Rossi",
    "Noah Williams",
    "Fatima Khan",
    "Lukas Becker",
    "Emma Dubois",
    "Kwame Mensah",
)

COMPANIES: tuple[str, ...] = (
    "Northwind Payments",
    "Brightline Logistics",
    "Helio Streaming",
    "Cobalt Health",
    "Juniper Retail",
    "Atlas Mobility",
    "Quarry Analytics",
    "Larkspur Bank",
)

TITLES: tuple[str, ...] = (
    "Site Reliability Engineer",
    "Senior Site Reliability Engineer",
    "Platform Engineer",
    "Production Engineer",
)

PROJECTS: tuple[Project, ...] = (
    Project(
        name="the migration of our checkout API to Kubernetes",
        what="the checkout API takes every card payment on the web shop",
        scale="about 2,000 requests per second at peak across three regions",
        part="I owned the rollout plan, the canary analysis and the on-call runbooks",
        outcome="failed deploys went down from about one a week to one a quarter, measured "
        "from our deploy logs",
    ),
    Project(
        name="the SLO programme for our order-tracking service",
        what="order tracking tells customers and couriers where a parcel is",
        scale="roughly 40 million events a day from 12 services",
        part="I defined the SLIs, wrote the burn-rate alerts and ran the error-budget reviews",
        outcome="pages per week went down from 35 to 6 over the following two quarters, "
        "tracked on our on-call dashboard",
    ),
    Project(
        name="the move of our video metadata store from one region to two",
        what="the metadata store answers every play request with titles and rights",
        scale="about 15,000 reads per second and a 4 TB PostgreSQL primary",
        part="I designed the failover runbook and ran the game days",
        outcome="regional failover time went down from about 40 minutes to under 5, measured "
        "in four game days",
    ),
    Project(
        name="the rebuild of our log pipeline on Kafka and OpenTelemetry",
        what="the pipeline carries logs and traces from 300 services to search",
        scale="about 5 TB of logs a day",
        part="I wrote the collectors' configuration as code and the capacity model",
        outcome="log delivery lag at p99 went down from 20 minutes to under 1 minute, measured "
        "with end-to-end canary events",
    ),
    Project(
        name="the automation of database failover for our patient-records service",
        what="the records service serves clinicians in 40 hospitals",
        scale="a 2 TB MySQL cluster with about 3,000 queries per second",
        part="I wrote the failover tooling in Go and its test suite",
        outcome="manual failovers went from about 10 a year to none, compared with the "
        "previous year's incident log",
    ),
)

MONITORING_PAIRS: tuple[tuple[str, str], ...] = (
    ("Prometheus", "Datadog"),
    ("Datadog", "Prometheus"),
    ("Prometheus", "New Relic"),
    ("Datadog", "CloudWatch"),
)


def pick_persona(rng: random.Random, name: str | None = None) -> Persona:
    """A persona drawn with ``rng``; ``name`` replaces the drawn name."""
    tool, other = rng.choice(MONITORING_PAIRS)
    return Persona(
        name=name or rng.choice(NAMES),
        title=rng.choice(TITLES),
        company=rng.choice(COMPANIES),
        years=rng.randint(3, 12),
        project=rng.choice(PROJECTS),
        monitoring_tool=tool,
        other_monitoring_tool=other,
    )
