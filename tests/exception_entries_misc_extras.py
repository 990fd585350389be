"""Exception battery entries (see test_exceptions.py) for nn/modules/adaptive.py and nn/modules/legacy.py."""

ENTRIES = [
    ("AdaptiveLogSoftmaxWithLoss/empty_cutoffs", "nn.AdaptiveLogSoftmaxWithLoss(4, 6, [])", ["cutoffs"]),
    ("AdaptiveLogSoftmaxWithLoss/unsorted_cutoffs", "nn.AdaptiveLogSoftmaxWithLoss(4, 6, [3, 2])", ["sorted"]),
    ("AdaptiveLogSoftmaxWithLoss/target_out_of_range",
     "nn.AdaptiveLogSoftmaxWithLoss(4, 6, [2])(x, lib.tensor([0, 1, 6]))", ["[0, 5]"]),
    ("AdaptiveLogSoftmaxWithLoss/batch_mismatch", "nn.AdaptiveLogSoftmaxWithLoss(4, 6, [2])(x, i)", ["batch"]),
    ("AdaptiveLogSoftmaxWithLoss/2d_target",
     "nn.AdaptiveLogSoftmaxWithLoss(4, 6, [2])(x, lib.ones(3, 2).long())", ["multi-target"]),
    ("CrossMapLRN2d/3d_input", "nn.CrossMapLRN2d(3)(seq)", ["4D"]),
    ("CrossMapLRN2d/float_input", "nn.CrossMapLRN2d(3)(1.0)", []),
    ("Container/positional", "nn.Container(nn.ReLU())", []),
    ("is_autocast_enabled/bad_device", "lib.is_autocast_enabled(5)", ["device_type", "str", "int"]),
]
