"""XML Schemas are compiled once per process, safely (issue 13, point 4).

The sandbox's two workers took their first packages at the same moment; each compiled the KEDU
schema and signxml's XAdES schemas at once, and 1 try in 15 rejected a valid set with "QName …
Signature does not resolve" (or spun forever). The race only exists in a fresh process, so each
try is a new interpreter whose threads validate and verify the same signed set at once.
"""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from plugins.signing import P12_PASSWORD, kedu_document

TRIES = 36
THREADS = 3

SCRIPT = """
import sys, threading
from eplatnik.forms import kedu_schema
from eplatnik.signing.xades import verify_xml
data = open(sys.argv[1], "rb").read()
barrier = threading.Barrier({threads})
problems = []
def work(n):
    barrier.wait()
    try:
        if n % 2:
            info = verify_xml(data)
            if not info.valid:
                problems.append("signature: " + "; ".join(p.render("en") for p in info.problems))
        else:
            found = kedu_schema.validate_bytes(data)
            if found:
                problems.append("schema: " + found[0].render("en"))
    except Exception as exc:
        problems.append(type(exc).__name__ + ": " + str(exc)[:200])
threads = [threading.Thread(target=work, args=(n,)) for n in range({threads})]
[t.start() for t in threads]
[t.join() for t in threads]
print(problems[0] if problems else "ok")
"""


def test_first_validations_in_parallel_threads_never_fail_to_load_a_schema(pki, tmp_path):
    from eplatnik.signing.keysource import SigningKey
    from eplatnik.signing.p12 import load_p12
    from eplatnik.signing.xades import sign_xml

    key, cert, chain = load_p12(pki.rsa_p12, P12_PASSWORD)
    signed = tmp_path / "signed.xml"
    signed.write_bytes(sign_xml(kedu_document(), SigningKey(key, cert, chain)))
    script = SCRIPT.format(threads=THREADS)

    def one_try(_n: int) -> str:
        try:
            done = subprocess.run([sys.executable, "-c", script, str(signed)], capture_output=True, text=True,
                                  timeout=30, check=False)
        except subprocess.TimeoutExpired:
            return "hung for 30 s"
        return done.stdout.strip() or done.stderr.strip()[-300:]

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(one_try, range(TRIES)))
    failures = [o for o in outcomes if o != "ok"]
    assert failures == [], f"{len(failures)} of {TRIES} fresh processes failed: {failures[:3]}"
