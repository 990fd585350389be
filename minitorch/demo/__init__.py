"""minitorch.demo: the ``python -m minitorch demo`` job -- a LeNet-style CNN trained on handwritten digits, checked
against torch module by module, its kernels timed, and a report folder written.

models.py (the network, written once for minitorch and torch), data.py (digits or MNIST), train.py (the loop),
compare.py (parity with torch), speed.py (kernel timings), report.py (the folder), cli.py (the command).
"""
