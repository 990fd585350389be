"""After manual_seed, minitorch draws torch's numbers: every sampler, the layers' initialisation, dropout, the data
utilities' shuffles, the gamma and Poisson samplers behind the distributions, and the generator's state bytes,
against torch 2.13 in the same process."""
import importlib
import subprocess
import sys
import warnings

import numpy as np
import pytest
import torch

import minitorch as mt


def _draw(lib, fn, seed=0):
    lib.manual_seed(seed)
    value = fn(lib)
    return value.detach().numpy() if hasattr(value, "detach") else value


def assert_same_draws(fn, seed=0):
    theirs, mine = _draw(torch, fn, seed), _draw(mt, fn, seed)
    if not isinstance(theirs, np.ndarray):
        assert mine == theirs
        return
    assert mine.dtype == theirs.dtype and mine.shape == theirs.shape
    np.testing.assert_array_equal(mine, theirs)


EXACT = {
    "rand": lambda L: L.rand(5, 3),
    "rand64": lambda L: L.rand(7, dtype=L.float64),
    "rand16": lambda L: L.rand(5, dtype=L.float16),
    "rand_like": lambda L: L.rand_like(L.zeros(3, 3, dtype=L.float64)),
    "randn64_small": lambda L: L.randn(7, dtype=L.float64),
    "randn32_small": lambda L: L.randn(15),
    "randn64_blocks": lambda L: L.randn(3, 17, dtype=L.float64),
    "randn_then_small": lambda L: L.cat([L.randn(3, dtype=L.float64), L.randn(2, dtype=L.float64)]),
    "normal_tensors": lambda L: L.normal(L.zeros(5), L.ones(5) * 2),
    "uniform_": lambda L: L.empty(30).uniform_(-2, 5),
    "uniform_64_fused": lambda L: L.empty(300, dtype=L.float64).uniform_(2.5, 7.1),
    "uniform_strided": lambda L: L.empty(5, 6).t().uniform_(),
    "normal_strided": lambda L: L.empty(5, 6).t().normal_(),
    "normal_64_blocks": lambda L: L.empty(40, dtype=L.float64).normal_(),
    "randint": lambda L: L.randint(3, 100, (10,)),
    "randint_wide": lambda L: L.randint(0, 2 ** 40, (4,)),
    "randint_float": lambda L: L.randint(0, 5, (4,), dtype=L.float32),
    "randint_like": lambda L: L.randint_like(L.zeros(2, 3), 10),
    "randperm": lambda L: L.randperm(50),
    "randperm_generator": lambda L: L.randperm(10, generator=L.Generator().manual_seed(5)),
    "random_int64": lambda L: L.empty(5, dtype=L.int64).random_(),
    "random_float": lambda L: L.empty(5).random_(),
    "random_uint8": lambda L: L.empty(5, dtype=L.uint8).random_(),
    "random_bool": lambda L: L.empty(5, dtype=L.bool).random_(),
    "random_to": lambda L: L.empty(5).random_(7),
    "random_from_to": lambda L: L.empty(5, dtype=L.int32).random_(-3, 7),
    "bernoulli_p": lambda L: L.empty(30).bernoulli_(0.3),
    "bernoulli_tensor": lambda L: L.bernoulli(L.rand(30)),
    "bernoulli_tensor64": lambda L: L.bernoulli(L.rand(30, dtype=L.float64)),
    "bernoulli_number": lambda L: L.bernoulli(L.zeros(10), 0.5),
    "bernoulli_broadcast": lambda L: L.zeros(4, 5).bernoulli_(L.full((5,), 0.5)),
    "multinomial_replacement": lambda L: L.multinomial(L.tensor([[0.1, 0.5, 0.4], [1., 2., 3.]]), 6, True),
    "multinomial_one": lambda L: L.multinomial(L.rand(4, 30), 1),
    "multinomial_without": lambda L: L.multinomial(L.rand(30), 5),
    "exponential_": lambda L: L.empty(20).exponential_(2.0),
    "cauchy_": lambda L: L.empty(20, dtype=L.float64).cauchy_(),
    "geometric_": lambda L: L.empty(20).geometric_(0.3),
    "cauchy_distribution": lambda L: L.distributions.Cauchy(0.0, 1.0).sample((5,)),
    "categorical": lambda L: L.distributions.Categorical(logits=L.zeros(5)).sample((4,)),
    "uniform_distribution": lambda L: L.distributions.Uniform(0.0, 2.0).sample((3,)),
    "gamma": lambda L: L.distributions.Gamma(L.tensor([0.3, 2.0, 9.0]), 2.0).sample((4,)),
    "gamma64": lambda L: L.distributions.Gamma(L.tensor([0.3, 4.0], dtype=L.float64), 2.0).rsample((3,)),
    "chi2": lambda L: L.distributions.Chi2(L.tensor([3.0])).sample((4,)),
    "student_t": lambda L: L.distributions.StudentT(L.tensor([3.0])).sample((4,)),
    "dirichlet": lambda L: L.distributions.Dirichlet(L.tensor([[0.3, 2.0, 5.0], [1.0, 1.0, 1.0]])).sample((2,)),
    "dirichlet_then_rand": lambda L: (L.distributions.Dirichlet(L.ones(4)).sample(), L.rand(3))[1],
    "beta": lambda L: L.distributions.Beta(L.tensor([0.5, 3.0]), L.tensor([2.0, 0.7])).sample((3,)),
    "beta_numbers": lambda L: L.distributions.Beta(2.0, 3.0).rsample((4,)),
    "fisher_snedecor": lambda L: L.distributions.FisherSnedecor(L.tensor([3.0, 8.0]), L.tensor([5.0])).sample((2,)),
    "binomial": lambda L: L.binomial(L.tensor([5., 50., 200., 1000., 0., 30., 7.]),
                                     L.tensor([0.3, 0.4, 0.05, 0.93, 0.5, 0.9, 1.0])),
    "binomial64_broadcast": lambda L: L.binomial(L.tensor([[25., 400., 60.], [3., 90., 1e4]], dtype=L.float64),
                                                 L.tensor([0.45, 0.77, 0.02], dtype=L.float64)),
    "binomial_distribution": lambda L: L.distributions.Binomial(L.tensor([10., 100.]), probs=L.tensor([0.5, 0.2]))
    .sample((3,)),
    "binomial_then_rand": lambda L: (L.distributions.Binomial(20, logits=L.tensor([0.3, -2.])).sample((2,)),
                                     L.rand(2))[1],
    "poisson": lambda L: L.poisson(L.tensor([0.5, 3.0, 12.0, 0.0, 50.0])),
    "poisson_distribution": lambda L: L.distributions.Poisson(L.tensor([2.0, 30.0])).sample((3,)),
    "negative_binomial": lambda L: L.distributions.NegativeBinomial(L.tensor([3.0]), probs=L.tensor([0.4])).sample(
        (5,)),
    # float64 transforms in the C library's functions (NumPy's vectorised ones are a last bit off now and then)
    "randn64_many": lambda L: L.randn(5000, dtype=L.float64),
    "randn64_strided": lambda L: L.empty(100, 30, dtype=L.float64).t().normal_(),
    "log_normal_": lambda L: L.empty(3000, dtype=L.float64).log_normal_(),
    "exponential64": lambda L: L.empty(3000, dtype=L.float64).exponential_(),
    "cauchy64": lambda L: L.empty(3000, dtype=L.float64).cauchy_(),
    "geometric64": lambda L: L.empty(3000, dtype=L.float64).geometric_(0.3),
    "gamma64_many": lambda L: L.distributions.Gamma(L.tensor([1., 2., 0.3, 5.], dtype=L.float64), 1.).sample((300,)),
    "dirichlet64": lambda L: L.distributions.Dirichlet(L.tensor([0.05, 0.5, 1.0, 20.0], dtype=L.float64)).sample(
        (300,)),
    # float32 normals of 16 or more: torch's AVX2 kernel, avx_mathfun's log and sincos replayed
    "randn_blocks": lambda L: L.randn(100),
    "randn_ragged": lambda L: L.randn(4, 9),
    "randn_many": lambda L: L.randn(100000),
    "normal_numbers": lambda L: L.normal(2.0, 3.0, (40,)),
    "normal_": lambda L: L.empty(30).normal_(1, 2),
    "normal_many": lambda L: L.empty(4801).normal_(-3.0, 0.1),
    "randn_generator": lambda L: L.randn(20, generator=L.Generator().manual_seed(5)),
    "generator_state_bytes": lambda L: (L.rand(3), L.randn(3, dtype=L.float64), L.get_rng_state())[2],
}


