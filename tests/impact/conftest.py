"""Single-threaded BLAS for the estimator tests.

The estimators run many small least-squares problems; on a shared two-core machine,
OpenBLAS's threads fight each other and those take ten times longer. The variable only
counts if it is set before NumPy is first imported, which is why it is set here, at
collection, rather than in a fixture.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
