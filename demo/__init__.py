"""The demo data of `make run`, loaded by `manage.py seed_demo`.

The people, working groups, conversations and survey are data files in demo/data/, read by
demo.load; demo.members, demo.working_groups, demo.surveys, demo.manifesto, demo.library and,
last, demo.notifications (what all of it told the members) write them through the apps'
services, as a person on the site would, so every row passes the checks a person's input does.
A plain package, not a Django app: it has no models, and nothing imports it but seed_demo,
the tests and the benchmarks.
"""
