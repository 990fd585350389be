"""Recurrent layers: RNN (tanh or relu), LSTM, GRU -- multi-layer, bidirectional -- and their one-step cells.

Parameter names, shapes, gate order and initialisation are torch's: ``weight_ih_l{k}[_reverse]`` (gates*H, in),
``weight_hh_l{k}[_reverse]`` (gates*H, H), ``bias_ih``/``bias_hh`` (gates*H,), LSTM's ``weight_hr`` (P, H) when
proj_size > 0; LSTM gates are (i, f, g, o) and GRU gates (r, z, n), so torch weights load unchanged.
Each layer and direction projects the whole input sequence with one matmul, then steps through time in Python;
a PackedSequence input runs the same loop over its batch_sizes, the running batch shrinking (growing, in reverse) as
sequences end, so each sequence's final state is taken at its own last valid step;
everything is differentiable Tensor ops, so gradients reach the input, every weight and the initial states.
"""
import math
import numbers
import warnings

from ... import creation
from ...ops.index import index_select
from ...ops.shape import cat, stack
from .. import functional as F
from .. import init
from ..module import Module
from ..parameter import Parameter
from ..utils.rnn import PackedSequence

__all__ = ["RNNBase", "RNN", "LSTM", "GRU", "RNNCellBase", "RNNCell", "LSTMCell", "GRUCell"]


# --- one time step: (input projection x W_ih^T + b_ih, state tuple, hidden weights) -> new state tuple ---
def _hidden(h, w_hh, b_hh):
    return F.linear(h, w_hh, b_hh)


def _tanh_step(xw, state, w_hh, b_hh, w_hr=None):
    """h' = tanh(W_ih x + b_ih + W_hh h + b_hh)"""
    return ((xw + _hidden(state[0], w_hh, b_hh)).tanh(),)


def _relu_step(xw, state, w_hh, b_hh, w_hr=None):
    """h' = relu(W_ih x + b_ih + W_hh h + b_hh)"""
    return ((xw + _hidden(state[0], w_hh, b_hh)).relu(),)


def _lstm_step(xw, state, w_hh, b_hh, w_hr=None):
    """c' = f * c + i * g, h' = o * tanh(c') (then projected by W_hr when given)"""
    h, c = state
    i, f, g, o = (xw + _hidden(h, w_hh, b_hh)).chunk(4, -1)
    c = f.sigmoid() * c + i.sigmoid() * g.tanh()
    h = o.sigmoid() * c.tanh()
    return (h if w_hr is None else F.linear(h, w_hr), c)


def _gru_step(xw, state, w_hh, b_hh, w_hr=None):
    """r, z = sigmoid(.), n = tanh(W_in x + b_in + r * (W_hn h + b_hn)), h' = (1 - z) * n + z * h"""
    h = state[0]
    x_r, x_z, x_n = xw.chunk(3, -1)
    h_r, h_z, h_n = _hidden(h, w_hh, b_hh).chunk(3, -1)
    r, z = (x_r + h_r).sigmoid(), (x_z + h_z).sigmoid()
    n = (x_n + r * h_n).tanh()
    return (n + z * (h - n),)


_STEPS = {"RNN_TANH": (_tanh_step, 1), "RNN_RELU": (_relu_step, 1), "LSTM": (_lstm_step, 4), "GRU": (_gru_step, 3)}


def _reset_uniform(module):
    """Every parameter ~ U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)), as torch initialises recurrent layers."""
    bound = 1.0 / math.sqrt(module.hidden_size) if module.hidden_size > 0 else 0
    for p in module.parameters():
        init.uniform_(p, -bound, bound)


def _check_dtype(input, weight, error=ValueError):
    if input.dtype is not weight.dtype:
        raise error("RNN input dtype (%s) does not match weight dtype (%s). Convert input: input.to(%s), or "
                    "convert model: model.to(%s)" % (input.dtype, weight.dtype, weight.dtype, input.dtype))