@pytest.mark.parametrize("name", sorted(EXACT))
def test_draws_are_torchs(name):
    assert_same_draws(EXACT[name])


@pytest.mark.parametrize("seed", [0, 1, 2 ** 40 + 7, -1])
def test_seeds(seed):
    assert_same_draws(lambda L: L.rand(4, dtype=L.float64), seed=seed)
    assert_same_draws(lambda L: L.initial_seed(), seed=seed)


def test_state_round_trip_and_errors():
    for lib in (torch, mt):
        lib.manual_seed(3)
        lib.randn(3, dtype=lib.float64)  # leaves a kept normal sample in the state
        state = lib.get_rng_state()
        first = lib.randn(5, dtype=lib.float64).numpy()
        lib.set_rng_state(state)
        np.testing.assert_array_equal(lib.randn(5, dtype=lib.float64).numpy(), first)
        assert tuple(state.shape) == (5056,) and state.dtype == lib.uint8
    from lib_compare import raises_same
    raises_same(lambda lib: lib.set_rng_state(lib.zeros(5056)))
    raises_same(lambda lib: lib.set_rng_state(lib.zeros(10, dtype=lib.uint8)))
    # a state torch wrote continues torch's stream in minitorch
    torch.manual_seed(9)
    torch.rand(7)
    mt.set_rng_state(mt.tensor(torch.get_rng_state().numpy()))
    np.testing.assert_array_equal(mt.rand(4).numpy(), torch.rand(4).numpy())


