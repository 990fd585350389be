"""Parity cases for the recurrent layers (RNN, LSTM, GRU) and their cells.

Weights are drawn from the shared rng and copied in by parameter name, so both libraries run the same network.
Results: the output and final states, and the gradients of a random weighting of all of them with respect to the
input, the initial states and every parameter.
"""
from .cases_norm import layer, raises, results
from .helpers import leaf
from .registry import TOLERANCES, case

# gradients sum over time steps and layers: float32 rounding reaches 1e-5 absolute (torch.testing's float32 atol)
F32_TOL = (TOLERANCES["float32"][0], 1e-5)


def rnn_case(name, make, x_shape, state_shapes=(), transpose=None, train=True):
    """make's layer on an input of x_shape, with initial states of state_shapes (none: zeros). An LSTM gets its
    states as a tuple, a cell with two states too. transpose=(a, b) makes the input non-contiguous."""
    def body(lib, rng, dtype):
        module = layer(lib, rng, dtype, make)
        module.train(train)
        x = leaf(lib, rng.standard_normal(x_shape), dtype)
        states = [leaf(lib, rng.standard_normal(s), dtype) for s in state_shapes]
        args = [x.transpose(*transpose) if transpose else x]
        if states:
            args.append(tuple(states) if len(states) == 2 else states[0])
        out = module(*args)
        outputs = _flatten(out)
        inputs = {"input": x}
        inputs.update(("state_%d" % i, s) for i, s in enumerate(states))
        return results(lib, rng, module, outputs, inputs)
    case(name, dtypes=("float64",))(body)
    case(name, dtypes=("float32",), tol=F32_TOL)(body)


def _flatten(out):
    if isinstance(out, tuple):
        return [t for o in out for t in _flatten(o)]
    return [out]


# --- RNN ----------------------------------------------------------------------------------------------------------
rnn_case("nn.RNN/tanh", lambda nn: nn.RNN(3, 4), (5, 2, 3))
rnn_case("nn.RNN/relu_h0", lambda nn: nn.RNN(3, 4, nonlinearity="relu"), (5, 2, 3), [(1, 2, 4)])
rnn_case("nn.RNN/two_layers", lambda nn: nn.RNN(3, 4, num_layers=2), (4, 3, 3), [(2, 3, 4)])
rnn_case("nn.RNN/bidirectional", lambda nn: nn.RNN(3, 4, 2, bidirectional=True), (4, 2, 3), [(4, 2, 4)])
rnn_case("nn.RNN/batch_first_no_bias", lambda nn: nn.RNN(3, 4, batch_first=True, bias=False), (2, 6, 3))
rnn_case("nn.RNN/unbatched", lambda nn: nn.RNN(3, 4, bidirectional=True), (5, 3), [(2, 4)])

# --- LSTM ---------------------------------------------------------------------------------------------------------
rnn_case("nn.LSTM", lambda nn: nn.LSTM(3, 5), (6, 2, 3))
rnn_case("nn.LSTM/h0_c0", lambda nn: nn.LSTM(3, 5), (4, 2, 3), [(1, 2, 5), (1, 2, 5)])
rnn_case("nn.LSTM/two_layers", lambda nn: nn.LSTM(3, 4, num_layers=2), (4, 3, 3), [(2, 3, 4), (2, 3, 4)])
rnn_case("nn.LSTM/bidirectional", lambda nn: nn.LSTM(3, 4, num_layers=2, bidirectional=True), (5, 2, 3),
         [(4, 2, 4), (4, 2, 4)])
rnn_case("nn.LSTM/batch_first", lambda nn: nn.LSTM(3, 4, num_layers=2, batch_first=True), (2, 5, 3),
         [(2, 2, 4), (2, 2, 4)])
rnn_case("nn.LSTM/noncontiguous", lambda nn: nn.LSTM(3, 4), (2, 5, 3), transpose=(0, 1))
rnn_case("nn.LSTM/proj_size", lambda nn: nn.LSTM(3, 5, num_layers=2, proj_size=2, bidirectional=True), (4, 2, 3),
         [(4, 2, 2), (4, 2, 5)])
rnn_case("nn.LSTM/unbatched", lambda nn: nn.LSTM(3, 4, batch_first=True), (5, 3), [(1, 4), (1, 4)])
rnn_case("nn.LSTM/dropout_eval", lambda nn: nn.LSTM(3, 4, num_layers=3, dropout=0.5), (3, 2, 3), train=False)
rnn_case("nn.LSTM/one_step", lambda nn: nn.LSTM(2, 3), (1, 1, 2))