class RNNBase(Module):
    """The multi-layer, optionally bidirectional recurrence shared by RNN, LSTM and GRU."""

    def __init__(self, mode, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
                 bidirectional=False, proj_size=0, device=None, dtype=None):
        super().__init__()
        if not isinstance(dropout, numbers.Number) or isinstance(dropout, bool) or not 0 <= dropout <= 1:
            raise ValueError("dropout should be a number in range [0, 1] representing the probability of an element "
                             "being zeroed")
        if dropout > 0 and num_layers == 1:
            warnings.warn("dropout option adds dropout after all but last recurrent layer, so non-zero dropout "
                          "expects num_layers greater than 1, but got dropout=%s and num_layers=%d"
                          % (dropout, num_layers))
        for label, value, kind in (("bias", bias, bool), ("batch_first", batch_first, bool),
                                   ("input_size", input_size, int), ("hidden_size", hidden_size, int)):
            if not isinstance(value, kind):
                raise TypeError("%s should be of type %s, got: %s" % (label, kind.__name__, type(value).__name__))
        for label, value in (("input_size", input_size), ("hidden_size", hidden_size), ("num_layers", num_layers)):
            if value <= 0:
                raise ValueError("%s must be greater than zero" % label)
        if proj_size < 0:
            raise ValueError("proj_size should be a positive integer or zero to disable projections")
        if proj_size >= hidden_size:
            raise ValueError("proj_size has to be smaller than hidden_size")
        if mode not in _STEPS:
            raise ValueError("Unrecognized RNN mode: " + mode)
        self.mode, self.input_size, self.hidden_size, self.num_layers = mode, input_size, hidden_size, num_layers
        self.bias, self.batch_first, self.dropout = bias, batch_first, float(dropout)
        self.bidirectional, self.proj_size = bidirectional, proj_size
        self._step, gates = _STEPS[mode]
        directions = 2 if bidirectional else 1
        out_size = proj_size or hidden_size
        factory = {"device": device, "dtype": dtype}
        self._flat_weights_names = []
        for layer in range(num_layers):
            in_size = input_size if layer == 0 else out_size * directions
            for direction in range(directions):
                suffix = "_l%d%s" % (layer, "_reverse" if direction else "")
                shapes = [("weight_ih", (gates * hidden_size, in_size)), ("weight_hh", (gates * hidden_size, out_size))]
                if bias:
                    shapes += [("bias_ih", (gates * hidden_size,)), ("bias_hh", (gates * hidden_size,))]
                if proj_size:
                    shapes.append(("weight_hr", (proj_size, hidden_size)))
                for name, shape in shapes:
                    self.register_parameter(name + suffix, Parameter(creation.empty(shape, **factory)))
                    self._flat_weights_names.append(name + suffix)
        self.reset_parameters()

    reset_parameters = _reset_uniform

    @property
    def _flat_weights(self):
        return [getattr(self, name) for name in self._flat_weights_names]

    @property
    def all_weights(self):
        """The parameters grouped per layer and direction, in torch's order."""
        per = len(self._flat_weights_names) // (self.num_layers * (2 if self.bidirectional else 1))
        w = self._flat_weights
        return [w[i:i + per] for i in range(0, len(w), per)]

    def flatten_parameters(self):
        """A no-op (torch packs weights for cuDNN here)."""

    def _weights(self, layer, direction):
        """(w_ih, b_ih, w_hh, b_hh, w_hr) of one layer and direction; absent ones are None."""
        suffix = "_l%d%s" % (layer, "_reverse" if direction else "")
        return tuple(self._parameters.get(name + suffix)
                     for name in ("weight_ih", "bias_ih", "weight_hh", "bias_hh", "weight_hr"))

    def _state_sizes(self):
        """The feature size of each state tensor: (h,) or, for LSTM, (h, c)."""
        out = self.proj_size or self.hidden_size
        return (out, self.hidden_size) if self.mode == "LSTM" else (out,)

    def _prepare_states(self, input, batch, hx, batched):
        """The initial states as a tuple of (layers * directions, N, size) tensors, checked against torch's rules."""
        n_states = len(self._state_sizes())
        rows = self.num_layers * (2 if self.bidirectional else 1)
        if hx is None:
            return tuple(creation.zeros((rows, batch, size), dtype=input.dtype, device=input.device)
                         for size in self._state_sizes())
        states = tuple(hx) if n_states == 2 else (hx,)
        want = 3 if batched else 2
        if any(s.dim() != want for s in states):
            kind = "batched 3-D" if batched else "unbatched 2-D"
            if n_states == 2:
                raise RuntimeError("For %s input, hx and cx should also be %d-D but got (%d-D, %d-D) tensors"
                                   % (kind, want, states[0].dim(), states[1].dim()))
            raise RuntimeError("For %s input, hx should also be %d-D but got %d-D tensor" % (kind, want,
                                                                                            states[0].dim()))
        if not batched:
            states = tuple(s.unsqueeze(1) for s in states)
        for i, (s, size) in enumerate(zip(states, self._state_sizes())):
            expected = (rows, batch, size)
            if tuple(s.shape) != expected:
                label = "hidden[%d] size" % i if n_states == 2 else "hidden size"
                raise RuntimeError("Expected %s %s, got %s" % (label, expected, list(s.shape)))
        return states

    def forward(self, input, hx=None):
        name = "RNN" if self.mode.startswith("RNN") else self.mode
        packed = isinstance(input, PackedSequence)
        if packed:  # x is the packed (sum of lengths, features) data; step t has batch_sizes[t] rows
            x, batch_sizes = input.data, input.batch_sizes.tolist()
            batch, batched = batch_sizes[0], True
        elif input.dim() not in (2, 3):
            raise ValueError("%s: Expected input to be 2D or 3D, got %dD %sinstead"
                             % (name, input.dim(), "tensor " if name == "RNN" else ""))
        else:
            batched = input.dim() == 3
            x = input if not batched else (input.transpose(0, 1) if self.batch_first else input)
            x = x if batched else x.unsqueeze(1)  # (T, N, features) from here on
            batch, batch_sizes = x.shape[1], None
        _check_dtype(x, self.weight_ih_l0, RuntimeError if packed else ValueError)  # torch: RuntimeError when packed
        if x.shape[-1] != self.input_size:
            raise RuntimeError("input.size(-1) must be equal to input_size. Expected %d, got %d"
                               % (self.input_size, x.shape[-1]))
        states = self._prepare_states(x, batch, hx, batched)
        if packed and input.sorted_indices is not None:  # h0/c0 come in the original batch order
            states = tuple(index_select(s, 1, input.sorted_indices) for s in states)
        directions = 2 if self.bidirectional else 1
        finals = []
        for layer in range(self.num_layers):
            if layer and self.dropout and self.training:
                x = F.dropout(x, self.dropout, training=True)
            outputs = []
            for direction in range(directions):
                row = layer * directions + direction
                out, final = self._run_direction(x, batch_sizes, tuple(s[row] for s in states), layer, direction)
                outputs.append(out)
                finals.append(final)
            x = outputs[0] if directions == 1 else cat(outputs, -1)
        final_states = tuple(stack([f[i] for f in finals]) for i in range(len(states)))
        if packed:
            if input.unsorted_indices is not None:
                final_states = tuple(index_select(s, 1, input.unsorted_indices) for s in final_states)
            output = PackedSequence(x, input.batch_sizes, input.sorted_indices, input.unsorted_indices)
        else:
            output = x if batched else x.squeeze(1)
            if batched and self.batch_first:
                output = output.transpose(0, 1)
        if not batched:
            final_states = tuple(s.squeeze(1) for s in final_states)
        return output, (final_states if self.mode == "LSTM" else final_states[0])

    def _run_direction(self, x, batch_sizes, state, layer, direction):
        """One layer in one direction: outputs shaped as x ((T, N, out), or packed (rows, out) when batch_sizes
        gives each step's running batch) and the final state tuple, each sequence's taken at its own last step."""
        w_ih, b_ih, w_hh, b_hh, w_hr = self._weights(layer, direction)
        xw = F.linear(x, w_ih, b_ih)  # every time step's input projection with one matmul
        projected = xw.unbind(0) if batch_sizes is None else xw.split(batch_sizes)
        order = range(len(projected) - 1, -1, -1) if direction else range(len(projected))
        outputs, finished, initial = [None] * len(projected), [], state
        state = tuple(s[:projected[order[0]].shape[0]] for s in initial) if projected else state
        for t in order:
            running, active = projected[t].shape[0], state[0].shape[0]
            if running < active:  # forward: sequences ending here keep their last state
                finished.append(tuple(s[running:] for s in state))
                state = tuple(s[:running] for s in state)
            elif running > active:  # reverse: longer sequences start here from their initial state
                state = tuple(cat([s, s0[active:running]]) for s, s0 in zip(state, initial))
            state = self._step(projected[t], state, w_hh, b_hh, w_hr)
            outputs[t] = state[0]
        if finished:
            state = tuple(cat([s] + [f[i] for f in reversed(finished)]) for i, s in enumerate(state))
        return (stack(outputs) if batch_sizes is None else cat(outputs)), state

    def extra_repr(self):
        s = "{}, {}".format(self.input_size, self.hidden_size)
        for label, value, default in (("proj_size", self.proj_size, 0), ("num_layers", self.num_layers, 1),
                                      ("bias", self.bias, True), ("batch_first", self.batch_first, False),
                                      ("dropout", self.dropout, 0), ("bidirectional", self.bidirectional, False)):
            if value != default:
                s += ", {}={}".format(label, value)
        return s