MODULES = {
    "linear": lambda nn: nn.Linear(7, 5),
    "conv2d": lambda nn: nn.Conv2d(3, 4, 3),
    "conv_transpose2d": lambda nn: nn.ConvTranspose2d(3, 4, 3),
    "grouped_conv1d": lambda nn: nn.Conv1d(2, 4, 3, groups=2),
    "embedding": lambda nn: nn.Embedding(10, 4),
    "lstm": lambda nn: nn.LSTM(3, 4, 2, bidirectional=True),
    "gru": lambda nn: nn.GRU(3, 4),
    "rnn_cell": lambda nn: nn.RNNCell(3, 4),
    "multihead_attention": lambda nn: nn.MultiheadAttention(8, 2),
    "transformer": lambda nn: nn.Transformer(8, 2, 1, 1, 16),
    "bilinear": lambda nn: nn.Bilinear(3, 4, 2),
}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_layers_initialise_as_torch(name):
    def params(lib):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            module = MODULES[name](lib.nn)
        return lib.cat([p.detach().reshape(-1) for p in module.parameters()])
    assert_same_draws(params)


INITS = {
    "xavier_uniform_": lambda L: L.nn.init.xavier_uniform_(L.empty(4, 6)),
    "kaiming_uniform_": lambda L: L.nn.init.kaiming_uniform_(L.empty(4, 6, dtype=L.float64)),
    "xavier_normal_64": lambda L: L.nn.init.xavier_normal_(L.empty(4, 6, dtype=L.float64)),
    "trunc_normal_mass": lambda L: L.nn.init.trunc_normal_(L.empty(40, dtype=L.float64), std=0.02),
    "trunc_normal_tail": lambda L: L.nn.init.trunc_normal_(L.empty(40, dtype=L.float64), mean=0, std=1, a=2, b=3),
    "sparse_": lambda L: L.nn.init.sparse_(L.empty(6, 4, dtype=L.float64), 0.5),
}


@pytest.mark.parametrize("name", sorted(INITS))
def test_init_functions_draw_as_torch(name):
    assert_same_draws(INITS[name])


DROPOUTS = {
    "dropout": lambda L: L.nn.functional.dropout(L.ones(50), 0.3),
    "dropout_2d": lambda L: L.nn.functional.dropout2d(L.ones(2, 3, 4, 4), 0.5),
    "alpha_dropout": lambda L: L.nn.functional.alpha_dropout(L.ones(40), 0.2, training=True),
    "module": lambda L: L.nn.Dropout(0.1)(L.arange(60.0).reshape(3, 20)),
    "inplace": lambda L: L.nn.functional.dropout(L.ones(30, dtype=L.float64), 0.4, inplace=True),
    "rrelu_slopes": lambda L: L.nn.functional.rrelu(L.linspace(-1, 1, 30), training=True),
}


