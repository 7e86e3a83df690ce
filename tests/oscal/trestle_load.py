"""Loads OSCAL documents with compliance-trestle's models (generated from
NIST's OSCAL schemas), so a document evident writes is one an OSCAL tool
reads. Usage: trestle_load.py catalog|assessment-results FILE...
Exit 0 when every file loads; 1 with the reason otherwise; 3 when trestle
is not installed (the caller decides whether that may be skipped)."""

import pathlib
import sys

try:
    from trestle.oscal.assessment_results import AssessmentResults
    from trestle.oscal.catalog import Catalog
except ImportError as e:  # the caller skips or fails on this
    print(f"compliance-trestle is not installed: {e}", file=sys.stderr)
    sys.exit(3)

MODELS = {"catalog": Catalog, "assessment-results": AssessmentResults}


def main() -> int:
    model = MODELS[sys.argv[1]]
    for name in sys.argv[2:]:
        try:
            loaded = model.oscal_read(pathlib.Path(name))
        except Exception as e:  # trestle raises pydantic and its own errors
            print(f"{name}: {type(e).__name__}: {e}", file=sys.stderr)
            return 1
        if loaded is None:
            print(f"{name}: trestle read nothing", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
