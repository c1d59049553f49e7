"""The fault runs' data, made through the site's services (run in a process of its own, on the
database in DATABASE_URL):

    python -m bench.fault_seed seed --posts 1500 --respondents 469   # prints the world as JSON
    python -m bench.fault_seed results <wave slug>                    # results emailed to all

The world: one poster whose threads the members answer, each reply in a thread of its own
(the hub emails a member once a thread until they read it: one reply, one email), six
members who reply, a reader, an open survey the respondents start, and a wave answered by
`respondents` people whose results email is the worker-kill fault's batch.
"""

import argparse
import json
import os
import sys

REPLIERS = 6
DOMAIN = "fault.test"


def _answered_wave(slug: str, respondents: int):
    from surveys.models import Answer, Response
    from tests.factories import make_wave

    wave = make_wave(slug=slug)
    questions = {q.key: q for q in wave.questions.all()}
    responses = Response.objects.bulk_create(
        Response(wave=wave, email=f"r{n}@{DOMAIN}") for n in range(respondents)
    )
    Response.objects.filter(wave=wave).update(
        submitted_at=wave.created_at, email_confirmed_at=wave.created_at
    )
    answers = []
    for number, response in enumerate(responses):
        answers += [
            Answer(response=response, question=questions["role"], choice="lead"),
            Answer(response=response, question=questions["company_type"], choice="startup"),
            Answer(response=response, question=questions["org_size"], choice="10-49"),
            Answer(response=response, question=questions["maturity"], number=1 + number % 5),
            Answer(response=response, question=questions["pillar_remit"], row="people",
                   choice="all"),
        ]  # fmt: skip
    Answer.objects.bulk_create(answers)
    return wave


def seed(posts: int, respondents: int) -> dict:
    from tests.factories import PASSWORD, MemberFactory, join, make_group, make_post, make_wave

    poster = MemberFactory(email=f"poster@{DOMAIN}", name="Pat Poster")
    repliers = [
        MemberFactory(email=f"member{n}@{DOMAIN}", name=f"Member {n}") for n in range(REPLIERS)
    ]
    reader = MemberFactory(email=f"reader@{DOMAIN}", name="Rey Reader")
    group = make_group(name="Fault lines")
    join(group, poster, *repliers, reader)
    threads = [
        make_post(group=group, author=poster, title=f"Fault thread {n:05d}", body="Answer me.")
        for n in range(posts)
    ]
    make_wave(slug="fault-survey")
    results = _answered_wave("fault-results", respondents)
    return {
        "password": PASSWORD,
        "poster": poster.email,
        "members": [member.email for member in repliers],
        "reader": reader.email,
        "group": group.slug,
        "posts": [post.pk for post in threads],
        "first_post": threads[0].get_absolute_url(),
        "survey": "fault-survey",
        "results_wave": results.slug,
        "respondents": respondents,
    }


def results(slug: str) -> dict:
    from surveys import services
    from surveys.models import SurveyWave

    wave = SurveyWave.objects.get(slug=slug)
    snapshot = services.results_request(wave=wave, requested_by=None, send=True)
    return {"snapshot": snapshot.pk}


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    seeding = commands.add_parser("seed")
    seeding.add_argument("--posts", type=int, default=1500)
    seeding.add_argument("--respondents", type=int, default=469)
    commands.add_parser("results").add_argument("slug")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings.test")
    import django

    django.setup()
    if args.command == "seed":
        print(json.dumps(seed(args.posts, args.respondents)))
    else:
        print(json.dumps(results(args.slug)))


if __name__ == "__main__":
    main(sys.argv[1:])
