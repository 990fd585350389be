"""Differential fuzzing against torch (minitorch/parity/fuzz.py): a bounded Hypothesis run over random graphs, every
graph that once exposed a minitorch bug kept as a regression example, and checks that the fuzzer notices a planted
bug. The long campaign is ``make fuzz SEED=1 COUNT=10000``."""
import re

import pytest
from hypothesis import HealthCheck, given, settings

from minitorch.parity import fuzz

torch = pytest.importorskip("torch")

# Graphs the fuzzer found, one per bug (each failed before its fix). Read a step as (op, operand refs, params).
REGRESSIONS = {
    'zero_dim_logsumexp':
        {'double': True,
         'seed': 7323,
         'steps': [('input', (), {'dtype': 'float32', 'kind': 'ties', 'requires_grad': False, 'shape': (1,)}),
                   ('input', (), {'dtype': 'float64', 'kind': 'normal', 'requires_grad': True, 'shape': ()}),
                   ('unsqueeze', (0,), {'dim': 1}), ('relu_', (0,), {}),
                   ('logsumexp', (1,), {'dims': (0,), 'keepdim': False})]},
    'zero_dim_movedim':
        {'double': True,
         'seed': 2,
         'steps': [('input', (), {'dtype': 'int64', 'kind': 'int', 'requires_grad': False, 'shape': ()}),
                   ('input', (), {'dtype': 'float64', 'kind': 'ties', 'requires_grad': True, 'shape': ()}),
                   ('movedim', (1,), {'dst': -1, 'src': 0})]},
    'zero_dim_cumsum_keeps_shape':
        {'double': True,
         'seed': 18,
         'steps': [('input', (), {'dtype': 'float32', 'kind': 'wide', 'requires_grad': True, 'shape': (1, 3)}),
                   ('input', (), {'dtype': 'float32', 'kind': 'wide', 'requires_grad': False, 'shape': ()}),
                   ('cumsum', (1,), {'dim': -1})]},
    'zero_dim_flip':
        {'double': False,
         'seed': 106,
         'steps': [('input', (), {'dtype': 'float32', 'kind': 'wide', 'requires_grad': False, 'shape': ()}),
                   ('input', (), {'dtype': 'float32', 'kind': 'wide', 'requires_grad': True, 'shape': (1, 3, 1)}),
                   ('input', (), {'dtype': 'int64', 'kind': 'int', 'requires_grad': False, 'shape': (1, 3, 1)}),
                   ('stack', (1, 2), {'dim': 1}), ('flip', (2,), {'dims': (2,)}), ('flip', (0,), {'dims': (0,)}),
                   ('asin', (2,), {})]},
    'amax_of_empty_dim_is_index_error':
        {'double': True,
         'seed': 1571,
         'steps': [('input', (), {'dtype': 'float32', 'kind': 'wide', 'requires_grad': True, 'shape': (4, 3, 0)}),
                   ('floor', (0,), {}), ('amax', (0,), {'dims': (-2, -1, -3), 'keepdim': False})]},
    'argmin_of_empty_is_index_error':
        {'double': False,
         'seed': 356,
         'steps': [('input', (), {'dtype': 'int64', 'kind': 'int', 'requires_grad': False, 'shape': (4, 0, 4)}),
                   ('argmin', (0,), {'dim': None, 'keepdim': False})]},
    'argmin_rejects_bool':
        {'double': False,
         'seed': 3861,
         'steps': [('input', (), {'dtype': 'int64', 'kind': 'int', 'requires_grad': False, 'shape': (1, 1)}),
                   ('input', (), {'dtype': 'float32', 'kind': 'wide', 'requires_grad': True, 'shape': (4,)}),
                   ('input', (), {'dtype': 'float32', 'kind': 'wide', 'requires_grad': False, 'shape': (4, 3)}),
                   ('matmul', (1, 2), {}), ('neg_', (0,), {}), ('amax', (0,), {'dims': None, 'keepdim': True}),
                   ('lt', (5,), {'scalar': -1, 'side': 1}),
                   ('input', (), {'dtype': 'float32', 'kind': 'normal', 'requires_grad': True, 'shape': (2, 4, 0)}),
                   ('matmul', (1, 7), {}), ('argmin', (6,), {'dim': None, 'keepdim': False})]},
    'softmax_rejects_int':
        {'double': True,
         'seed': 0,
         'steps': [('input', (), {'dtype': 'int64', 'kind': 'int', 'requires_grad': False, 'shape': (2,)}),
                   ('softmax', (0,), {'dim': 0})]},
    'log_softmax_rejects_bool':
        {'double': True,
         'seed': 0,
         'steps': [('input', (), {'dtype': 'int64', 'kind': 'int', 'requires_grad': False, 'shape': (0, 4)}),
                   ('transpose', (0,), {'d0': 0, 'd1': -2}),
                   ('input', (), {'dtype': 'bool', 'kind': 'int', 'requires_grad': False, 'shape': (1, 1)}),
                   ('pow', (1, 2), {}), ('clamp', (3,), {'max': 1, 'min': -1}), ('log_softmax', (2,), {'dim': 0})]},
    'log_softmax_of_empty_int_keeps_dtype':
        {'double': True,
         'seed': 0,
         'steps': [('input', (), {'dtype': 'int64', 'kind': 'int', 'requires_grad': False, 'shape': (0, 0)}),
                   ('transpose', (0,), {'d0': 0, 'd1': -2}),
                   ('input', (), {'dtype': 'bool', 'kind': 'int', 'requires_grad': False, 'shape': (1, 1)}),
                   ('pow', (1, 2), {}), ('clamp', (3,), {'max': 1, 'min': -1}), ('log_softmax', (1,), {'dim': 0})]},
    'softmax_of_empty_bool_keeps_dtype':
        {'double': False,
         'seed': 9850,
         'steps': [('input', (), {'dtype': 'float64', 'kind': 'ties', 'requires_grad': True, 'shape': (3, 3)}),
                   ('input', (), {'dtype': 'float64', 'kind': 'positive', 'requires_grad': True, 'shape': (0,)}),
                   ('eq', (1,), {'scalar': 0, 'side': 0}), ('masked_fill', (1, 2), {'value': -1}),
                   ('softmax', (2,), {'dim': -1})]},
    'fmod_rejects_bool':
        {'double': False,
         'seed': 1944,
         'steps': [('input', (), {'dtype': 'float32', 'kind': 'normal', 'requires_grad': True, 'shape': (2,)}),
                   ('input', (), {'dtype': 'float64', 'kind': 'wide', 'requires_grad': True, 'shape': (1,)}),
                   ('input', (), {'dtype': 'bool', 'kind': 'int', 'requires_grad': False, 'shape': (1,)}),
                   ('getitem', (1, 2), {}),
                   ('input', (), {'dtype': 'bool', 'kind': 'int', 'requires_grad': False, 'shape': (1,)}),
                   ('getitem', (3, 4), {}), ('fmod', (2, 2), {})]},
    'expand_needs_sizes':
        {'double': False,
         'seed': 2308,
         'steps': [('input', (), {'dtype': 'float64', 'kind': 'positive', 'requires_grad': True, 'shape': ()}),
                   ('input', (), {'dtype': 'float32', 'kind': 'unit', 'requires_grad': True, 'shape': (1,)}),
                   ('expand', (0,), {'sizes': ()})]},
    'floor_divide_has_no_derivative':
        {'double': False,
         'seed': 2905,
         'steps': [('input', (), {'dtype': 'float64', 'kind': 'wide', 'requires_grad': False, 'shape': ()}),
                   ('input', (), {'dtype': 'float64', 'kind': 'positive', 'requires_grad': True, 'shape': (1, 2, 3)}),
                   ('floor_divide', (1,), {'scalar': 2, 'side': 1}), ('flip', (0,), {'dims': (0,)}),
                   ('input', (), {'dtype': 'int64', 'kind': ('index', 0, 3), 'requires_grad': False, 'shape': (4,)}),
                   ('index_select', (2, 4), {'dim': 2}), ('pow', (0,), {'scalar': 0.001, 'side': 0}),
                   ('max_dim', (0,), {'dim': -1, 'keepdim': True})]},
    'inplace_on_view_of_leaf':
        {'double': False,
         'seed': 340,
         'steps': [('input', (), {'dtype': 'float64', 'kind': 'positive', 'requires_grad': True, 'shape': ()}),
                   ('input', (), {'dtype': 'float32', 'kind': 'wide', 'requires_grad': True, 'shape': ()}),
                   ('transpose', (0,), {'d0': 0, 'd1': 0}), ('exp_', (2,), {})]},
    'inplace_on_empty_view_of_leaf':
        {'double': False,
         'seed': 1351,
         'steps': [('input', (), {'dtype': 'float32', 'kind': 'normal', 'requires_grad': True, 'shape': ()}),
                   ('input', (), {'dtype': 'float32', 'kind': 'wide', 'requires_grad': True, 'shape': (2, 0)}),
                   ('narrow', (1,), {'dim': -1, 'length': 0, 'start': 0}), ('sigmoid_', (2,), {})]},
    'int_pow_negative_tensor_exponent':
        {'double': False,
         'seed': 7235,
         'steps': [('input', (), {'dtype': 'int64', 'kind': 'int', 'requires_grad': False, 'shape': (3,)}),
                   ('input', (), {'dtype': 'float64', 'kind': 'unit', 'requires_grad': True, 'shape': ()}),
                   ('ge', (1,), {'scalar': 3, 'side': 0}),
                   ('input', (), {'dtype': 'int64', 'kind': 'int', 'requires_grad': False, 'shape': (2, 1)}),
                   ('pow', (0, 3), {})]},
    'chunk_of_empty_dim':
        {'double': False,
         'seed': 2,
         'steps': [('input', (), {'dtype': 'float64', 'kind': 'positive', 'requires_grad': True, 'shape': (3, 1)}),
                   ('input', (), {'dtype': 'float32', 'kind': 'wide', 'requires_grad': True, 'shape': (0, 3)}),
                   ('input', (), {'dtype': 'float64', 'kind': 'ties', 'requires_grad': False, 'shape': (1, 0)}),
                   ('matmul', (0, 2), {}), ('chunk', (1,), {'chunks': 3, 'dim': 0, 'i': 1})]},
    'where_scalar_operand_broadcast_error':
        {'double': True,
         'seed': 334,
         'steps': [('input', (), {'dtype': 'float64', 'kind': 'unit', 'requires_grad': False, 'shape': (4, 4)}),
                   ('eq', (0,), {'scalar': 0, 'side': 0}),
                   ('input', (), {'dtype': 'float64', 'kind': 'positive', 'requires_grad': False, 'shape': (2,)}),
                   ('where', (1, 2), {'b': 2})]},
    'maximum_of_nans_passes_gradient_to_both':
        {'double': False,
         'seed': 1334,
         'steps': [('input', (), {'dtype': 'float32', 'kind': 'normal', 'requires_grad': True, 'shape': ()}),
                   ('input', (), {'dtype': 'float32', 'kind': 'wide', 'requires_grad': False, 'shape': ()}),
                   ('unsqueeze', (0,), {'dim': 0}), ('log', (0,), {}), ('log', (0,), {}), ('maximum', (4, 3), {})]},
    'clamp_blocks_inf_gradient':
        {'double': False,
         'seed': 287,
         'steps': [('input', (), {'dtype': 'float64', 'kind': 'normal', 'requires_grad': True, 'shape': (4, 1)}),
                   ('neg', (0,), {}), ('clamp', (0,), {'max': 1, 'min': None}), ('remainder', (2, 0), {}),
                   ('asin', (2,), {})]},
    'atan2_gradient_at_origin':
        {'double': True,
         'seed': 3321,
         'steps': [('input', (), {'dtype': 'float64', 'kind': 'unit', 'requires_grad': False, 'shape': (2,)}),
                   ('clamp', (0,), {'max': 0, 'min': -1}), ('pow_', (1,), {'value': 2}), ('cumsum', (0,), {'dim': 0}),
                   ('input', (), {'dtype': 'float64', 'kind': 'ties', 'requires_grad': True, 'shape': (1,)}),
                   ('mul_', (0, 4), {}),
                   ('input', (), {'dtype': 'float32', 'kind': 'ties', 'requires_grad': True, 'shape': (1,)}),
                   ('copy_', (3, 6), {}),
                   ('input', (), {'dtype': 'float64', 'kind': 'ties', 'requires_grad': True, 'shape': (1, 2)}),
                   ('atan2', (7, 8), {})]},
    'remainder_second_derivative':
        {'double': True,
         'seed': 167,
         'steps': [('input', (), {'dtype': 'int64', 'kind': 'int', 'requires_grad': False, 'shape': ()}),
                   ('input', (), {'dtype': 'float64', 'kind': 'unit', 'requires_grad': False, 'shape': (4,)}),
                   ('clamp', (1,), {'max': None, 'min': -0.5}), ('log_softmax', (1,), {'dim': -1}),
                   ('amin', (3,), {'dims': (-1,), 'keepdim': True}),
                   ('input', (), {'dtype': 'float32', 'kind': 'normal', 'requires_grad': True, 'shape': ()}),
                   ('mul', (3, 5), {}),
                   ('input', (), {'dtype': 'float32', 'kind': 'ties', 'requires_grad': True, 'shape': (4,)}),
                   ('remainder', (1, 7), {}),
                   ('input', (), {'dtype': 'int64', 'kind': ('index', -4, 4), 'requires_grad': False, 'shape': (0, 2)}),
                   ('getitem', (8, 9), {})]},
    'std_gradient_at_zero_spread':
        {'double': True,
         'seed': 1185,
         'steps': [('input', (), {'dtype': 'float64', 'kind': 'ties', 'requires_grad': True, 'shape': ()}),
                   ('view', (0,), {'shape': (1, -1)}), ('eq', (0,), {'scalar': 0, 'side': 0}), ('where', (2, 2, 0), {}),
                   ('input', (), {'dtype': 'float64', 'kind': 'ties', 'requires_grad': False, 'shape': (1, 3)}),
                   ('matmul', (1, 4), {}), ('std', (3,), {'correction': 0, 'dims': None, 'keepdim': False})]},
    'sign_gradient_is_exact_zero':
        {'double': False,
         'seed': 2,
         'steps': [('input', (), {'dtype': 'float64', 'kind': 'unit', 'requires_grad': True, 'shape': ()}),
                   ('input', (), {'dtype': 'float32', 'kind': 'wide', 'requires_grad': True, 'shape': (0, 3, 4)}),
                   ('sign', (0,), {}),
                   ('input', (), {'dtype': 'float64', 'kind': 'ties', 'requires_grad': False, 'shape': (0, 3, 4)}),
                   ('stack', (1, 3), {'dim': 0}), ('sqrt', (2,), {}), ('pow', (3,), {'scalar': 2.0, 'side': 0})]},
    'trunc_gradient_is_exact_zero':
        {'double': False,
         'seed': 3,
         'steps': [('input', (), {'dtype': 'float64', 'kind': 'wide', 'requires_grad': True, 'shape': (1, 1, 1)}),
                   ('trunc', (0,), {}),
                   ('input', (), {'dtype': 'int64', 'kind': 'int', 'requires_grad': False, 'shape': (1, 1, 1)}),
                   ('fmod', (0, 2), {}), ('log', (1,), {})]},
    'fmin_tie_gives_input_whole_gradient':
        {'double': False,
         'seed': 21170,
         'steps': [('input', (), {'dtype': 'float64', 'kind': 'unit', 'requires_grad': True, 'shape': (3, 2, 1)}),
                   ('input', (), {'dtype': 'float32', 'kind': 'positive', 'requires_grad': True, 'shape': (1,)}),
                   ('input', (), {'dtype': 'float32', 'kind': 'ties', 'requires_grad': True, 'shape': (2,)}),
                   ('cat', (1, 2), {'dim': 0}), ('expand', (3,), {'sizes': (2, -1)}),
                   ('input', (), {'dtype': 'int64', 'kind': ('index', 0, 3), 'requires_grad': False, 'shape': (0,)}),
                   ('index_select', (3, 5), {'dim': 0}),
                   ('input', (), {'dtype': 'int64', 'kind': 'int', 'requires_grad': False, 'shape': (1, 3)}),
                   ('fmin', (4, 7), {}),
                   ('input', (), {'dtype': 'float32', 'kind': 'unit', 'requires_grad': True, 'shape': (2,)}),
                   ('cat', (3, 9), {'dim': -1}), ('squeeze', (1,), {'dim': None})]},
    'xlogy_gradient_at_zero':
        {'double': True,
         'seed': 1000,
         'steps': [('input', (), {'dtype': 'float32', 'kind': 'ties', 'requires_grad': True, 'shape': (3,)}),
                   ('input', (), {'dtype': 'float64', 'kind': 'positive', 'requires_grad': True, 'shape': (2, 2, 0)}),
                   ('le', (1,), {'scalar': 3, 'side': 0}),
                   ('input', (), {'dtype': 'float64', 'kind': 'normal', 'requires_grad': False, 'shape': (3,)}),
                   ('xlogy', (0, 3), {}), ('expand', (3,), {'sizes': (1, 3)})]},
    'sign_of_nan_is_zero':
        {'double': False,
         'seed': 314,
         'steps': [('input', (), {'dtype': 'float64', 'kind': 'unit', 'requires_grad': False, 'shape': (4, 4, 1)}),
                   ('input', (), {'dtype': 'bool', 'kind': 'int', 'requires_grad': False, 'shape': (4, 4, 1)}),
                   ('getitem', (0, 1), {}), ('clamp', (2,), {'max': 0.5, 'min': None}),
                   ('input', (), {'dtype': 'bool', 'kind': 'int', 'requires_grad': False, 'shape': (7,)}),
                   ('remainder', (3, 4), {}), ('sgn', (5,), {}), ('sign', (4,), {})]},
    'stale_view_after_inplace_on_another_view':
        {'double': False,
         'seed': 132,
         'steps': [('input', (), {'dtype': 'float32', 'kind': 'ties', 'requires_grad': False, 'shape': (1, 3)}),
                   ('reshape', (0,), {'shape': (3,)}), ('slice', (0,), {'dim': 0, 'slice': (None, 2, None)}),
                   ('transpose', (0,), {'d0': 0, 'd1': 0}),
                   ('input', (), {'dtype': 'float64', 'kind': 'ties', 'requires_grad': True, 'shape': (1, 3)}),
                   ('add_', (2, 4), {}), ('reshape', (2,), {'shape': (1, -1)}),
                   ('logsumexp', (5,), {'dims': (-2,), 'keepdim': True})]},
    'stale_view_after_inplace_on_base':
        {'double': False,
         'seed': 7919,
         'steps': [('input', (), {'dtype': 'float64', 'kind': 'unit', 'requires_grad': False, 'shape': (4, 4)}),
                   ('input', (), {'dtype': 'float64', 'kind': 'normal', 'requires_grad': True, 'shape': ()}),
                   ('input', (), {'dtype': 'int64', 'kind': ('index', -4, 4), 'requires_grad': False, 'shape': ()}),
                   ('getitem', (0, 2), {}), ('expm1', (3,), {}),
                   ('input', (), {'dtype': 'float64', 'kind': 'ties', 'requires_grad': True, 'shape': (2, 4, 2)}),
                   ('matmul', (3, 5), {}),
                   ('input', (), {'dtype': 'float32', 'kind': 'normal', 'requires_grad': True, 'shape': (4, 4)}),
                   ('add_', (0, 7), {}), ('abs', (4,), {}),
                   ('input', (), {'dtype': 'int64', 'kind': ('index', 0, 4), 'requires_grad': False, 'shape': (0,)}),
                   ('index_select', (3, 10), {'dim': 0})]},
    'masked_fill_keeps_dtype':
        {'double': False,
         'seed': 9850,
         'steps': [('input', (), {'dtype': 'float64', 'kind': 'ties', 'requires_grad': True, 'shape': (3, 3)}),
                   ('input', (), {'dtype': 'float64', 'kind': 'positive', 'requires_grad': True, 'shape': (0,)}),
                   ('eq', (1,), {'scalar': 0, 'side': 0}), ('masked_fill', (1, 2), {'value': -1}),
                   ('softmax', (2,), {'dim': -1})]},
    'xlogy_computes_in_promoted_dtype':
        {'double': True,
         'seed': 1,
         'steps': [('input', (), {'dtype': 'float64', 'kind': 'unit', 'requires_grad': True, 'shape': ()}),
                   ('input', (), {'dtype': 'float32', 'kind': 'wide', 'requires_grad': True, 'shape': (0, 3, 4)}),
                   ('sign', (0,), {}),
                   ('input', (), {'dtype': 'float64', 'kind': 'ties', 'requires_grad': False, 'shape': (0, 3, 4)}),
                   ('stack', (1, 3), {'dim': 0}),
                   ('input', (), {'dtype': 'float32', 'kind': 'normal', 'requires_grad': True, 'shape': ()}),
                   ('xlogy', (0, 5), {}), ('fmod', (2, 1), {})]},
    'neg_saves_nothing':
        {'double': True,
         'seed': 2000,
         'steps': [('input', (), {'dtype': 'float64', 'kind': 'unit', 'requires_grad': True, 'shape': (3,)}),
                   ('input', (), {'dtype': 'float64', 'kind': 'unit', 'requires_grad': True, 'shape': (1, 1)}),
                   ('log', (1,), {}), ('neg', (1,), {}), ('neg', (3,), {}), ('sub_', (3,), {'value': -1.5}),
                   ('mul', (0, 0), {}),
                   ('input', (), {'dtype': 'float64', 'kind': 'wide', 'requires_grad': True, 'shape': (2, 1, 1)}),
                   ('fmod', (4, 7), {})]},
    'index_select_is_contiguous':
        {'double': True,
         'seed': 6700,
         'steps': [('input', (), {'dtype': 'float32', 'kind': 'positive', 'requires_grad': False, 'shape': (3,)}),
                   ('input', (), {'dtype': 'float64', 'kind': 'positive', 'requires_grad': True, 'shape': (0,)}),
                   ('input', (), {'dtype': 'float32', 'kind': 'unit', 'requires_grad': True, 'shape': (2, 3, 3)}),
                   ('matmul', (0, 2), {}),
                   ('input', (), {'dtype': 'int64', 'kind': 'int', 'requires_grad': False, 'shape': (2, 3)}),
                   ('stack', (3, 4), {'dim': 2}), ('clamp', (4,), {'max': 0.5, 'min': -0.5}),
                   ('input', (), {'dtype': 'int64', 'kind': ('index', 0, 3), 'requires_grad': False, 'shape': (4,)}),
                   ('index_select', (2, 7), {'dim': -2}), ('pow_', (5,), {'value': 2}),
                   ('view', (8,), {'shape': (-1, 1)})]},
    'xlogy_gradient_for_other':
        {'double': True,
         'seed': 0,
         'steps': [('input', (), {'dtype': 'float32', 'kind': 'ties', 'requires_grad': True, 'shape': (4, 1)}),
                   ('input', (), {'dtype': 'float32', 'kind': 'ties', 'requires_grad': True, 'shape': (1, 1)}),
                   ('matmul', (0, 1), {}), ('xlogy', (0, 1), {}), ('log', (0,), {}), ('abs', (1,), {}),
                   ('input', (), {'dtype': 'float64', 'kind': 'ties', 'requires_grad': False, 'shape': (4, 1)}),
                   ('stack', (2, 6), {'dim': 0})]},
    'relu_passes_gradient_of_nan':
        {'double': False,
         'seed': 42309,
         'steps': [('input', (), {'dtype': 'float64', 'kind': 'normal', 'requires_grad': True, 'shape': (2,)}),
                   ('input', (), {'dtype': 'float64', 'kind': 'wide', 'requires_grad': True, 'shape': (2,)}),
                   ('gt', (1, 0), {}), ('xlogy', (0, 0), {}), ('exp', (0,), {}), ('relu', (3,), {})]},
    'int_division_by_zero_of_nothing':
        {'double': False,
         'seed': 69,
         'steps': [('input', (), {'dtype': 'float32', 'kind': 'normal', 'requires_grad': True, 'shape': (1, 2, 1)}),
                   ('input', (), {'dtype': 'float64', 'kind': 'positive', 'requires_grad': True, 'shape': (0, 0, 3)}),
                   ('input', (), {'dtype': 'int64', 'kind': ('index', -1, 1), 'requires_grad': False, 'shape': (2, 3)}),
                   ('getitem', (0, 2), {}), ('gt', (1,), {'scalar': 0, 'side': 0}),
                   ('input', (), {'dtype': 'bool', 'kind': 'int', 'requires_grad': False, 'shape': (0, 3)}),
                   ('where', (4, 1, 5), {}),
                   ('input', (), {'dtype': 'int64', 'kind': 'int', 'requires_grad': False, 'shape': (1, 1, 3)}),
                   ('fmod', (4, 7), {}), ('clamp', (0,), {'max': 0, 'min': 0})]},
    'atan2_int_and_0d_double_promotes_to_double':
        {'double': False,
         'seed': 1046,
         'steps': [('input', (), {'dtype': 'float64', 'kind': 'positive', 'requires_grad': True, 'shape': ()}),
                   ('input', (), {'dtype': 'float32', 'kind': 'wide', 'requires_grad': True, 'shape': (2, 3, 0)}),
                   ('input', (), {'dtype': 'int64', 'kind': ('index', 0, 2), 'requires_grad': False, 'shape': (2,)}),
                   ('index_select', (1, 2), {'dim': -3}), ('all', (3,), {'dims': (-1, 1, -3), 'keepdim': True}),
                   ('input', (), {'dtype': 'float64', 'kind': 'wide', 'requires_grad': True, 'shape': ()}),
                   ('atan2', (2, 5), {})]},
    'xlogy_zero_gradient_times_nan_log':
        {'double': False,
         'seed': 1461,
         'steps': [('input', (), {'dtype': 'float64', 'kind': 'ties', 'requires_grad': True, 'shape': ()}),
                   ('input', (), {'dtype': 'float32', 'kind': 'ties', 'requires_grad': True, 'shape': ()}),
                   ('xlogy', (0, 1), {}),
                   ('input', (), {'dtype': 'float32', 'kind': 'ties', 'requires_grad': True, 'shape': ()}),
                   ('atan2', (0, 3), {}), ('expand', (3,), {'sizes': (1,)}),
                   ('slice', (5,), {'dim': 0, 'slice': (0, None, None)}), ('sigmoid', (3,), {}),
                   ('clamp', (2,), {'max': None, 'min': -0.5})]},
    'second_derivative_past_infinite_first_derivative':
        {'double': True,
         'seed': 59394,
         'steps': [('input', (), {'dtype': 'float64', 'kind': 'ties', 'requires_grad': True, 'shape': (2, 2)}),
                   ('input', (), {'dtype': 'float64', 'kind': 'wide', 'requires_grad': False, 'shape': (0,)}),
                   ('input', (), {'dtype': 'float64', 'kind': 'normal', 'requires_grad': True, 'shape': (2,)}),
                   ('cat', (1, 2), {'dim': 0}), ('div_', (3,), {'value': 0}),
                   ('slice', (2,), {'dim': 0, 'slice': (None, 2, None)}), ('relu_', (3,), {}), ('relu_', (1,), {})]},
    'torch_backward_fails_on_bool_operand':
        {'double': False,
         'seed': 65535,
         'steps': [('input', (), {'dtype': 'float64', 'kind': 'unit', 'requires_grad': True, 'shape': (4,)}),
                   ('input', (), {'dtype': 'float64', 'kind': 'normal', 'requires_grad': True, 'shape': ()}),
                   ('input', (), {'dtype': 'float64', 'kind': 'positive', 'requires_grad': True, 'shape': (2, 4, 2)}),
                   ('matmul', (0, 2), {}), ('gt', (0,), {'scalar': 0.5, 'side': 0}),
                   ('input', (), {'dtype': 'float64', 'kind': 'positive', 'requires_grad': True, 'shape': (4,)}),
                   ('atan2', (4, 5), {}), ('sin', (0,), {}),
                   ('input', (), {'dtype': 'float64', 'kind': 'ties', 'requires_grad': True, 'shape': (2, 2)}),
                   ('stack', (3, 8), {'dim': 0})]},
    'torch_zero_tensor_gradient':
        {'double': True,
         'seed': 804,
         'steps': [('input', (), {'dtype': 'int64', 'kind': 'int', 'requires_grad': False, 'shape': ()}),
                   ('input', (), {'dtype': 'float32', 'kind': 'unit', 'requires_grad': True, 'shape': (3,)}),
                   ('input', (), {'dtype': 'float64', 'kind': 'positive', 'requires_grad': True, 'shape': (3,)}),
                   ('stack', (1, 2), {'dim': 1}), ('minimum', (2, 2), {}), ('abs', (3,), {}), ('minimum', (2, 0), {}),
                   ('log', (1,), {}), ('exp', (0,), {})]},
    'broadcast_matmul_saves_a_copy_of_the_broadcast_operand':
        {'double': True,
         'seed': 163,
         'steps': [('input', (), {'dtype': 'float32', 'kind': 'ties', 'requires_grad': True, 'shape': (4, 1, 1)}),
                   ('input', (), {'dtype': 'float32', 'kind': 'unit', 'requires_grad': True, 'shape': (3,)}),
                   ('lt', (0,), {'scalar': 0, 'side': 0}), ('masked_fill', (0, 2), {'value': 1}),
                   ('input', (), {'dtype': 'float32', 'kind': 'ties', 'requires_grad': True, 'shape': (2, 4, 1, 0)}),
                   ('matmul', (3, 4), {}), ('zero_', (3,), {}), ('clamp', (1,), {'max': 0, 'min': -0.5})]},
    'cumprod_over_size_1_dim_is_exact':
        {'double': True,
         'seed': 7588,
         'steps': [('input', (), {'dtype': 'float32', 'kind': 'wide', 'requires_grad': True, 'shape': (3, 1, 1)}),
                   ('input', (), {'dtype': 'float64', 'kind': 'wide', 'requires_grad': True, 'shape': (3, 0)}),
                   ('cumprod', (1,), {'dim': -2}), ('cumprod', (0,), {'dim': 2})]},
    'index_tensor_modified_in_place_after_indexing':
        {'double': False,
         'seed': 2367,
         'steps': [('input', (), {'dtype': 'float64', 'kind': 'unit', 'requires_grad': True, 'shape': (4,)}),
                   ('input', (), {'dtype': 'float64', 'kind': 'normal', 'requires_grad': True, 'shape': (3, 4, 4)}),
                   ('input', (), {'dtype': 'int64', 'kind': ('index', -3, 3), 'requires_grad': False, 'shape': (3, 2)}),
                   ('getitem', (1, 2), {}), ('setitem', (3,), {'dim': -1, 'slice': (None, None, None), 'value': 1}),
                   ('rsqrt', (3,), {}),
                   ('input', (), {'dtype': 'int64', 'kind': 'int', 'requires_grad': False, 'shape': (3, 2)}),
                   ('sub_', (2, 6), {})]},
    'same_error_at_another_stage':
        {'double': False,
         'seed': 520,
         'steps': [('input', (), {'dtype': 'float64', 'kind': 'positive', 'requires_grad': True, 'shape': (2, 4)}),
                   ('input', (), {'dtype': 'int64', 'kind': ('index', 0, 2), 'requires_grad': False, 'shape': (1,)}),
                   ('index_select', (0, 1), {'dim': 0}), ('expand', (2,), {'sizes': (1, 2, -1)}),
                   ('transpose', (2,), {'d0': -1, 'd1': 1}), ('fill_', (3,), {'value': 0.0}),
                   ('input', (), {'dtype': 'int64', 'kind': ('index', -1, 1), 'requires_grad': False, 'shape': (4,)}),
                   ('getitem', (2, 6), {})]},
    'inplace_on_output_of_chunk':
        {'double': True,
         'seed': 2498,
         'steps': [('input', (), {'dtype': 'float64', 'kind': 'wide', 'requires_grad': True, 'shape': (1,)}),
                   ('relu', (0,), {}),
                   ('input', (), {'dtype': 'bool', 'kind': 'int', 'requires_grad': False, 'shape': (1,)}),
                   ('getitem', (1, 2), {}), ('chunk', (1,), {'chunks': 3, 'dim': -1, 'i': 0}), ('relu_', (4,), {})]},
    'int_sin_is_float32_precision':
        {'double': True,
         'seed': 80,
         'steps': [('input', (), {'dtype': 'float64', 'kind': 'unit', 'requires_grad': False, 'shape': (2, 2)}),
                   ('input', (), {'dtype': 'bool', 'kind': 'int', 'requires_grad': False, 'shape': (2, 2)}),
                   ('getitem', (0, 1), {}), ('clamp', (1,), {'max': 1, 'min': None}),
                   ('input', (), {'dtype': 'float64', 'kind': 'unit', 'requires_grad': True, 'shape': (2, 1)}),
                   ('add', (3, 4), {}), ('add', (3,), {'scalar': 0.5, 'side': 0}), ('sin', (3,), {}),
                   ('input', (), {'dtype': 'float64', 'kind': 'unit', 'requires_grad': False, 'shape': (1, 2)}),
                   ('cat', (7, 8), {'dim': -2})]},
    'torch_bool_view_requires_grad_quirk':
        {'double': True,
         'seed': 65536,
         'steps': [('input', (), {'dtype': 'float64', 'kind': 'positive', 'requires_grad': True, 'shape': (3, 1)}),
                   ('eq', (0,), {'scalar': 0, 'side': 0}),
                   ('input', (), {'dtype': 'float64', 'kind': 'normal', 'requires_grad': True, 'shape': (3, 1)}),
                   ('where', (1, 0, 2), {}),
                   ('input', (), {'dtype': 'float32', 'kind': 'wide', 'requires_grad': True, 'shape': (1, 1)}),
                   ('copy_', (3, 4), {}), ('squeeze', (1,), {'dim': None}),
                   ('input', (), {'dtype': 'float64', 'kind': 'unit', 'requires_grad': True, 'shape': ()}),
                   ('setitem', (6, 7), {'dim': -1, 'slice': (None, -1, None)}), ('ge', (6, 0), {})]},
    'inf_norm_of_nan_passes_no_gradient':
        {'double': False,
         'seed': 960,
         'steps': [('input', (), {'dtype': 'float64', 'kind': 'normal', 'requires_grad': True, 'shape': (2, 4)}),
                   ('xlogy', (0, 0), {}),
                   ('input', (), {'dtype': 'bool', 'kind': 'int', 'requires_grad': False, 'shape': (2, 4)}),
                   ('add', (0, 2), {}),
                   ('input', (), {'dtype': 'float64', 'kind': 'wide', 'requires_grad': True, 'shape': (2, 4, 3)}),
                   ('matmul', (0, 4), {}), ('norm', (1,), {'dims': (1,), 'keepdim': False, 'p': 'inf'}),
                   ('exp', (0,), {})]},
    'setitem_overwritten_part_gets_exact_zero':
        {'double': False,
         'seed': 361,
         'steps': [('input', (), {'dtype': 'float64', 'kind': 'positive', 'requires_grad': True, 'shape': (1, 3, 4)}),
                   ('log1p', (0,), {}), ('setitem', (1,), {'dim': 2, 'slice': (None, -1, None), 'value': 2}),
                   ('acos', (1,), {})]},
    'inplace_on_empty_broadcast_view':
        {'double': False,
         'seed': 2543,
         'steps': [('input', (), {'dtype': 'int64', 'kind': 'int', 'requires_grad': False, 'shape': (4, 4, 0)}),
                   ('expand', (0,), {'sizes': (1, 4, 4, 0)}),
                   ('input', (), {'dtype': 'float64', 'kind': 'ties', 'requires_grad': True, 'shape': (4, 1, 0)}),
                   ('sub', (0, 2), {}), ('mul_', (1,), {'value': 3}),
                   ('input', (), {'dtype': 'float64', 'kind': 'ties', 'requires_grad': True, 'shape': (0,)}),
                   ('matmul', (2, 5), {})]},
    'index_written_in_place_after_index_select_raises_at_backward':
        {'double': False,
         'seed': 256,
         'steps': [('input', (), {'dtype': 'float64', 'kind': 'unit', 'requires_grad': True, 'shape': (2, 4)}),
                   ('input', (), {'dtype': 'float64', 'kind': 'normal', 'requires_grad': True, 'shape': (1,)}),
                   ('slice', (0,), {'dim': 0, 'slice': (0, None, 1)}),
                   ('input', (), {'dtype': 'int64', 'kind': ('index', 0, 2), 'requires_grad': False, 'shape': (4,)}),
                   ('index_select', (0, 3), {'dim': 0}),
                   ('input', (), {'dtype': 'int64', 'kind': ('index', 0, 1), 'requires_grad': False, 'shape': (1,)}),
                   ('gather', (1, 5), {'dim': 0}), ('mul_', (3,), {'value': 3})]},
    'cumprod_gradient_after_a_zero_is_exactly_zero_beside_an_inf':
        {'double': False,
         'seed': 32861,
         'steps': [('input', (), {'dtype': 'float64', 'kind': 'positive', 'requires_grad': True, 'shape': (3,)}),
                   ('input', (), {'dtype': 'int64', 'kind': 'int', 'requires_grad': False, 'shape': (3,)}),
                   ('xlogy', (0, 1), {}), ('squeeze', (2,), {'dim': None}),
                   ('le', (0,), {'scalar': 0, 'side': 0}), ('masked_fill', (3, 4), {'value': 2.0}),
                   ('clamp', (3,), {'min': -1, 'max': None}), ('cumprod', (2,), {'dim': -1})]},
    'chunk_of_an_empty_dim_is_split_with_sizes':
        {'double': False,
         'seed': 10481,
         'steps': [('input', (), {'dtype': 'float64', 'kind': 'unit', 'requires_grad': True, 'shape': (0, 0)}),
                   ('input', (), {'dtype': 'float64', 'kind': 'wide', 'requires_grad': True, 'shape': (2, 0, 1)}),
                   ('matmul', (0, 1), {}), ('acosh', (0,), {}),
                   ('chunk', (2,), {'chunks': 1, 'dim': -2, 'i': 0}), ('exp_', (2,), {})]},
    'chunk_view_of_a_base_written_in_place_raises_at_backward':
        {'double': True,
         'seed': 29506,
         'steps': [('input', (), {'dtype': 'float64', 'kind': 'wide', 'requires_grad': False, 'shape': (4,)}),
                   ('input', (), {'dtype': 'float32', 'kind': 'positive', 'requires_grad': True, 'shape': (4, 2, 0)}),
                   ('input', (), {'dtype': 'float64', 'kind': 'wide', 'requires_grad': True, 'shape': (0,)}),
                   ('cat', (0, 2), {'dim': 0}), ('square', (1,), {}),
                   ('chunk', (3,), {'chunks': 1, 'dim': -1, 'i': 0}), ('sigmoid_', (3,), {}),
                   ('input', (), {'dtype': 'float32', 'kind': 'positive', 'requires_grad': True, 'shape': (4, 1, 0)}),
                   ('copy_', (4, 7), {}),
                   ('input', (), {'dtype': 'int64', 'kind': 'int', 'requires_grad': False, 'shape': (4,)}),
                   ('remainder', (0, 9), {})]},
    'matmul_saving_a_stale_chunk_view_raises_at_backward':
        {'double': True,
         'seed': 24059,
         'steps': [('input', (), {'shape': (3, 4, 2), 'dtype': 'float64', 'kind': 'positive', 'requires_grad': True}),
                   ('input', (), {'shape': (), 'dtype': 'float64', 'kind': 'positive', 'requires_grad': True}),
                   ('input', (), {'shape': (1, 1, 2), 'dtype': 'int64', 'kind': 'int', 'requires_grad': False}),
                   ('ge', (0, 2), {}), ('clamp', (0,), {'min': -0.5, 'max': 0}),
                   ('chunk', (4,), {'chunks': 3, 'dim': -1, 'i': 0}), ('minimum', (0, 0), {}),
                   ('input', (), {'shape': (3, 1, 2), 'dtype': 'float64', 'kind': 'positive', 'requires_grad': True}),
                   ('matmul', (5, 7), {}), ('tanh_', (4,), {})]},
    'fmod_dividend_written_in_place_after_the_op':
        {'double': True,
         'seed': 12,
         'steps': [('input', (), {'shape': (2, 3), 'dtype': 'float64', 'kind': 'ties', 'requires_grad': True}),
                   ('input', (), {'shape': (), 'dtype': 'bool', 'kind': 'int', 'requires_grad': False}),
                   ('remainder', (0, 1), {}), ('movedim', (2,), {'src': -2, 'dst': -1}),
                   ('input', (), {'shape': (2, 1), 'dtype': 'bool', 'kind': 'int', 'requires_grad': False}),
                   ('fmod', (2, 4), {}), ('relu_', (3,), {}),
                   ('input', (), {'shape': (3, 3), 'dtype': 'float64', 'kind': 'ties', 'requires_grad': True}),
                   ('matmul', (2, 7), {})]},
    'matmul_of_an_expanded_operand_written_in_place_after':
        {'double': False,
         'seed': 116,
         'steps': [('input', (), {'shape': (0,), 'dtype': 'float32', 'kind': 'ties', 'requires_grad': False}),
                   ('input', (), {'shape': (3, 4, 1), 'dtype': 'float32', 'kind': 'ties', 'requires_grad': False}),
                   ('movedim', (1,), {'src': 2, 'dst': 1}), ('expand', (2,), {'sizes': (3, 2, -1)}),
                   ('input', (), {'shape': (4,), 'dtype': 'float32', 'kind': 'positive', 'requires_grad': True}),
                   ('matmul', (3, 4), {}), ('fill_', (1,), {'value': 1})]},
}