@pytest.mark.parametrize("name", sorted(DROPOUTS))
def test_dropout_masks_are_torchs(name):
    assert_same_draws(DROPOUTS[name])


def _data(lib):
    return importlib.import_module(lib.__name__ + ".utils.data")


SHUFFLES = {
    "two_epochs": lambda L, D: [[b[0].tolist() for b in loader] for loader in
                                [D.DataLoader(D.TensorDataset(L.arange(20)), batch_size=6, shuffle=True)]
                                for _ in range(2)],
    "random_split": lambda L, D: [list(s.indices) for s in D.random_split(D.TensorDataset(L.arange(20)),
                                                                            [0.5, 0.3, 0.2])],
    "random_split_generator": lambda L, D: [list(s.indices) for s in D.random_split(
        D.TensorDataset(L.arange(20)), [10, 10], generator=L.Generator().manual_seed(1))],
    "replacement": lambda L, D: list(D.RandomSampler(range(20), replacement=True, num_samples=8)),
    "weighted": lambda L, D: list(D.WeightedRandomSampler([0.1, 0.9, 0.5, 0.2], 8)),
    "subset": lambda L, D: list(D.SubsetRandomSampler([3, 5, 7, 9])),
}


@pytest.mark.parametrize("name", sorted(SHUFFLES))
def test_data_orders_are_torchs(name):
    assert_same_draws(lambda L: SHUFFLES[name](L, _data(L)))


TRAINING = """
import importlib, sys
torch = importlib.import_module(sys.argv[1]); nn = torch.nn
data = importlib.import_module(sys.argv[1] + ".utils.data")
torch.manual_seed(42)
X = torch.randn(200, 10); y = (X[:, 0] > 0).long()
train, val = data.random_split(data.TensorDataset(X, y), [160, 40])
loader = data.DataLoader(train, batch_size=32, shuffle=True)
model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Dropout(0.2), nn.Linear(32, 2))
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
for epoch in range(2):
    for xb, yb in loader:
        opt.zero_grad(); loss = nn.functional.cross_entropy(model(xb), yb); loss.backward(); opt.step()
    print("%.5f" % loss.item())
d = torch.distributions
print(d.Categorical(logits=torch.zeros(5)).sample((4,)).tolist(), d.Bernoulli(probs=torch.full((6,), 0.5)).sample())
"""


def test_a_seeded_training_program_prints_what_torch_prints():
    """Seeded data, initialisation, shuffling and dropout: the same losses, to 5 digits."""
    outputs = [subprocess.run([sys.executable, "-c", TRAINING, name], capture_output=True, text=True, check=True,
                              timeout=120).stdout.replace("torch", "") for name in ("torch", "minitorch")]
    assert outputs[1].replace("minitorch", "") == outputs[0]


SAMPLER_ERRORS = [
    # torch's gamma, dirichlet and binomial kernels exist for float32 and float64 only
    "L.binomial(L.tensor([5.], dtype=L.half), L.tensor([0.5], dtype=L.half))",
    "L.distributions.Dirichlet(L.tensor([1., 2.], dtype=L.half)).sample()",
    "L.distributions.Gamma(L.tensor([1.], dtype=L.half), 1.).sample()",
    "L.distributions.Beta(L.tensor([1.], dtype=L.half), L.tensor([2.], dtype=L.half)).rsample()",
    # multinomial: the checks of the keyed draw (without replacement, or one sample) and of the replacement kernel
    "L.multinomial(L.tensor([1., -1., 1.]), 1, True)",
    "L.multinomial(L.tensor([1., -1., 1.]), 2, True)",
    "L.multinomial(L.tensor([1., float('inf'), 1.]), 2, True)",
    "L.multinomial(L.tensor([1., 1., float('nan')]), 2, True)",
    "L.multinomial(L.tensor([[0., 0.], [1., -1.]]), 2, True)",
    "L.multinomial(L.tensor([[1., -1.], [0., 0.]]), 2, True)",
    "L.multinomial(L.tensor([[0., 0.], [1., -1.]]), 2)",
]


@pytest.mark.parametrize("code", SAMPLER_ERRORS)
def test_sampler_errors_are_torchs(code):
    got = []
    for L in (torch, mt):
        with pytest.raises(Exception) as info:
            eval(code)
        got.append((type(info.value), str(info.value)))
    assert got[1] == got[0]