# --- GRU ----------------------------------------------------------------------------------------------------------
rnn_case("nn.GRU", lambda nn: nn.GRU(3, 5), (6, 2, 3))
rnn_case("nn.GRU/h0", lambda nn: nn.GRU(3, 4), (4, 2, 3), [(1, 2, 4)])
rnn_case("nn.GRU/bidirectional", lambda nn: nn.GRU(3, 4, num_layers=2, bidirectional=True), (5, 2, 3), [(4, 2, 4)])
rnn_case("nn.GRU/batch_first_no_bias", lambda nn: nn.GRU(3, 4, 2, bias=False, batch_first=True), (3, 4, 3))
rnn_case("nn.GRU/unbatched", lambda nn: nn.GRU(3, 4), (5, 3), [(1, 4)])

# --- cells --------------------------------------------------------------------------------------------------------
rnn_case("nn.RNNCell", lambda nn: nn.RNNCell(3, 4), (2, 3), [(2, 4)])
rnn_case("nn.RNNCell/relu_no_hidden", lambda nn: nn.RNNCell(3, 4, nonlinearity="relu"), (2, 3))
rnn_case("nn.RNNCell/unbatched_no_bias", lambda nn: nn.RNNCell(3, 4, bias=False), (3,), [(4,)])
rnn_case("nn.LSTMCell", lambda nn: nn.LSTMCell(3, 4), (2, 3), [(2, 4), (2, 4)])
rnn_case("nn.LSTMCell/no_hidden", lambda nn: nn.LSTMCell(3, 4), (2, 3))
rnn_case("nn.LSTMCell/unbatched", lambda nn: nn.LSTMCell(3, 4), (3,), [(4,), (4,)])
rnn_case("nn.GRUCell", lambda nn: nn.GRUCell(3, 4), (2, 3), [(2, 4)])
rnn_case("nn.GRUCell/unbatched_no_bias", lambda nn: nn.GRUCell(3, 4, bias=False), (3,), [(4,)])

# --- errors -------------------------------------------------------------------------------------------------------
raises("nn.LSTM/4d_input", lambda lib, rng: lib.nn.LSTM(3, 4)(lib.zeros(2, 2, 2, 3)))
raises("nn.RNN/4d_input", lambda lib, rng: lib.nn.RNN(3, 4)(lib.zeros(2, 2, 2, 3)))
raises("nn.GRU/wrong_input_size", lambda lib, rng: lib.nn.GRU(3, 4)(lib.zeros(5, 2, 2)))
raises("nn.LSTM/wrong_h0_shape", lambda lib, rng: lib.nn.LSTM(3, 4, 2)(lib.zeros(5, 2, 3),
                                                                        (lib.zeros(1, 2, 4), lib.zeros(2, 2, 4))))
raises("nn.LSTM/wrong_c0_shape", lambda lib, rng: lib.nn.LSTM(3, 4)(lib.zeros(5, 2, 3),
                                                                     (lib.zeros(1, 2, 4), lib.zeros(1, 2, 3))))
raises("nn.RNN/unbatched_3d_hidden", lambda lib, rng: lib.nn.RNN(3, 4)(lib.zeros(5, 3), lib.zeros(1, 1, 4)))
raises("nn.GRU/proj_size", lambda lib, rng: lib.nn.GRU(3, 4, proj_size=2))
raises("nn.LSTM/proj_size_too_big", lambda lib, rng: lib.nn.LSTM(3, 4, proj_size=4))
raises("nn.LSTM/bad_dropout", lambda lib, rng: lib.nn.LSTM(3, 4, dropout=1.5))
raises("nn.RNN/bad_nonlinearity", lambda lib, rng: lib.nn.RNN(3, 4, nonlinearity="sigmoid"))
raises("nn.LSTM/dtype_mismatch", lambda lib, rng: lib.nn.LSTM(3, 4)(lib.zeros(5, 2, 3, dtype=lib.float64)))
raises("nn.GRUCell/3d_input", lambda lib, rng: lib.nn.GRUCell(3, 4)(lib.zeros(2, 2, 3)))
raises("nn.LSTMCell/batch_mismatch", lambda lib, rng: lib.nn.LSTMCell(3, 4)(lib.zeros(2, 3),
                                                                             (lib.zeros(3, 4), lib.zeros(3, 4))))