@pytest.mark.parametrize("name", list(REGRESSIONS))
def test_regression_graph_matches_torch(name):
    problem = fuzz.check(REGRESSIONS[name])
    assert not fuzz.is_mismatch(problem), problem


@settings(max_examples=100, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(fuzz.graphs())
def test_random_graphs_match_torch(graph):
    problem = fuzz.check(graph)
    assert not fuzz.is_mismatch(problem), "%s\ngraph = %r" % (problem, graph)


EXP = {"seed": 0, "double": True, "steps": [
    ("input", (), {"shape": (2, 3), "dtype": "float64", "kind": "normal", "requires_grad": True}),
    ("exp", (0,), {})]}


def test_fuzzer_catches_a_wrong_gradient(monkeypatch):
    from minitorch.ops import elementwise
    assert fuzz.check(EXP) is None
    monkeypatch.setattr(elementwise.Exp, "grad", staticmethod(lambda g, y: g * y * (1 + 1e-6)))
    assert fuzz.is_mismatch(fuzz.check(EXP)) and "grad 0: values differ" in fuzz.check(EXP)


def test_fuzzer_catches_a_wrong_second_derivative(monkeypatch):
    from minitorch.ops import elementwise
    monkeypatch.setattr(elementwise.Exp, "grad", staticmethod(lambda g, y: g * y.detach()))
    assert "second derivative 0" in fuzz.check(EXP)


def test_fuzzer_catches_a_wrong_exception_class(monkeypatch):
    graph = REGRESSIONS["amax_of_empty_dim_is_index_error"]
    from minitorch.ops import reduce

    def wrong(name, input, dims):
        raise RuntimeError("wrong class")
    monkeypatch.setattr(reduce, "_nonempty_dims", wrong)
    assert "torch raised IndexError" in fuzz.check(graph)


def test_fuzzer_catches_a_wrong_dtype_and_requires_grad(monkeypatch):
    import minitorch
    graph = {"seed": 0, "double": False, "steps": [
        ("input", (), {"shape": (3,), "dtype": "int64", "kind": "int", "requires_grad": False}),
        ("input", (), {"shape": (3,), "dtype": "float32", "kind": "normal", "requires_grad": True}),
        ("mul", (0, 1), {}), ("gt", (2,), {"scalar": 0, "side": 0})]}
    assert fuzz.check(graph) is None
    real = minitorch.Tensor.__mul__
    monkeypatch.setattr(minitorch.Tensor, "__mul__", lambda a, b: real(a.double(), b))
    assert "dtype torch float32, minitorch float64" in fuzz.check(graph)
    monkeypatch.setattr(minitorch.Tensor, "__mul__", lambda a, b: real(a, b.detach()))
    assert "requires_grad torch True, minitorch False" in fuzz.check(graph)


def test_campaign_prints_the_summary_line(capsys):
    found = fuzz.campaign(seed=3, count=10)
    out = capsys.readouterr().out
    assert re.search(r"^fuzz: 10 graphs, 0 mismatches$", out, re.M) and found == []


def test_a_torch_internal_assert_is_tolerated_not_counted():
    """torch's own internal asserts (bugs it asks to be reported) are not differences to copy."""
    expected = {"error": ("backward", RuntimeError("isDifferentiableType(grad.scalar_type()) INTERNAL ASSERT FAILED "
                                                   "at engine.cpp:998, please report a bug to PyTorch."))}
    assert fuzz.compare(expected, {"error": None}).startswith(fuzz.TOLERATED)
    plain = {"error": ("backward", RuntimeError("some other failure"))}
    assert not fuzz.compare(plain, {"error": None}).startswith(fuzz.TOLERATED)


SELF_DIVISION_32 = {'seed': 25228, 'double': True, 'steps': [
    ('input', (), {'shape': (), 'dtype': 'float32', 'kind': 'wide', 'requires_grad': True}), ('div', (0, 0), {}),
    ('input', (), {'shape': (), 'dtype': 'float32', 'kind': 'wide', 'requires_grad': True}), ('add', (0, 2), {}),
    ('exp', (3,), {})]}


def test_float32_cancellation_noise_is_tolerated_but_a_wrong_float32_gradient_is_not(monkeypatch):
    """x / x in float32 with a tiny x: torch's gradient is rounding noise around the exact 0, and minitorch is no
    farther from torch's float64 answer: tolerated. A gradient off by 1e-3 is still caught in float32."""
    from minitorch.ops import elementwise
    assert fuzz.check(SELF_DIVISION_32).startswith(fuzz.TOLERATED + "float32 rounding")
    exp32 = {'seed': 3, 'double': False, 'steps': [
        ('input', (), {'shape': (3,), 'dtype': 'float32', 'kind': 'normal', 'requires_grad': True}), ('exp', (0,), {})]}
    assert fuzz.check(exp32) is None
    monkeypatch.setattr(elementwise.Exp, "grad", staticmethod(lambda g, y: g * y * (1 + 1e-3)))
    assert fuzz.is_mismatch(fuzz.check(exp32))