class RNN(RNNBase):
    """Elman RNN: h_t = tanh(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh) (or relu)."""

    def __init__(self, *args, nonlinearity="tanh", **kwargs):
        if "proj_size" in kwargs:
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        if len(args) > 3:
            nonlinearity, args = args[3], args[:3] + args[4:]
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError("Unknown nonlinearity '%s'. Select from 'tanh' or 'relu'." % nonlinearity)
        self.nonlinearity = nonlinearity
        super().__init__("RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU", *args, **kwargs)


class LSTM(RNNBase):
    """Long short-term memory; forward returns (output, (h_n, c_n))."""

    def __init__(self, *args, **kwargs):
        super().__init__("LSTM", *args, **kwargs)


class GRU(RNNBase):
    """Gated recurrent unit."""

    def __init__(self, *args, **kwargs):
        if "proj_size" in kwargs:
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        super().__init__("GRU", *args, **kwargs)


class RNNCellBase(Module):
    """One time step of a recurrence, with weight_ih, weight_hh (and bias_ih, bias_hh)."""

    def __init__(self, input_size, hidden_size, bias, num_chunks, device=None, dtype=None):
        super().__init__()
        self.input_size, self.hidden_size, self.bias = input_size, hidden_size, bias
        factory = {"device": device, "dtype": dtype}
        gates = num_chunks * hidden_size
        self.weight_ih = Parameter(creation.empty((gates, input_size), **factory))
        self.weight_hh = Parameter(creation.empty((gates, hidden_size), **factory))
        self.register_parameter("bias_ih", Parameter(creation.empty(gates, **factory)) if bias else None)
        self.register_parameter("bias_hh", Parameter(creation.empty(gates, **factory)) if bias else None)
        self.reset_parameters()

    reset_parameters = _reset_uniform

    def _run(self, step, input, states):
        """Apply step to input (N, in) or (in,) and the given states (None means zeros); returns the new states."""
        name = type(self).__name__
        if input.dim() not in (1, 2):
            raise ValueError("%s: Expected input to be 1D or 2D, got %dD instead" % (name, input.dim()))
        for s in states:
            if s is not None and s.dim() not in (1, 2):
                raise ValueError("%s: Expected hidden to be 1D or 2D, got %dD instead" % (name, s.dim()))
        batched = input.dim() == 2
        x = input if batched else input.unsqueeze(0)
        states = tuple(creation.zeros((x.shape[0], self.hidden_size), dtype=x.dtype, device=x.device) if s is None
                       else (s if batched else s.unsqueeze(0)) for s in states)
        for i, s in enumerate(states):
            if s.shape[0] != x.shape[0]:
                raise RuntimeError("Input batch size %d doesn't match hidden%d batch size %d"
                                   % (x.shape[0], i, s.shape[0]))
        new = step(F.linear(x, self.weight_ih, self.bias_ih), states, self.weight_hh, self.bias_hh)
        return new if batched else tuple(s.squeeze(0) for s in new)

    def extra_repr(self):
        s = "{}, {}".format(self.input_size, self.hidden_size)
        if self.bias is not True:
            s += ", bias={}".format(self.bias)
        if getattr(self, "nonlinearity", "tanh") != "tanh":
            s += ", nonlinearity={}".format(self.nonlinearity)
        return s


class RNNCell(RNNCellBase):
    """h' = tanh(W_ih x + b_ih + W_hh h + b_hh) (or relu)."""

    def __init__(self, input_size, hidden_size, bias=True, nonlinearity="tanh", device=None, dtype=None):
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError("Unknown nonlinearity: %s" % nonlinearity)
        self.nonlinearity = nonlinearity
        super().__init__(input_size, hidden_size, bias, 1, device, dtype)

    def forward(self, input, hx=None):
        return self._run(_tanh_step if self.nonlinearity == "tanh" else _relu_step, input, (hx,))[0]


class LSTMCell(RNNCellBase):
    """One LSTM step: returns (h', c')."""

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, 4, device, dtype)

    def forward(self, input, hx=None):
        return self._run(_lstm_step, input, (None, None) if hx is None else tuple(hx))


class GRUCell(RNNCellBase):
    """One GRU step."""

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, 3, device, dtype)

    def forward(self, input, hx=None):
        return self._run(_gru_step, input, (hx,))[0]
