"""Regenerates saferepr_cases.json with Celery's own saferepr (run with a Python that has celery 5.2.6).

    /usr/bin/python3 generate_saferepr_cases.py > saferepr_cases.json
"""
import json
import random

from celery.utils.saferepr import saferepr

random.seed(20240506)
WORDS = ['a', 'b c', "it's", 'h\u00e9llo', '\u65e5\u672c', '\U0001F600', 'tab\t', 'nul\x00', 'x' * 40, '', 'back\\slash']


def value(depth):
    kind = random.random()
    if depth > 4 or kind < 0.45:
        return random.choice([
            None, True, False, 0, -7, 2 ** 70, 1.5, 1e-07, 1e16, -0.0, 3.0,
            random.randint(-10 ** 6, 10 ** 6), random.choice(WORDS) * random.randint(1, 3)])
    if kind < 0.75:
        return [value(depth + 1) for _ in range(random.randint(0, 6))]
    return {random.choice(WORDS) + str(i): value(depth + 1) for i in range(random.randint(0, 5))}


cases = []
for i in range(150):
    args = [value(1) for _ in range(random.randint(0, 4))]
    kwargs = {('k%d' % j): value(1) for j in range(random.randint(0, 3))}
    limit = random.choice([1024, 1024, 200, 60, 25, 8])
    cases.append({
        'args': args, 'kwargs': kwargs, 'limit': limit,
        'argsrepr': saferepr(tuple(args), limit),
        'kwargsrepr': saferepr(kwargs, limit),
    })
print("[\n" + ",\n".join(json.dumps(c) for c in cases) + "\n]")
