"""How long OpenBLAS's idle worker threads spin before they sleep: set before NumPy loads OpenBLAS.

After a multi-threaded GEMM, OpenBLAS's workers busy-wait for new work for 2**28 cycles (~0.1 s) by default. For
that long they hold cores that minitorch's own threads (its kernels' copies, scatters and per-thread GEMMs) need:
measured here, a conv forward whose blocks run on two threads took 28 ms right after a multi-threaded GEMM and
17 ms with the workers asleep. 2**20 cycles (~0.3 ms) keeps them awake between back-to-back GEMMs only;
measured, 2**16 made small GEMMs that follow a pause wait for their workers to wake, and 2**22 left that conv
5-30% slower.
A value the user set wins; it has no effect when NumPy was imported before minitorch.
"""
import os

THREAD_TIMEOUT = "20"  # log2 of the spin time in cycles (OpenBLAS accepts 4..30)

os.environ.setdefault("OPENBLAS_THREAD_TIMEOUT", THREAD_TIMEOUT)
