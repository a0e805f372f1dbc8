"""Six readers download an edition's PDF at once while another reads the home page.

    .venv/bin/python scripts/bench_pdf_downloads.py http://127.0.0.1:8000 [--edition 2019]
    .venv/bin/python scripts/bench_pdf_downloads.py http://127.0.0.1:8000 --fiche SLUG

Run against `cahier serve` after removing MEDIA_ROOT/editions/ (the PDF to prepare). Reports
each download's status and time, the home page's latency meanwhile (every 0.5 s) and when
the PDF was first served. Loopback addresses only; bounded (at most --timeout seconds)."""

import argparse
import statistics
import threading
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit


def fetch(url: str, timeout: float) -> tuple[int, float]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as reply:  # noqa: S310 (loopback)
            reply.read()
            status = reply.status
    except urllib.error.HTTPError as error:
        error.read()
        status = error.code
    except OSError:
        status = 0
    return status, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("--edition", default="2019")
    parser.add_argument("--fiche", help="a fiche's PDF (built in the request) instead")
    parser.add_argument("--readers", type=int, default=6)
    parser.add_argument("--timeout", type=float, default=180)
    args = parser.parse_args()
    if urlsplit(args.base).hostname not in ("127.0.0.1", "localhost", "::1"):
        parser.error("adresse de bouclage seulement (127.0.0.1)")
    pdf_url = f"{args.base}/editions/{args.edition}/cahier.pdf"
    if args.fiche:
        pdf_url = f"{args.base}/initiatives/{args.fiche}/fiche.pdf"
    downloads: list[tuple[int, float]] = []
    home: list[float] = []
    begin = time.perf_counter()

    def download():
        downloads.append(fetch(pdf_url, args.timeout))

    threads = [threading.Thread(target=download) for _ in range(args.readers)]
    for thread in threads:
        thread.start()
    served_after = None
    while time.perf_counter() - begin < args.timeout:
        home.append(fetch(f"{args.base}/", args.timeout)[1])
        if all(not thread.is_alive() for thread in threads):
            if any(status == 200 for status, _ in downloads):
                served_after = max(seconds for _, seconds in downloads)
                break
            status, _ = fetch(pdf_url, args.timeout)
            if status == 200:
                served_after = time.perf_counter() - begin
                break
        time.sleep(0.5)
    for thread in threads:
        thread.join()
    codes = sorted(status for status, _ in downloads)
    times = sorted(seconds for _, seconds in downloads)
    print(f"téléchargements : codes {codes}, {times[0]:.2f} s à {times[-1]:.2f} s")
    print(
        f"page d'accueil pendant ce temps : {len(home)} requêtes, médiane "
        f"{statistics.median(home) * 1000:.0f} ms, max {max(home) * 1000:.0f} ms"
    )
    print(
        "PDF servi après "
        + (f"{served_after:.1f} s" if served_after is not None else "— (délai dépassé)")
    )


if __name__ == "__main__":
    main()
